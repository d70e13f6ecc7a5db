"""The library on disk: the only place with SQL besides the search index. Models, opening and migrating, locking, backups, the journal's rows, reads and edits."""
