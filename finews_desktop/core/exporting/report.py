"""What an export did: the files written, renamed, left out or in conflict, and the notes, for the
command line (`to_json`) and the window (the catalogue messages)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from finews_desktop.core.messages import Message


@dataclass
class RenamedFile:
    """A file written under another name than its own: the target cannot hold it, portable names were
    asked for, or another file took it."""

    original: str
    written: str
    reason: str  # target_name | portable_name | collision
    post_id: int | None = None  # None for a category page
    collided_with: int | None = None  # the post that kept the name, when there was one
    said: Message | None = None  # why, and what it changes (a post's slug), for the window's language


@dataclass
class ExportConflict:
    """A file a merge did not write: the destination holds a different file (or a link, or a folder) there."""

    path: str
    reason: str
    post_id: int | None = None


@dataclass
class NotExported:
    """A post left out of a folder export: its path there would be longer than the file system allows."""

    post_id: int
    path: str  # the post's path in the library
    would_be: str  # the path it would have had, relative to the destination
    reason: str
    said: Message | None = None  # the reason as a catalogue message, for the window's language


@dataclass
class NotBuilt:
    """An exported post Jekyll will not put in site.posts (or that aborts the whole build)."""

    post_id: int
    path: str
    skip_reason: str | None
    aborts_build: bool
    warnings: list[dict[str, str]]


@dataclass
class ExportReport:
    destination: str = ""
    written: list[str] = field(default_factory=list)
    unchanged_skipped: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    renamed: list[RenamedFile] = field(default_factory=list)
    conflicts: list[ExportConflict] = field(default_factory=list)
    not_built: list[NotBuilt] = field(default_factory=list)
    not_exported: list[NotExported] = field(default_factory=list)
    site_files: list[str] = field(default_factory=list)  # a site's other files planned (layouts, assets, …)
    notes: list[str] = field(default_factory=list)
    said_notes: list[Message] = field(default_factory=list)  # the notes as catalogue messages, for the window
    post_ids: list[int] = field(default_factory=list)
    paths: dict[int, str] = field(default_factory=dict)  # post id -> path written, relative to the destination
    cancelled: bool = False
    seconds: float = 0.0

    def note(self, said: Message) -> None:
        """A note in English (`notes`, the command line's) and as a message (`said_notes`, the window's)."""
        self.notes.append(said.text)
        self.said_notes.append(said)

    def counts(self) -> dict[str, int]:
        return {
            "posts": len(self.post_ids),
            "written": len(self.written),
            "unchanged_skipped": len(self.unchanged_skipped),
            "overwritten": len(self.overwritten),
            "renamed": len(self.renamed),
            "conflicts": len(self.conflicts),
            "not_built": len(self.not_built),
            "aborts_build": sum(1 for n in self.not_built if n.aborts_build),
            "not_exported": len(self.not_exported),
            "site_files": len(self.site_files),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "destination": self.destination,
            "counts": self.counts(),
            "cancelled": self.cancelled,
            "seconds": round(self.seconds, 3),
            "written": self.written,
            "unchanged_skipped": self.unchanged_skipped,
            "overwritten": self.overwritten,
            "renamed": [{**asdict(r), "said": r.said.to_json() if r.said else None} for r in self.renamed],
            "conflicts": [asdict(c) for c in self.conflicts],
            "not_built": [asdict(n) for n in self.not_built],
            "not_exported": [{**asdict(n), "said": n.said.to_json() if n.said else None} for n in self.not_exported],
            "site_files": self.site_files,
            "notes": self.notes,
        }
