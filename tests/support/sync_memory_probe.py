"""Run in a subprocess by tests/integration/test_sync_scale.py: build a tree of N empty files (100 a folder), then
measure with tracemalloc the peak memory a dry-run sync of it against a container takes. Prints one JSON object.

Usage: python sync_memory_probe.py AUTH_URL USER PASSWORD CONTAINER FOLDER N
"""

from __future__ import annotations

import json
import os
import sys
import tracemalloc

from swiftfiles import StorageClient


def main() -> None:
    auth_url, user, password, container, folder, count = sys.argv[1:7]
    files = int(count)
    for index in range(files):
        directory = os.path.join(folder, f"d{index // 100:05d}")
        if index % 100 == 0:
            os.makedirs(directory)
        open(os.path.join(directory, f"f{index:07d}.txt"), "wb").close()
    with StorageClient(auth_url=auth_url, username=user, password=password) as client:
        client.list_containers()  # authenticate and warm the connection outside the measurement
        tracemalloc.start()
        result = client.sync_folder_to_container(folder, container, dry_run=True, hash_cache=False, keep_actions=100)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(json.dumps({"peak": peak, "would_transfer": result.planned["upload"], "kept": len(result.actions)}))


if __name__ == "__main__":
    main()
