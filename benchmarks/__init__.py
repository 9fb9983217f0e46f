"""Benchmark harness for cloudfiles against python-swiftclient's CLI, rclone and curl (see README.md)."""
