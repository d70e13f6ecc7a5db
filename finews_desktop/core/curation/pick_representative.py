"""The curation step "make this post the story's representative": the post a story shows for its copies
(core/dedup/), picked by the user instead of the earliest, undone by `Curator.undo` like any step.

One transaction: `dup_pick` says which post was picked (kept when the clusters are computed again),
and the representative of its cluster is ranked again at once (core/store/clusters.py `set_picked`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from finews_desktop.core.curation.operations import Invertible
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store import clusters
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.curation_rows import CurationReads, CurationWrites
from finews_desktop.core.store.library import Library


class PickState(NamedTuple):
    """Whether a post is its story's picked representative before and after a step."""

    post_id: int
    before: bool
    after: bool


@dataclass(frozen=True)
class SetPicked(Invertible):
    """Posts picked as their story's representative, or no longer."""

    FIELD: ClassVar[str] = "representative"
    states: tuple[PickState, ...]

    @property
    def post_ids(self) -> Sequence[int]:
        return [s.post_id for s in self.states]

    def apply(self, rows: CurationWrites) -> None:
        clusters.set_picked(rows.conn, [(s.post_id, s.after) for s in self.states])

    def inverse(self) -> SetPicked:
        return SetPicked(tuple(PickState(s.post_id, before=s.after, after=s.before) for s in self.states))


def pick_representative(lib: Library, post_id: int) -> Changes:
    """Make `post_id` its story's representative (an empty Changes when it is already the one picked)."""
    if not lib.post_exists(post_id):
        raise KnownError(f"There is no post with id {post_id}.")
    members = clusters.cluster_of(lib.db, post_id)
    if len(members) < 2:
        raise KnownError(f"Post {post_id} has no copies or versions: it is a story of its own.")
    reads = CurationReads(lib)
    with reads.transaction() as rows:
        picked = clusters.picked(lib.db, members)
        step = SetPicked(
            tuple(PickState(m, m in picked, m == post_id) for m in members if (m in picked) != (m == post_id))
        )
        if not step.states:
            return Changes()
        step.apply(rows)
    return Changes(
        post_ids=tuple(members),
        fields=step.fields,
        label="Make this post the story's representative",
        ops=(step,),
    )
