"""The parts of ``StorageClient``, one concern each (account, containers, objects, TempURLs)."""
