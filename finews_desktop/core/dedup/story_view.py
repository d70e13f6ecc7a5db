"""A post's story as the preview shows it below the post: its versions as history, the other outlets'
copies ("Also published by…"), and what changed between the post and the one compared with it
(text_diff over the plain texts, the earlier one first). Read off the window's thread (ui/stories.py)."""

from __future__ import annotations

from dataclasses import dataclass

from finews_desktop.core.content.text_diff import Run, text_diff
from finews_desktop.core.dedup.stories import Member, Story, story_of
from finews_desktop.core.store.library import Library


@dataclass(frozen=True)
class StoryView:
    post_id: int  # the post shown
    story: Story
    history: tuple[Member, ...]  # the versions of its news item, by date, itself among them (empty: none)
    others: tuple[Member, ...]  # the story's other posts that are not its versions, by date
    compared: int | None  # the post whose diff is shown
    runs: tuple[Run, ...]  # the earlier of the two turned into the later

    def member(self, post_id: int) -> Member | None:
        return next((m for m in self.story.members if m.post_id == post_id), None)

    def minutes_from_shown(self, member: Member) -> int:
        """`member`'s time after the shown post (negative: before it)."""
        shown = self.member(self.post_id)
        return member.minutes_after - (shown.minutes_after if shown else 0)

    def compared_is_older(self) -> bool:
        other, shown = self.member(self.compared or -1), self.member(self.post_id)
        if other is None or shown is None:
            return False
        return (other.minutes_after, other.post_id) < (shown.minutes_after, shown.post_id)


def _by_date(members: list[Member]) -> list[Member]:
    return sorted(members, key=lambda m: (m.minutes_after, m.post_id))


def split_story(story: Story, post_id: int) -> tuple[list[Member], list[Member]]:
    """(the versions of `post_id`'s news item with itself, the other copies): the representative and the
    posts linked to it as versions are one news item's history; a copy outside it has no history here."""
    versions = [m for m in story.members if m.version or m.post_id == story.representative]
    if len(versions) < 2 or all(m.post_id != post_id for m in versions):
        versions = []
    in_history = {m.post_id for m in versions}
    others = [m for m in story.members if m.post_id not in in_history and m.post_id != post_id]
    return _by_date(versions), _by_date(others)


def default_compared(post_id: int, history: list[Member], others: list[Member]) -> int | None:
    """The version just before this one (else just after), else the story's first other post."""
    if history:
        at = next(i for i, m in enumerate(history) if m.post_id == post_id)
        near = history[at - 1] if at > 0 else history[at + 1]
        return near.post_id
    return others[0].post_id if others else None


def story_view(lib: Library, post_id: int, compare_with: int | None = None) -> StoryView | None:
    """`post_id`'s story with the diff against `compare_with` (else `default_compared`); None: no copies."""
    story = story_of(lib, post_id)
    if story is None:
        return None
    history, others = split_story(story, post_id)
    ids = {m.post_id for m in story.members}
    compared = compare_with if compare_with in ids and compare_with != post_id else None
    compared = compared or default_compared(post_id, history, others)
    runs: list[Run] = []
    view = StoryView(post_id, story, tuple(history), tuple(others), compared, ())
    if compared is not None:
        old, new = (compared, post_id) if view.compared_is_older() else (post_id, compared)
        runs = text_diff(lib.post_plain_text(old), lib.post_plain_text(new))
    return StoryView(post_id, story, tuple(history), tuple(others), compared, tuple(runs))
