"""``python -m swiftfiles``: the same command line as the ``swiftfiles`` console script."""

from swiftfiles.cli.main import main

if __name__ == "__main__":
    main(prog_name="swiftfiles")
