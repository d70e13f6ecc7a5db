"""The query language, the search engine and its index."""
