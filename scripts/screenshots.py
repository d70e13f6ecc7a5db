"""Screenshots of the main window and the import report, in English and 简体中文, under Xvfb.

    python scripts/screenshots.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Each language runs in its own process under `xvfb-run` (a real X server, the
xcb platform, the system's fonts) with a fresh home folder, a fresh library and
settings: the app is started as a user would start it, the finews sample
archive is imported through the window, and the windows are grabbed.
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
            cmd = [
                "xvfb-run",
                "-a",
                "-s",
                f"-screen 0 {SIZE[0] + 80}x{SIZE[1] + 80}x24",
                sys.executable,
                __file__,
                "--one",
                lang,
                "--out",
                str(out),
                "--corpus",
                str(corpus),
                "--tmp",
                tmp,
            ]
            subprocess.run(cmd, env=env, check=True, timeout=300)
    return 0


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from finews_desktop.app import start

    archive = tmp / "finews"
    shutil.copytree(corpus, archive, ignore=shutil.ignore_patterns("versions"))
    started = start(["--library", str(tmp / "library"), "--language", lang], settings_path=str(tmp / "settings.ini"))
    app, window = started.app, started.window
    window.resize(*SIZE)
    window.move(0, 0)
    suffix = lang

    def wait(condition, ms: int = 30_000) -> None:
        import time

        end = time.monotonic() + ms / 1000
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the app did not get there in time")
            app.processEvents()
            time.sleep(0.01)

    def settle(ms: int = 400) -> None:
        loop_end = [False]
        QTimer.singleShot(ms, lambda: loop_end.__setitem__(0, True))
        wait(lambda: loop_end[0])

    wait(lambda: window.facets is not None)
    settle()
    window.grab().save(str(out / f"empty-library-{suffix}.png"))

    window.import_paths([str(archive)])
    wait(lambda: window.last_report is not None and window.report_dialog is not None)
    dialog = window.report_dialog
    settle()
    dialog.grab().save(str(out / f"import-report-{suffix}.png"))
    dialog.close()

    wait(lambda: window.model.rowCount() == len(window.library.post_ids()) and window.facets.all > 0)
    seed = next(pid for pid in window.library.post_ids() if window.library.post_record(pid)["path"].endswith(SEED_POST))
    row = window.model.row_of(seed)
    window.table.selectRow(row)
    window.table.scrollTo(window.model.index(row, 0))
    for key in ("categories", "tags", "stocks", "dates"):
        idx = window.sidebar.model().match(window.sidebar.model().index(0, 0), 0x0101 + 1, key, 1)
        if idx:
            window.sidebar.expand(idx[0])
    window.splitter.setSizes([260, 640, 540])
    settle(600)
    window.grab().save(str(out / f"main-window-{suffix}.png"))
    window.close()
    QApplication.processEvents()
    window.library.close()


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
