"""Near-duplicate clusters (the same story republished) and versions of one news item: see deduplicator.py."""
