"""Folder sync: walk a local tree and a remote listing as two sorted streams, march them, carry out each action.

``local`` walks a folder in listing order, one folder at a time (filtered); ``remote`` turns listing rows into
entries; ``filters`` and ``rules`` say which names are left out and why (hidden, ``ignore``, include/exclude);
``plan`` marches both streams and decides per name (pure, testable without a server); ``checkers`` runs the
comparisons that need I/O on the engine's workers, keeping name order; ``hashcache`` remembers local MD5s by path,
size and mtime; ``executor`` carries the stream out through the transfer engine and counts it in a bounded
``SyncResult``; ``runner`` ties a whole sync together; ``folder_upload`` is ``upload_folder`` in the background.
"""
