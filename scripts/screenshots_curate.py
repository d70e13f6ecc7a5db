"""Screenshots of the curation dialogs (tag and category manager, post metadata editor), English and 简体中文, under Xvfb.

    python scripts/screenshots_curate.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run`
process with a fresh home, library and settings; the finews sample is imported
through the window, a collection and a display name are set up, and the
dialogs are grabbed.
"""

from __future__ import annotations

from pathlib import Path

import shotkit
from shotkit import SEED_POST, close_app, import_sample, post_id_of, settle, snap, start_app, wait, wait_listed

SIZE = (1440, 900)


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    started = start_app(tmp, lang, SIZE)
    window = started.window

    import_sample(window, corpus, tmp).close()
    wait_listed(window)
    lib = window.library

    ui = window.curation
    ui.controller.apply("shots", lambda c: c.add("tag", lib.post_ids()[:20], ["精选"]))
    ui.controller.apply("shots", lambda c: c.create("tag", "待读"))
    ui.controller.apply("shots", lambda c: c.set_display_name("emnews", "东方财富 7×24"))
    wait(lambda: not ui.runner.busy())

    manager = ui.open_manager()
    manager.resize(620, 480)
    snap(manager, out / f"tag-manager-{lang}.png")
    manager.tabs.setCurrentIndex(1)
    snap(manager, out / f"category-manager-{lang}.png")
    manager.close()

    window.table.selectRow(window.model.row_of(post_id_of(window, SEED_POST)))
    settle()
    editor = ui.open_post_editor()
    editor.resize(640, 560)
    snap(editor, out / f"post-editor-{lang}.png")
    editor.close()
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))
