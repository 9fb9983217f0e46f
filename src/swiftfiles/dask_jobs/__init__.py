"""Jobs over whole containers, as Dask tasks: copy to another container, copy to local disk, verify MD5s.

For containers too big for one process: the listing is cut into ranges of names (``plan``), each range is one
Dask task, and the tasks' results are merged into one ``JobResult`` (counts, bytes, errors). The same call runs on
a ``distributed.LocalCluster``, on any Dask cluster a ``distributed.Client`` points at, or in this process with
``scheduler="sync"``; the result is the same. Needs ``swiftfiles[dask]``. See ``docs/fsspec.md``::

    from distributed import Client
    from swiftfiles.dask_jobs import run_job

    with Client("tcp://scheduler:8786") as client:
        result = run_job("verify-md5", "photos", storage_options={...}, client=client)
    print(result.summary())
"""

from .job import run_job, run_range
from .operations import COPY_TO_CONTAINER, COPY_TO_LOCAL, OPERATIONS, VERIFY_MD5, Operation
from .plan import NameRange, cut, plan_ranges
from .result import JobResult

__all__ = [
    "COPY_TO_CONTAINER",
    "COPY_TO_LOCAL",
    "OPERATIONS",
    "VERIFY_MD5",
    "JobResult",
    "NameRange",
    "Operation",
    "cut",
    "plan_ranges",
    "run_job",
    "run_range",
]
