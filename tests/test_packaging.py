"""Packaging: the desktop entry and AppStream metainfo validate, the icons are complete, the desktop
entry installs and uninstalls for a user, and the wheel carries icons, stylesheets and compiled
translations that the app finds once installed. No display needed."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from finews_desktop import desktop_integration as di
from finews_desktop import resources
from finews_desktop.core.paths import APP_ID, APP_NAME

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
ICONS = REPO / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
RAW_PREFIX = "https://raw.githubusercontent.com/finews/finews-desktop/main/"


def _desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


# --- the packaging files ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_desktop_file_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def _appstream(command: str, path: Path) -> subprocess.CompletedProcess[str]:
    """`appstreamcli validate` or `validate-tree`, offline (the flag is --nonet before AppStream 0.12.8)."""
    helptext = subprocess.run(["appstreamcli", command, "--help"], capture_output=True, text=True).stdout
    offline = "--no-net" if "--no-net" in helptext else "--nonet"
    return subprocess.run(["appstreamcli", command, offline, str(path)], capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_metainfo_validates() -> None:
    result = _appstream("validate", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr
    # errors and warnings fail; infos and pedantic hints (the app id's capitals) are accepted
    assert not [ln for ln in result.stdout.splitlines() if ln.startswith(("E:", "W:"))], result.stdout


def test_desktop_entry_says_what_the_issue_asks() -> None:
    entry = _desktop_entry(DESKTOP)
    assert entry["Exec"] == "finews-desktop %U"
    assert entry["Icon"] == APP_ID
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert {"inode/directory", "application/zip"} <= set(entry["MimeType"].rstrip(";").split(";"))
    assert "Office" in entry["Categories"].split(";")
    assert entry["Name[zh_CN]"] and "新闻" in entry["Keywords"] and "新闻" in entry["Keywords[zh_CN]"]
    assert entry["StartupWMClass"] == APP_NAME  # Qt's WM_CLASS is the application name


def test_metainfo_matches_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert {b.text for b in root.iter("binary")} == {"finews-desktop", "finews"}
    assert root.find("content_rating").get("type").startswith("oars-")
    assert {s.get(lang) for s in root.findall("summary")} == {None, "zh_CN"}
    assert any(p.get(lang) == "zh_CN" for p in root.find("description").iter("p"))
    release = root.find("releases/release")
    from finews_desktop import __version__

    assert release.get("version") == __version__ and release.find("description") is not None
    images = [i.text for i in root.iter("image")]
    assert images, "no screenshots"
    for url in images:
        assert url.startswith(RAW_PREFIX), url
        assert (REPO / url[len(RAW_PREFIX) :]).is_file(), f"{url} names no file in the repository"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_installed_tree_validates(tmp_path: Path) -> None:
    """The files as a distribution installs them: desktop entry, metainfo and icon found together."""
    share = tmp_path / "usr" / "share"
    di.install_desktop_entry(home=share, command=["/usr/bin/finews-desktop"])
    result = _appstream("validate-tree", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


# --- icons -----------------------------------------------------------------------------------


def test_app_icon_pngs_come_in_every_size() -> None:
    svg = ICONS / f"{APP_ID}.svg"
    assert ET.parse(svg).getroot().get("viewBox") == "0 0 256 256"
    pngs = resources.app_icon_pngs()
    assert list(pngs) == list(SIZES)
    for size, path in pngs.items():
        assert _png_size(path) == (size, size)


def test_windows_and_macos_icons_hold_pngs() -> None:
    ico = (PACKAGING / "windows" / "finews-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 6
    for i in range(count):
        _w, _h, _c, _r, _p, _bpp, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i])
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and length > 0
    icns = (PACKAGING / "macos" / "finews-desktop.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, pos = set(), 8
    while pos < len(icns):
        kinds.add(icns[pos : pos + 4])
        pos += struct.unpack(">I", icns[pos + 4 : pos + 8])[0]
    assert {b"icp4", b"ic07", b"ic08", b"ic09", b"ic10"} - kinds == {b"ic10"}  # 1024 px is optional


# --- the desktop entry for the current user --------------------------------------------------


def test_install_and_uninstall_desktop_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    launcher = tmp_path / "my venv" / "bin" / "finews-desktop"
    launcher.parent.mkdir(parents=True)
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    monkeypatch.setattr(di, "launcher_command", lambda: [str(launcher)])

    assert di.handle_early_args(["--library", "x"]) is None
    assert di.handle_early_args(["--install-desktop-entry"]) == 0

    entry_path = home / "applications" / f"{APP_ID}.desktop"
    entry = _desktop_entry(entry_path)
    assert entry["Exec"] == f'"{launcher}" %U'  # quoted: the path has a space
    assert entry["TryExec"] == f'"{launcher}"'
    assert entry["Icon"] == APP_ID and entry["MimeType"] == _desktop_entry(DESKTOP)["MimeType"]
    for size in SIZES:
        icon = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert _png_size(icon) == (size, size)
    assert (home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (home / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(entry_path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout
    if shutil.which("update-desktop-database"):
        assert APP_ID in (home / "applications" / "mimeinfo.cache").read_text()  # "Open with" for folders

    assert di.handle_early_args(["--uninstall-desktop-entry"]) == 0
    left = [p for p in home.rglob("*") if p.is_file() and APP_ID in p.name]
    assert not left
    assert di.uninstall_desktop_entry().files == []  # nothing left to remove


def test_installing_twice_replaces_and_both_flags_are_refused(tmp_path: Path) -> None:
    first = di.install_desktop_entry(home=tmp_path, command=["/opt/a/finews-desktop"])
    second = di.install_desktop_entry(home=tmp_path, command=["/opt/b/finews-desktop"])
    assert first.files == second.files
    assert _desktop_entry(di.desktop_entry_path(tmp_path))["Exec"] == "/opt/b/finews-desktop %U"
    assert di.handle_early_args(["--install-desktop-entry", "--uninstall-desktop-entry"]) == 2


def test_exec_quoting_follows_the_desktop_entry_spec() -> None:
    assert di.exec_line(["/usr/bin/finews-desktop"]) == "/usr/bin/finews-desktop %U"
    assert di.exec_line(["/opt/my app/python", "-m", "finews_desktop"]) == '"/opt/my app/python" -m finews_desktop %U'
    assert di.exec_quote("/a/100%/b") == "/a/100%%/b"
    assert di.exec_quote('/a/"q"$x') == r'"/a/\\"q\\"\\$x"'


def test_launcher_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    python.write_text("")
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setattr(sys, "argv", ["-c"])
    assert di.launcher_command() == [str(python), "-m", "finews_desktop"]
    script = python.parent / "finews-desktop"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert di.launcher_command() == [str(script)]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bundle" / "finews-desktop"))
    assert di.launcher_command() == [str((tmp_path / "bundle" / "finews-desktop").resolve())]


def test_local_paths_from_uris() -> None:
    assert di.local_paths(["file:///home/u/%E6%96%B0%E9%97%BB/a%20b.zip", "file://localhost/x", "/plain", "rel"]) == [
        "/home/u/新闻/a b.zip",
        "/x",
        "/plain",
        "rel",
    ]


def test_desktop_integration_and_resources_load_no_qt() -> None:
    code = (
        "import sys, finews_desktop.desktop_integration, finews_desktop.resources\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(
    "handle_early_args" not in (REPO / "finews_desktop" / "app.py").read_text(encoding="utf-8"),
    reason="app.main does not call desktop_integration.handle_early_args yet",
)
def test_the_app_installs_its_desktop_entry(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "finews_desktop", "--install-desktop-entry"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    command = _desktop_entry(tmp_path / "applications" / f"{APP_ID}.desktop")["Exec"]
    program = command.split(" ")[0].strip('"')
    assert command.endswith(" %U") and Path(program).is_absolute() and Path(program).exists(), command


# --- the wheel ----------------------------------------------------------------------------------


def test_checkout_resources_are_found() -> None:
    assert resources.resources_dir() == REPO / "resources"
    assert resources.translations_dir() == REPO / "resources" / "translations"
    assert resources.desktop_file(".desktop") == DESKTOP


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel` of a copy of the source tree (so a build never writes into the checkout)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "LICENSE", "README.md"):
        shutil.copy2(REPO / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.qm")
    for name in ("finews_desktop", "resources", "packaging"):
        shutil.copytree(REPO / name, src / name, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        check=True,
        timeout=600,
    )
    (found,) = out.glob("finews_desktop-*.whl")
    return found


def test_wheel_carries_icons_stylesheets_and_compiled_translations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    base = "finews_desktop/resources/"
    for size in SIZES:
        assert f"{base}icons/{APP_ID}-{size}.png" in names
    assert f"{base}icons/{APP_ID}.svg" in names
    for ts in (REPO / "resources" / "translations").glob("*.ts"):
        assert f"{base}translations/{ts.stem}.qm" in names
    for css in (REPO / "resources").glob("preview/*.css"):
        assert f"{base}preview/{css.name}" in names
    assert f"{base}desktop/{APP_ID}.desktop" in names and f"{base}desktop/{APP_ID}.metainfo.xml" in names
    assert not [n for n in names if n.endswith(".ts")]
    meta = zipfile.ZipFile(wheel)
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    metadata = meta.read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "Project-URL: Homepage" in metadata
    assert f"{dist_info}/licenses/LICENSE" in names
    entry_points = meta.read(f"{dist_info}/entry_points.txt").decode()
    assert "[gui_scripts]\nfinews-desktop = finews_desktop.app:main" in entry_points
    assert "[console_scripts]\nfinews = finews_desktop.cli:main" in entry_points


def test_installed_wheel_finds_its_resources_and_translations(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = f"""
import sys
sys.path.insert(0, {str(site)!r})
from pathlib import Path
from finews_desktop import resources, desktop_integration
site = Path({str(site)!r})
assert resources.resources_dir() == site / "finews_desktop" / "resources", resources.resources_dir()
assert resources.desktop_file(".desktop").is_relative_to(site)
files = desktop_integration.install_desktop_entry(home=site / "share", command=["/x/finews-desktop"]).files
assert len(files) == 11, files
from PySide6.QtCore import QCoreApplication, QTranslator
from finews_desktop.ui import i18n
app = QCoreApplication([])
qm = i18n.qm_file("zh_CN")
assert qm is not None and Path(qm).is_relative_to(site), qm
tr = QTranslator()
assert tr.load(str(qm)) and not tr.isEmpty()
print("ok", qm)
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and "ok" in result.stdout, result.stdout + result.stderr
