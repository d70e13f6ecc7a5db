"""Where the app's data files are (icons, preview stylesheets, compiled translations), and how a build ships them.

The files are kept in the repository's top-level `resources/`. A build (the
wheel's `build_py` in setup.py, the PyInstaller spec) copies them into this
package, `finews_desktop/resources/`, with every `translations/*.ts` compiled to
a `.qm` by PySide6's lrelease and the desktop entry and AppStream metainfo from
`packaging/` under `desktop/`, so an installed wheel or bundle finds them with
`importlib.resources`. A source checkout (or an editable install) has no copy
here and uses `resources/` beside the package instead.

GUI-free and stdlib-only: setup.py imports it before PySide6 is importable.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Shipped subfolders are every folder of resources/; these files stay behind.
SOURCE_ONLY_SUFFIXES = (".ts", ".qm", ".pro", ".qrc")
MARKER = "icons"  # always shipped: a copy in the package is complete when it has this folder
# packaging/ files an installed app needs (--install-desktop-entry), shipped under desktop/.
DESKTOP_SUFFIXES = (".desktop", ".metainfo.xml")


def _package_dir() -> Path:
    return Path(str(importlib.resources.files(__name__)))


def checkout_dir() -> Path:
    """The repository's `resources/` (only meaningful in a source checkout)."""
    return Path(__file__).resolve().parents[2] / "resources"


def resources_dir() -> Path:
    """The copy built into the installed package or bundle, else the checkout's `resources/`."""
    here = _package_dir()
    return here if (here / MARKER).is_dir() else checkout_dir()


def resource_path(*parts: str) -> Path:
    """A file or folder under the resources, e.g. `resource_path("icons", "io.github.finews.FinewsDesktop.svg")`."""
    return resources_dir().joinpath(*parts)


def translations_dir() -> Path:
    """Compiled `finews_<lang>.qm` when installed; the `.ts` sources (compiled on demand) in a checkout."""
    return resource_path("translations")


def icons_dir() -> Path:
    return resource_path("icons")


def desktop_file(suffix: str) -> Path:
    """`<app id>.desktop` or `<app id>.metainfo.xml`: shipped under desktop/, else the checkout's packaging/."""
    from finews_desktop.core.paths import APP_ID

    shipped = resource_path("desktop", APP_ID + suffix)
    return shipped if shipped.is_file() else checkout_dir().parent / "packaging" / (APP_ID + suffix)


def app_icon_pngs() -> dict[int, Path]:
    """The app icon's PNGs by pixel size (`<app id>-<size>.png`)."""
    from finews_desktop.core.paths import APP_ID

    found: dict[int, Path] = {}
    for png in icons_dir().glob(f"{APP_ID}-*.png"):
        size = png.stem.rpartition("-")[2]
        if size.isdigit():
            found[int(size)] = png
    return dict(sorted(found.items()))


# --- building: used by setup.py and packaging/finews-desktop.spec ------------------------


def qt_tool_command(tool: str) -> list[str]:
    """A Qt tool that PySide6-Essentials ships (lrelease, lupdate), found without importing Qt; else one on PATH.

    The package's own binary comes first: a venv's `bin` (where `pyside6-lupdate` lives) is
    often not on PATH, and a tool found there or elsewhere may belong to another Qt.
    """
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        base = Path(next(iter(spec.submodule_search_locations)))
        for name in (f"{tool}.exe", tool, f"Qt/bin/{tool}", f"Qt/libexec/{tool}"):
            if (base / name).is_file():
                return [str(base / name)]
    for name in (f"pyside6-{tool}", f"{tool}-qt6", tool):
        found = shutil.which(name)
        if found:
            return [found]
    raise RuntimeError(f"{tool} was not found: install PySide6-Essentials (it ships {tool}) or Qt's linguist tools")


def lrelease_command() -> list[str]:
    return qt_tool_command("lrelease")


def lupdate_command() -> list[str]:
    return qt_tool_command("lupdate")


def compile_translation(ts: Path, qm: Path) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [*lrelease_command(), "-silent", "-removeidentical", str(ts), "-qm", str(qm)],
        check=True,
        timeout=120,
    )
    if not qm.is_file():
        raise RuntimeError(f"lrelease wrote no {qm}")


def build_resources(dest: Path, source: Path | None = None) -> list[Path]:
    """Copy `resources/` into `dest` for shipping and compile its translations; returns the files written."""
    source = checkout_dir() if source is None else source
    if not (source / MARKER).is_dir():
        raise RuntimeError(f"{source} has no {MARKER}/ folder: not a finews-desktop source tree")
    written: list[Path] = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or any(part.startswith((".", "__")) for part in rel.parts):
            continue
        if path.suffix in SOURCE_ONLY_SUFFIXES:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        written.append(target)
    for ts in sorted((source / "translations").glob("*.ts")):
        qm = dest / "translations" / f"{ts.stem}.qm"
        compile_translation(ts, qm)
        written.append(qm)
    packaging = source.parent / "packaging"
    for path in sorted(packaging.glob("*")):
        if path.is_file() and path.name.endswith(DESKTOP_SUFFIXES):
            target = dest / "desktop" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """`python -m finews_desktop.resources build DEST`: what the build hooks do, by hand."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "build":
        print("usage: python -m finews_desktop.resources build DEST", file=sys.stderr)
        return 2
    for path in build_resources(Path(args[1])):
        print(os.fspath(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
