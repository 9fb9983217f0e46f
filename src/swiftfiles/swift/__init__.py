"""Swift's wire operations (``connection``) and pure helpers: names, metadata, listings, TempURLs, capabilities."""
