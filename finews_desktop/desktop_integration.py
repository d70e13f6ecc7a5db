"""The app in the Linux desktop's menu: install or remove its desktop entry and icons for the current user.

`finews-desktop --install-desktop-entry` writes, under the XDG data home
(`~/.local/share` unless $XDG_DATA_HOME says otherwise):

    applications/io.github.finews.FinewsDesktop.desktop   Exec = this installation's launcher
    icons/hicolor/<n>x<n>/apps/io.github.finews.FinewsDesktop.png  (16 ... 512)
    icons/hicolor/scalable/apps/io.github.finews.FinewsDesktop.svg
    metainfo/io.github.finews.FinewsDesktop.metainfo.xml

and refreshes the desktop and icon caches when their tools are installed;
`--uninstall-desktop-entry` removes exactly those files. GUI-free: it runs
before Qt is loaded (`handle_early_args` at the top of `app.main`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from finews_desktop.core.paths import APP_ID, APP_NAME

INSTALL_FLAG = "--install-desktop-entry"
UNINSTALL_FLAG = "--uninstall-desktop-entry"
SCRIPT_NAME = APP_NAME  # the [project.gui-scripts] entry point, and the PyInstaller executable


@dataclass
class DesktopEntryFiles:
    """What an install wrote (or an uninstall removed), and the Exec line used."""

    data_home: Path
    exec_line: str = ""
    files: list[Path] = field(default_factory=list)


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share (the XDG Base Directory default)."""
    env = os.environ.get("XDG_DATA_HOME", "")
    return Path(env) if os.path.isabs(env) else Path.home() / ".local" / "share"


def desktop_entry_path(home: Path | None = None) -> Path:
    return (home or data_home()) / "applications" / f"{APP_ID}.desktop"


def launcher_command() -> list[str]:
    """How this installation is started: the frozen app, the `finews-desktop` script beside this Python, or `python -m`."""
    if getattr(sys, "frozen", False):  # PyInstaller: the bundle's own executable
        return [str(Path(sys.executable).resolve())]
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == SCRIPT_NAME and argv0.is_file():
        return [str(argv0.absolute())]
    # The console/gui script that pip installed next to this interpreter (venv/bin, or the prefix's bin);
    # sys.executable is not resolved, so a venv's bin/ (symlinked python) is kept.
    script = Path(sys.executable).parent / SCRIPT_NAME
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "finews_desktop"]


_NEEDS_QUOTING = re.compile(r"[\s\"'\\><~|&;$*?#()`]")


def exec_quote(arg: str) -> str:
    """One argument of an Exec key (Desktop Entry spec: quoting rules, then `%` doubled)."""
    arg = arg.replace("%", "%%")
    if _NEEDS_QUOTING.search(arg):
        arg = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
    # The string-value escaping applies on top of the quoting: each backslash is written twice.
    return arg.replace("\\", "\\\\")


def exec_line(command: Sequence[str] | None = None) -> str:
    return " ".join(exec_quote(a) for a in (command or launcher_command())) + " %U"


def desktop_entry_text(template: str, command: Sequence[str]) -> str:
    """The packaged desktop entry with Exec (and TryExec) pointing at this installation."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_line(command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + exec_quote(command[0])
        lines.append(line)
    return "\n".join(lines) + "\n"


def _icon_sources() -> tuple[dict[int, Path], Path]:
    from finews_desktop.resources import app_icon_pngs, icons_dir

    return app_icon_pngs(), icons_dir() / f"{APP_ID}.svg"


def _target_files(home: Path, sizes: Sequence[int]) -> list[Path]:
    hicolor = home / "icons" / "hicolor"
    return [
        desktop_entry_path(home),
        *(hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in sizes),
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        home / "metainfo" / f"{APP_ID}.metainfo.xml",
    ]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _refresh_caches(home: Path) -> None:
    """update-desktop-database and gtk-update-icon-cache, when installed (their failures are not ours)."""
    commands = []
    if shutil.which("update-desktop-database"):
        commands.append(["update-desktop-database", "-q", str(home / "applications")])
    hicolor = home / "icons" / "hicolor"
    if shutil.which("gtk-update-icon-cache") and hicolor.is_dir():
        commands.append(["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)])
    for cmd in commands:
        try:
            subprocess.run(cmd, check=False, timeout=60, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            pass


def install_desktop_entry(home: Path | None = None, command: Sequence[str] | None = None) -> DesktopEntryFiles:
    """Install the desktop entry, icons and metainfo for the current user; returns what was written."""
    from finews_desktop.resources import desktop_file

    home = home or data_home()
    command = list(command or launcher_command())
    pngs, svg = _icon_sources()
    if not pngs or not svg.is_file():
        raise FileNotFoundError(f"the app icons are missing from {svg.parent}")
    result = DesktopEntryFiles(home, exec_line(command))
    entry, *icons, scalable, metainfo = _target_files(home, list(pngs))
    template = desktop_file(".desktop").read_text(encoding="utf-8")
    _write(entry, desktop_entry_text(template, command).encode("utf-8"))
    result.files.append(entry)
    for target, source in zip(icons, pngs.values(), strict=True):
        _write(target, source.read_bytes())
        result.files.append(target)
    _write(scalable, svg.read_bytes())
    result.files.append(scalable)
    metainfo_source = desktop_file(".metainfo.xml")
    if metainfo_source.is_file():
        _write(metainfo, metainfo_source.read_bytes())
        result.files.append(metainfo)
    _refresh_caches(home)
    return result


def uninstall_desktop_entry(home: Path | None = None) -> DesktopEntryFiles:
    """Remove what `install_desktop_entry` wrote (at any icon size); returns what was removed."""
    home = home or data_home()
    result = DesktopEntryFiles(home)
    hicolor = home / "icons" / "hicolor"
    sized = sorted(hicolor.glob(f"*/apps/{APP_ID}.png")) if hicolor.is_dir() else []
    candidates = [*_target_files(home, []), *sized]
    for path in candidates:
        if path.is_file() or path.is_symlink():
            path.unlink()
            result.files.append(path)
    if result.files:
        _refresh_caches(home)
    return result


def handle_early_args(argv: Sequence[str]) -> int | None:
    """An exit code when argv asks to (un)install the desktop entry, after doing it; else None (start the app)."""
    args = list(argv)
    install, uninstall = INSTALL_FLAG in args, UNINSTALL_FLAG in args
    if not install and not uninstall:
        return None
    if install and uninstall:
        print(f"{APP_NAME}: use either {INSTALL_FLAG} or {UNINSTALL_FLAG}", file=sys.stderr)
        return 2
    if not sys.platform.startswith("linux") and "bsd" not in sys.platform:
        flag = INSTALL_FLAG if install else UNINSTALL_FLAG
        print(
            f"{APP_NAME}: {flag} is for Linux desktops; on Windows use the installer, on macOS the .app bundle.",
            file=sys.stderr,
        )
        return 2
    try:
        if install:
            done = install_desktop_entry()
            print(f"Installed {APP_NAME} in the applications menu (Exec={done.exec_line}):")
        else:
            done = uninstall_desktop_entry()
            print(f"Removed {APP_NAME} from the applications menu:" if done.files else "Nothing to remove.")
    except OSError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 1
    for path in done.files:
        print(f"  {path}")
    return 0


def local_paths(args: Sequence[str]) -> list[str]:
    """Command-line paths with `file://` URIs (what a desktop's `%U` passes) turned into local paths."""
    out = []
    for arg in args:
        if arg.startswith("file:"):
            parts = urlsplit(arg)
            if parts.netloc in ("", "localhost"):
                out.append(unquote(parts.path))
                continue
        out.append(arg)
    return out
