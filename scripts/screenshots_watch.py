"""Screenshots of watched folders and watch queries in the sidebar, English and 简体中文, under Xvfb (issue 20).

    python scripts/screenshots_watch.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run` process with a fresh home,
library and settings. Two Jekyll sites are watched through the window (File ▸ Watch Folder… does the same):
a copy of the finews sample and a synthetic site of 300 posts (../shared/tools/make_corpus.py). Four saved
searches are watched, one of them with a rule (tag what it matches). Once both sites are imported and the
badges cleared, 40 new post files (dated after the others) land in the synthetic site as a `git pull` would
write them; the watcher imports them, the badges count what is new, and one watch query is opened (its new
posts highlighted in the list). The window is saved as `watch-<lang>.png`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import shotkit
from shotkit import close_app, snap, start_app, wait

SIZE = (1440, 900)
SITE_POSTS, PULLED = 300, 40
SEARCHES = (  # name, query, tag rule
    ("光伏", "光伏", "solar"),
    ("风电 储能", "风电 储能", None),
    ("券商", "券商 OR 证券", None),
    ("芯片", "芯片 OR 半导体", None),
)


def make_sites(tmp: Path, _env: dict[str, str], corpus: Path) -> None:
    tool = shotkit.REPO.parent / "shared" / "tools" / "make_corpus.py"
    subprocess.run(
        [sys.executable, str(tool), str(tmp / "news"), "--posts", str(SITE_POSTS), "--seed", "7"], check=True
    )
    subprocess.run([sys.executable, str(tool), str(tmp / "pull"), "--posts", str(PULLED), "--seed", "8"], check=True)
    shutil.copytree(corpus, tmp / "finews", ignore=shutil.ignore_patterns("versions"))


def shoot(lang: str, out: Path, _corpus: Path, tmp: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from finews_desktop.core.curation.curator import Curator
    from finews_desktop.core.store import watches
    from finews_desktop.core.watching import queries, sync
    from finews_desktop.ui.widgets.sidebar import KEY_ROLE

    started = start_app(tmp, lang, SIZE)
    window = started.window
    lib = window.library
    curator = Curator(lib)
    for name, query, tag in SEARCHES:
        curator.save_search(name, query)
        queries.set_watch(lib, name, watch=True, add_tag=tag)
    watching = window.watching
    watching.changes.quiet = 0.5
    for site in ("finews", "news"):
        watching.watch_folder(str(tmp / site))
    wait(lambda: all(f.last_finished is not None for f in sync.folders(lib)) and watching.running is None, ms=300_000)
    wait(lambda: window.importing.task is None and not window.importing.index_task, ms=300_000)
    for name, _query, _tag in SEARCHES:
        queries.open_query(lib, name)  # read up to now: the badges count what the pull brings
    watching.refresh()

    posts = tmp / "news" / "_posts"
    for i, path in enumerate(sorted((tmp / "pull" / "_posts").glob("*.md"))):  # the newest posts of the site
        day = f"2024-12-{1 + i % 20:02d}"
        text = re.sub(
            r"^date: .*$", f"date: {day} {8 + i % 10:02d}:30:00 +0800", path.read_text("utf-8"), count=1, flags=re.M
        )
        (posts / f"{day}-pulled-{i}.md").write_text(text, "utf-8")
    wait(lambda: sum(q.new for q in watches.watch_queries(lib.db)) > 0 and watching.running is None, ms=120_000)
    wait(lambda: window.importing.task is None and not window.importing.index_task, ms=300_000)

    wait(lambda: not window.progress.isVisible(), ms=300_000)  # the search index and other background work
    sidebar = window.sidebar
    model = sidebar.model()
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        if group.data(KEY_ROLE) in ("watched", "watchqueries"):
            sidebar.expand(group)
    index = sidebar.watch_query_index("风电 储能")
    sidebar.scrollTo(index)
    QTest.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualRect(index).center())
    wait(lambda: window.query == "风电 储能" and not window.list_queries.busy, ms=60_000)
    window.splitter.setSizes([300, 760, 380])
    window.table.select_row(0)
    sidebar.scrollToTop()
    snap(window, out / f"watch-{lang}.png", ms=1200)
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE, prepare=make_sites))
