"""The GUI-free core: reading, storing, searching and writing posts. Never imports Qt."""
