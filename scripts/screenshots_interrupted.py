"""Screenshot of the start-up dialog that lists interrupted operations, in English and 简体中文, under Xvfb.

    python scripts/screenshots_interrupted.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Before each language's app starts, the finews sample is imported with the `finews` command line and
two operations are really killed midway (os._exit in a child process): a tag merge and an export.
The app is then started as a user would start it, and the dialog it raises is grabbed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import shotkit

SIZE = (1000, 700)
# A child process that opens the library, makes `patch` kill it midway, and runs `work`.
_KILLED = """
import os, sys
sys.path.insert(0, {repo!r})
from finews_desktop.core.store.library import Library
def die(*_a, **_k):
    os._exit(9)
lib = Library.open({library!r})
{patch}
{work}
os._exit(0)
"""
_MERGE = (
    "Library._after_posts_changed = die",
    "from finews_desktop.core.curation.curator import Curator\n"
    "Curator(lib).merge('tag', ['东财滚动新闻', '证券日报网新闻'], '财经新闻')",
)
_EXPORT = (
    "import finews_desktop.core.exporting.exporter as ex\n"
    "first, calls = ex._write_files, []\n"
    "def write(batch):\n"
    "    calls.append(1)\n"
    "    if len(calls) > 1: os._exit(9)\n"
    "    return first(batch)\n"
    "ex._write_files, ex._WRITE_BATCH, ex.WRITER_THREADS = write, 8, 1",
    "ex.Exporter(lib, {dest!r}).run()",
)


def prepare(tmp: Path, env: dict[str, str], corpus: Path) -> None:
    library = tmp / "library"
    finews = [sys.executable, "-m", "finews_desktop.cli", "--library", str(library)]
    subprocess.run([*finews, "import", str(corpus)], env=env, cwd=shotkit.REPO, check=True, capture_output=True)
    for patch, work in (_MERGE, _EXPORT):
        code = _KILLED.format(
            repo=str(shotkit.REPO),
            library=str(library),
            patch=patch,
            work=work.format(dest=str(tmp / "精选导出")),
        )
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        if done.returncode != 9:
            raise RuntimeError(f"the operation was not killed midway: {done.stderr}")


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    from finews_desktop.ui.dialogs import interrupted

    def show_and_grab(dialog: interrupted.InterruptedDialog) -> int:  # instead of the modal exec
        dialog.show()
        shotkit.snap(dialog, out / f"interrupted-{lang}.png")
        dialog.reject()  # "Later": the operations stay listed
        return 0

    interrupted.InterruptedDialog.exec = show_and_grab  # type: ignore[method-assign]
    started = shotkit.start_app(tmp, lang, SIZE)
    if not (out / f"interrupted-{lang}.png").exists():
        raise RuntimeError("the app did not offer the interrupted operations")
    shotkit.close_app(started.window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE, prepare=prepare, prefix="finews-interrupted-"))
