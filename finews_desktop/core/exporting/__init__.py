"""The library back out as a Jekyll archive (folder or zip)."""
