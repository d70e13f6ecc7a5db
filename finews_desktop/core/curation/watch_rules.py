"""A watch query's rules (Paperless-ngx's matching rules, as queries): add a tag, add to a collection.

Applied by the import to each batch's posts the query matches (core/watching/queries.py),
inside the batch's transaction, and on request to the posts already in the library: one
undoable step (the tag's relinks and the collection's `AddToCollection`, curation's command
objects), whose `Changes` the undo stack keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.curation.operations import AddToCollection
from finews_desktop.core.store.changes import Changes


@dataclass(frozen=True)
class RuleOutcome:
    """What applying a saved search's rules did: the step (undoable) and how many posts each rule changed."""

    changes: Changes
    tagged: int = 0
    collected: int = 0


def apply_rules(
    curator: Curator, search: str, post_ids: Sequence[int], *, add_tag: str | None, add_collection: str | None
) -> RuleOutcome:
    """Tag `post_ids` and/or put them in a collection (made when missing), in one transaction (a savepoint
    inside an import batch's); posts that already have the tag or are in the collection are left alone."""
    ids = sorted(dict.fromkeys(int(i) for i in post_ids))
    parts: list[Changes] = []
    tagged = collected = 0
    if not ids or not (add_tag or add_collection):
        return RuleOutcome(Changes())
    with curator.rows.transaction():
        if add_tag:
            tag = curator.add("tag", ids, [add_tag])
            tagged = len(tag.post_ids)
            parts.append(tag)
        if add_collection:
            if curator.rows.collection_id(add_collection) is None:
                parts.append(curator.create_collection(add_collection))
            members = curator.add_to_collection(add_collection, ids)
            collected = sum(len(op.members) for op in members.ops if isinstance(op, AddToCollection))
            parts.append(members)
    changes = curator.combine([p for p in parts if p], label=f"Apply the rules of {search}")
    return RuleOutcome(changes, tagged, collected)
