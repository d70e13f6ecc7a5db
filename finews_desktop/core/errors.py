"""Errors a user can act on, kept apart from bugs (which are logged with a traceback)."""

from __future__ import annotations


class KnownError(Exception):
    """A problem to show in words: a bad argument, a locked or unreadable library."""


class LibraryError(KnownError):
    pass


class NewerLibraryError(LibraryError):
    """The library was written by a newer finews-desktop; we must not touch it."""


class LibraryLockedError(LibraryError):
    """Another finews-desktop is using this library."""


class QueryError(KnownError):
    """A search query that does not parse; `position` is the character offset."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.position = position
