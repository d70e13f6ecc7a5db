"""Screenshots of File ▸ Archive Settings… over the finews sample, English and 简体中文, under Xvfb.

    python scripts/screenshots_archive_settings.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run` process with a
fresh home, library and settings; the finews sample is imported through the window, then the
dialog is opened as its menu item opens it, `future: true` typed into the kept _config.yml (the
settings applied follow as you type), and grabbed.
"""

from __future__ import annotations

from pathlib import Path

import shotkit
from shotkit import close_app, import_sample, snap, start_app, wait_listed

SIZE = (1440, 900)


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    started = start_app(tmp, lang, SIZE)
    window = started.window
    import_sample(window, corpus, tmp).close()
    wait_listed(window)
    dialog = window.archive_settings.open_dialog()
    text = dialog.config.toPlainText()
    dialog.config.setPlainText(text.replace("timezone: Asia/Shanghai\n", "timezone: Asia/Shanghai\nfuture: true\n"))
    snap(dialog, out / f"archive-settings-{lang}.png")
    dialog.close()
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))
