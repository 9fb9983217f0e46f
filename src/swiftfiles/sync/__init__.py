"""Folder sync: walk a local tree and a remote listing, march them into a plan, execute the plan.

``local`` walks a folder (sorted, filtered); ``remote`` lists a container prefix; ``plan`` marches both sorted
sequences and decides per name (pure, testable without a server); ``hashcache`` remembers local MD5s by path, size
and mtime; ``executor`` carries a plan out through the transfer engine.
"""
