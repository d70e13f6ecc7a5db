"""Screenshots of the curation dialogs (tag and category manager, post metadata editor), English and 简体中文, under Xvfb.

    python scripts/screenshots_curate.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run`
process with a fresh home, library and settings; the finews sample is imported
through the window, a collection and a display name are set up, and the
dialogs are grabbed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "finews"
LANGUAGES = ("en", "zh_CN")
SEED_POST = "2022-05-20-202205202386666750.md"
SIZE = (1440, 900)


def run_all(out: Path, corpus: Path) -> int:
    if shutil.which("xvfb-run") is None:
        print("xvfb-run is needed (apt-get install xvfb)", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        with tempfile.TemporaryDirectory(prefix="finews-shots-") as tmp:
            env = dict(
                os.environ,
                HOME=tmp,
                XDG_CONFIG_HOME=f"{tmp}/.config",
                XDG_DATA_HOME=f"{tmp}/.local/share",
                XDG_CACHE_HOME=f"{tmp}/.cache",
                QT_QPA_PLATFORM="xcb",
                TZ="Asia/Shanghai",
                LANG="zh_CN.UTF-8" if lang == "zh_CN" else "en_US.UTF-8",
            )
            env.pop("FINEWS_LIBRARY", None)
            cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {SIZE[0] + 80}x{SIZE[1] + 80}x24", sys.executable, __file__]
            cmd += ["--one", lang, "--out", str(out), "--corpus", str(corpus), "--tmp", tmp]
            subprocess.run(cmd, env=env, check=True, timeout=300)
    return 0


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from finews_desktop.app import start

    archive = tmp / "finews"
    shutil.copytree(corpus, archive, ignore=shutil.ignore_patterns("versions"))
    started = start(["--library", str(tmp / "library"), "--language", lang], settings_path=str(tmp / "settings.ini"))
    app, window = started.app, started.window
    window.resize(*SIZE)
    window.move(0, 0)

    def wait(condition, ms: int = 30_000) -> None:
        end = time.monotonic() + ms / 1000
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the app did not get there in time")
            app.processEvents()
            time.sleep(0.01)

    def settle(ms: int = 400) -> None:
        done = [False]
        QTimer.singleShot(ms, lambda: done.__setitem__(0, True))
        wait(lambda: done[0])

    wait(lambda: window.facets is not None)
    window.import_paths([str(archive)])
    wait(lambda: window.last_report is not None and window.report_dialog is not None)
    window.report_dialog.close()
    lib = window.library
    wait(lambda: window.model.rowCount() == len(lib.post_ids()) and window.facets.all > 0)

    ui = window.curation
    cur = ui.controller.curator
    ui.controller.apply("shots", lambda c: c.add("tag", lib.post_ids()[:20], ["精选"]))
    ui.controller.apply("shots", lambda c: c.create("tag", "待读"))
    ui.controller.apply("shots", lambda c: c.set_display_name("emnews", "东方财富 7×24"))
    wait(lambda: not ui.runner.busy())

    manager = ui.open_manager()
    manager.resize(620, 480)
    settle()
    manager.grab().save(str(out / f"tag-manager-{lang}.png"))
    manager.tabs.setCurrentIndex(1)
    settle()
    manager.grab().save(str(out / f"category-manager-{lang}.png"))
    manager.close()

    seed = next(pid for pid in lib.post_ids() if lib.post_record(pid)["path"].endswith(SEED_POST))
    window.table.selectRow(window.model.row_of(seed))
    settle()
    editor = ui.open_post_editor()
    editor.resize(640, 560)
    settle()
    editor.grab().save(str(out / f"post-editor-{lang}.png"))
    editor.close()
    _ = cur
    window.close()
    QApplication.processEvents()
    lib.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--tmp", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        shoot(args.one, args.out.resolve(), args.corpus.resolve(), args.tmp)
        return 0
    return run_all(args.out.resolve(), args.corpus.resolve())


if __name__ == "__main__":
    raise SystemExit(main())
