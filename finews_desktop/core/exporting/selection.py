"""Which posts an export takes: a selection (ids, search, collection, category, tag) and the ids it names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from finews_desktop.core.errors import KnownError
from finews_desktop.core.store import export_reads as reads
from finews_desktop.core.store.library import Library


@dataclass(frozen=True)
class Selection:
    """Which posts: ids, a search, a collection, a category (slug or display name) or a tag.

    Several given means the posts matching all of them; none means the whole
    library. Posts in the trash are never exported.
    """

    ids: Sequence[int] | None = None
    query: str | None = None
    collection: str | None = None
    category: str | None = None
    tag: str | None = None

    @property
    def whole_library(self) -> bool:
        return self.ids is None and not self.query and not self.collection and not self.category and not self.tag


def select_post_ids(library: Library, selection: Selection) -> list[int] | None:
    """The ids a selection names (None: the whole library), in id order, trashed posts left out."""
    if selection.whole_library:
        return None
    db = library.db
    sets: list[set[int]] = []
    if selection.ids is not None:
        wanted = [int(i) for i in selection.ids]
        found = reads.existing_post_ids(db, wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            shown = ", ".join(str(i) for i in missing[:10]) + (" …" if len(missing) > 10 else "")
            raise KnownError(f"There is no post with id {shown}.")
        sets.append(found)
    if selection.query:
        try:
            from finews_desktop.core.search.engine import search
        except ImportError as exc:  # pragma: no cover - until the search module lands
            raise KnownError(
                "Search is not available in this build; export by ids, collection, category or tag."
            ) from exc
        sets.append(set(search(library, selection.query).ids))
    if selection.collection:
        sets.append(reads.collection_post_ids(db, selection.collection))
    if selection.category:
        sets.append(reads.category_post_ids(db, selection.category))
    if selection.tag:
        sets.append(reads.tag_post_ids(db, selection.tag))
    chosen = set.intersection(*sets) if sets else set()
    return sorted(chosen - reads.trashed_post_ids(db))
