"""``swift://`` URLs for fsspec, and through it for pandas, pyarrow, Dask, xarray, DuckDB...

Install ``swiftfiles[fsspec]``; fsspec finds the filesystem through the ``fsspec.specs`` entry point, so nothing
needs importing first::

    import pandas as pd

    df = pd.read_csv("swift://data/2024/sales.csv", storage_options={"auth_url": ..., "username": ..., ...})

    import fsspec

    fs = fsspec.filesystem("swift")                  # settings from the environment (OS_*, ST_*)
    with fs.open("swift://data/big.bin", "wb") as f:  # streamed; large files become verified SLOs
        f.write(b"...")

See ``docs/fsspec.md``.
"""

from .core import SwiftFileSystem
from .files import SwiftFile

__all__ = ["SwiftFile", "SwiftFileSystem"]
