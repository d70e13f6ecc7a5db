"""Screenshots of what a search shows and of a failed image load, English and 简体中文, under Xvfb.

    python scripts/screenshots_search.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run`
process with a fresh home, library and settings. The finews sample is imported
through the window, a search is typed, the first hit is selected and F3 moves to
its second match: the window is grabbed with the list's excerpt lines and the
preview's highlights (`search-hits-<lang>.png`). Then the seed post's images are
loaded with the image loader pointed at a closed local port, so each K-line
chart fails as it does without a network, and the preview is grabbed with its
placeholders and the notice above the post (`image-failed-<lang>.png`).
"""

from __future__ import annotations

import socket
from pathlib import Path

import shotkit
from shotkit import SEED_POST, close_app, import_sample, post_id_of, snap, start_app, wait, wait_listed

SIZE = (1440, 900)
QUERY = "光伏"


def closed_port() -> int:
    """A local port nothing listens on: a connection to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    started = start_app(tmp, lang, SIZE)
    window = started.window
    import_sample(window, corpus, tmp).close()
    wait_listed(window)

    window.set_search(QUERY)
    wait(lambda: window.query == QUERY and 0 < window.model.rowCount() < 94)
    window.table.select_row(0)
    first = window.model.post_id(0)
    wait(lambda: window.preview.post_id == first)
    wait(lambda: all(window.model._snippets.get(window.model.post_id(r)) for r in range(window.model.rowCount())))
    QTest.keyClick(window, Qt.Key.Key_F3)
    snap(window, out / f"search-hits-{lang}.png", ms=800)

    window.set_search("")
    wait(lambda: window.model.rowCount() == 94)
    seed = post_id_of(window, SEED_POST)
    window.table.select_row(window.model.row_of(seed))
    wait(lambda: window.preview.post_id == seed)
    port = closed_port()
    window.preview.loader.rewrite = lambda url: f"http://127.0.0.1:{port}/{abs(hash(url))}.png"
    window.preview.load_images()
    wait(lambda: len(window.preview.failed_images()) > 0)
    snap(window.preview, out / f"image-failed-{lang}.png", ms=800)
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))
