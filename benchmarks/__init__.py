"""Benchmark harness for swiftfiles against python-swiftclient's CLI, rclone and curl (see README.md)."""
