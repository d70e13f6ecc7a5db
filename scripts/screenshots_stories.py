"""Screenshots of stories (near-duplicate copies and versions), English and 简体中文, under Xvfb (issue 19).

    python scripts/screenshots_stories.py [--out docs/screenshots]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run` process with a fresh home,
library and settings. The finews sample is imported through the window with its old versions
(`versions/<commit>/_posts`), and the window clusters it in the background. View ▸ One Row per Story is
switched on by its shortcut: each story once, "+N copies" and the outlets, the story of the story with the
most copies in the panel below the preview: `stories-<lang>.png`. Then a story whose copy was edited a
little: what changed, marked in the panel: `stories-diff-<lang>.png`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import shotkit
from shotkit import close_app, settle, snap, start_app, wait

SIZE = (1440, 900)


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from finews_desktop.core.dedup.deduplicator import Deduplicator
    from finews_desktop.core.dedup.stories import stories
    from finews_desktop.core.dedup.story_view import story_view

    started = start_app(tmp, lang, SIZE)
    window = started.window
    archive = tmp / "finews"
    shutil.copytree(corpus, archive)  # with versions/: the old versions of some posts
    window.import_paths([str(archive)])
    wait(lambda: window.report_dialog is not None)
    window.report_dialog.close()
    lib = window.library
    wait(lambda: window.facets is not None and window.facets.duplicates > 0, ms=120_000)
    wait(lambda: not Deduplicator(lib).pending_count() and not window.list_queries.busy, ms=120_000)
    duplicates = window.facets.duplicates
    window.splitter.setSizes([220, 640, 580])
    window.activateWindow()
    wait(window.isActiveWindow)
    window.table.setFocus()
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    wait(lambda: window.model.rowCount() == len(lib.post_ids()) - duplicates and not window.list_queries.busy)

    found = stories(lib)
    # the story with the most copies whose first post has a headline (a damaged old version has none)
    biggest = max(found, key=lambda s: (not s.members[0].title.isdigit(), len(s.members), -s.cluster))
    _select(window, biggest.representative)
    window.reading.preview_split.setSizes([340, 400, 80])
    snap(window, out / f"stories-{lang}.png", 1200)

    def changed(pid: int) -> int:
        view = story_view(lib, pid)
        return 0 if view is None else sum(len(r.text) for r in view.runs if r.kind != "same")

    # a story whose copy was edited a little: a headline, and a few changes to mark
    shown = [s for s in found if window.model.row_of(s.representative) >= 0]
    with_diff = max(
        (s.representative for s in shown if not s.members[0].title.isdigit()),
        key=lambda pid: (0 < changed(pid) < 400, changed(pid)),
    )
    _select(window, with_diff)
    window.reading.preview_split.setSizes([280, 460, 80])
    snap(window, out / f"stories-diff-{lang}.png", 1200)
    close_app(window)


def _select(window, pid: int) -> None:
    row = window.model.row_of(pid)
    window.table.scrollTo(window.model.index(row, 1))
    window.table.select_row(row)
    panel = window.stories.panel
    wait(lambda: panel.view is not None and panel.view.post_id == pid and panel.isVisible())
    settle(300)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))
