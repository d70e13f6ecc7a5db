"""finews-desktop: a desktop archive manager for Jekyll news archives."""

__version__ = "0.1.0"
