"""What the screenshot scripts share: each language in its own `xvfb-run` process with a fresh home,
and waiting for, settling and grabbing the app's windows there.

scripts/screenshots.py, screenshots_curate.py and screenshots_preview.py each had a copy of this;
with one copy every set of pictures is made in the same environment (home and XDG folders, locale,
time zone, screen) with the same waits, and a fix reaches them all. scripts/build_bundle.py takes
`fresh_env` for the built app it starts.

A script defines `shoot(lang, out, corpus, tmp)`, what its child process does under Xvfb, and
ends with `raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "finews"
DEFAULT_OUT = REPO / "docs" / "screenshots"
LANGUAGES = ("en", "zh_CN")
SEED_POST = "2022-05-20-202205202386666750.md"  # the finews sample's seed post


def fresh_env(home: str | Path, lang: str) -> dict[str, str]:
    """This process's environment with a fresh home (its XDG folders inside), the language's locale,
    Shanghai time and no FINEWS_LIBRARY: the app starts as on a new user's first run."""
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_CONFIG_HOME=f"{home}/.config",
        XDG_DATA_HOME=f"{home}/.local/share",
        XDG_CACHE_HOME=f"{home}/.cache",
        XDG_STATE_HOME=f"{home}/.local/state",
        TZ="Asia/Shanghai",
        LANG="zh_CN.UTF-8" if lang == "zh_CN" else "en_US.UTF-8",
    )
    env.pop("FINEWS_LIBRARY", None)
    return env


def main(
    doc: str,
    script: str,
    shoot: Callable[[str, Path, Path, Path], None],
    size: tuple[int, int],
    *,
    languages: tuple[str, ...] = LANGUAGES,
    prepare: Callable[[Path, dict[str, str], Path], None] | None = None,
    prefix: str = "finews-shots-",
) -> int:
    """The scripts' command line: `[--out DIR] [--corpus DIR]` runs `script` again under `xvfb-run`
    once per language (an X screen a little larger than `size`), where `--one LANG` calls `shoot`.
    `prepare(tmp, env, corpus)` runs before each child, in its fresh home."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--tmp", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    out, corpus = args.out.resolve(), args.corpus.resolve()
    if args.one:
        sys.path.insert(0, str(REPO))  # the app from this checkout
        shoot(args.one, out, corpus, args.tmp)
        return 0
    if shutil.which("xvfb-run") is None:
        print("xvfb-run is needed (apt-get install xvfb)", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for lang in languages:
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            env = fresh_env(tmp, lang)
            env["QT_QPA_PLATFORM"] = "xcb"
            if prepare is not None:
                prepare(Path(tmp), env, corpus)
            cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {size[0] + 80}x{size[1] + 80}x24", sys.executable, script]
            cmd += ["--one", lang, "--out", str(out), "--corpus", str(corpus), "--tmp", tmp]
            subprocess.run(cmd, env=env, check=True, timeout=300)
    return 0


# --- in the child, under Xvfb -----------------------------------------------------------------


def start_app(tmp: Path, lang: str, size: tuple[int, int]) -> Any:
    """The app as a user starts it, on `tmp`'s library and settings, once its window shows the library;
    keep what it returns (it holds the app)."""
    from finews_desktop.app import start

    started = start(["--library", str(tmp / "library"), "--language", lang], settings_path=str(tmp / "settings.ini"))
    window = started.window
    window.resize(*size)
    window.move(0, 0)
    wait(lambda: window.facets is not None)
    return started


def import_sample(window: Any, corpus: Path, tmp: Path) -> Any:
    """Import a copy of the sample archive through the window, as a user would; returns the report dialog."""
    archive = tmp / "finews"
    shutil.copytree(corpus, archive, ignore=shutil.ignore_patterns("versions"))
    window.import_paths([str(archive)])
    wait(lambda: window.last_report is not None and window.report_dialog is not None)
    return window.report_dialog


SYNTHETIC_POSTS = 3000  # a dated synthetic archive for the charts (the sample's dates are too few)


def make_synthetic_archive(tmp: Path, _env: dict[str, str], _corpus: Path) -> None:
    """`prepare` for shotkit.main: ../shared/tools/make_corpus.py's archive of SYNTHETIC_POSTS posts in tmp/news."""
    subprocess.run(
        [sys.executable, str(REPO.parent / "shared" / "tools" / "make_corpus.py"), str(tmp / "news"),
         "--posts", str(SYNTHETIC_POSTS), "--seed", "5"],
        check=True,
    )  # fmt: skip


def import_synthetic(window: Any, tmp: Path) -> None:
    """Import make_synthetic_archive's archive through the window and wait for its list and search index."""
    window.import_paths([str(tmp / "news")])
    wait(lambda: window.last_report is not None and window.report_dialog is not None, ms=300_000)
    window.report_dialog.close()
    wait(lambda: window.model.rowCount() >= SYNTHETIC_POSTS and not window.list_queries.busy, ms=120_000)
    wait(lambda: not window.progress.isVisible(), ms=300_000)  # the search index built after the import


def wait_listed(window: Any) -> None:
    """Wait until the post list and the sidebar show every post of the library."""
    wait(lambda: window.model.rowCount() == len(window.library.post_ids()) and window.facets.all > 0)


def post_id_of(window: Any, file_name: str) -> int:
    """The id of the post whose path ends with `file_name`."""
    lib = window.library
    return next(pid for pid in lib.post_ids() if lib.post_record(pid)["path"].endswith(file_name))


def close_app(window: Any) -> None:
    from PySide6.QtWidgets import QApplication

    window.close()
    QApplication.processEvents()
    window.library.close()


def wait(condition: Callable[[], Any], ms: int = 30_000) -> None:
    """Run the event loop until `condition()` holds (TimeoutError after `ms`)."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + ms / 1000
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the app did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(ms: int = 400) -> None:
    """Run the event loop for `ms` (layouts, repaints and timers catch up)."""
    from PySide6.QtCore import QTimer

    done = [False]
    QTimer.singleShot(ms, lambda: done.__setitem__(0, True))
    wait(lambda: done[0])


def snap(widget: Any, path: Path, ms: int = 400) -> None:
    """Settle for `ms`, then save a picture of `widget` as `path` (a PNG)."""
    settle(ms)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not save {path}")
