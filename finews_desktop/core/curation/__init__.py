"""Tags, categories, collections, saved searches and the trash, with undo."""
