"""Build the one-folder app with PyInstaller, print its size, then start it under Xvfb as a user would.

    python scripts/build_bundle.py [--dist dist] [--no-run] [--language en|zh_CN] [--shot docs/screenshots/bundle.png]

1. installs PyInstaller into this Python's environment when it is missing;
2. builds packaging/finews-desktop.spec into dist/finews-desktop/ (and dist/finews-desktop.app on macOS);
3. prints the bundle's size (and its largest parts);
4. on Linux, unless --no-run: imports the finews sample archive into a fresh library with the
   command line, starts the built app on it in a virtual X server (Xvfb) with a fresh home,
   waits for its window to settle, saves a screenshot, closes the window the way a window
   manager's close button does (WM_DELETE_WINDOW) and checks that the app exits with 0.

Exit status 0 when everything above worked.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shotkit import fresh_env

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "finews-desktop.spec"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "finews"
DEFAULT_SHOT = REPO / "docs" / "screenshots" / "bundle.png"
APP_NAME = "finews-desktop"
SCREEN = (1440, 900)


# --- build -----------------------------------------------------------------------------------


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        print("PyInstaller is missing: installing it into", sys.prefix, flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6.10"], check=True)


def build(dist: Path, work: Path) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=REPO)
    folder = dist / APP_NAME
    if not folder.is_dir():
        raise SystemExit(f"PyInstaller made no {folder}")
    return folder


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def report_size(folder: Path) -> int:
    size = tree_size(folder)
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    print(f"\nbundle: {folder}  {size / 1e6:.1f} MB in {len(files)} files")
    for path in sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:8]:
        print(f"  {path.stat().st_size / 1e6:6.1f} MB  {path.relative_to(folder)}")
    return size


# --- a window manager's close button, in a few lines of Xlib ---------------------------------


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    )


class _XEvent(ctypes.Union):
    _fields_ = (("xclient", _XClientMessageEvent), ("pad", ctypes.c_long * 24))


def _xlib():
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    x = ctypes.CDLL(name)
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    x.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    x.XQueryTree.argtypes = (
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
        ctypes.POINTER(ctypes.c_uint),
    )
    x.XGetWindowProperty.argtypes = (
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_long,
        ctypes.c_long,
        ctypes.c_int,
        ctypes.c_ulong,
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)),
    )
    x.XSendEvent.argtypes = (ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(_XEvent))
    x.XFlush.argtypes = (ctypes.c_void_p,)
    x.XFree.argtypes = (ctypes.c_void_p,)
    x.XCloseDisplay.argtypes = (ctypes.c_void_p,)
    return x


def _window_pid(x, display, window: int, net_wm_pid: int) -> int | None:
    actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
    nitems, after = ctypes.c_ulong(), ctypes.c_ulong()
    data = ctypes.POINTER(ctypes.c_ubyte)()
    status = x.XGetWindowProperty(
        display, window, net_wm_pid, 0, 1, 0, 6, actual_type, actual_format, nitems, after, data
    )  # 6 = XA_CARDINAL
    if status != 0 or not data:
        return None
    try:
        return ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0] if nitems.value else None
    finally:
        x.XFree(data)


def close_windows_of(pid: int, display_name: str) -> int:
    """Send WM_DELETE_WINDOW to the top-level windows of `pid` (what a close button does); returns how many."""
    x = _xlib()
    display = x.XOpenDisplay(display_name.encode())
    if not display:
        raise RuntimeError(f"cannot open X display {display_name}")
    try:
        root = x.XDefaultRootWindow(display)
        wm_protocols = x.XInternAtom(display, b"WM_PROTOCOLS", 0)
        wm_delete = x.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
        net_wm_pid = x.XInternAtom(display, b"_NET_WM_PID", 0)
        root_ret, parent_ret = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        x.XQueryTree(display, root, root_ret, parent_ret, children, count)
        windows = [children[i] for i in range(count.value)]
        if children:
            x.XFree(children)
        sent = 0
        for window in windows:
            if _window_pid(x, display, window, net_wm_pid) != pid:
                continue
            event = _XEvent()
            event.xclient.type = 33  # ClientMessage
            event.xclient.window = window
            event.xclient.message_type = wm_protocols
            event.xclient.format = 32
            event.xclient.data[0] = wm_delete
            event.xclient.data[1] = 0  # CurrentTime
            x.XSendEvent(display, window, 0, 0, ctypes.byref(event))
            sent += 1
        x.XFlush(display)
        return sent
    finally:
        x.XCloseDisplay(display)


# --- running the built app -------------------------------------------------------------------


def start_xvfb() -> tuple[subprocess.Popen, str]:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is needed to try the bundle (apt-get install xvfb), or pass --no-run")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    with os.fdopen(read, "rb") as pipe:
        while not number.endswith(b"\n"):
            chunk = pipe.read(1)
            if not chunk:
                raise SystemExit("Xvfb did not start")
            number += chunk
    return proc, f":{number.decode().strip()}"


def grab_when_settled(display: str, out: Path, timeout: float) -> bool:
    """Screenshot the X screen once a window is shown and has stopped changing (a separate Qt client)."""
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    cmd = [sys.executable, __file__, "--grab", str(out), "--timeout", str(timeout)]
    return subprocess.run(cmd, env=env, timeout=timeout + 30).returncode == 0


def _drawn_area(image):  # -> QRect
    """The part of the screen the app's windows cover (Xvfb's root window is black; there is no window manager)."""
    from PySide6.QtCore import QRect

    background = image.pixel(image.width() - 1, image.height() - 1)
    rows = [
        y
        for y in range(image.height())
        if image.pixel(image.width() // 2, y) != background or image.pixel(4, y) != background
    ]
    cols = [
        x
        for x in range(image.width())
        if image.pixel(x, image.height() // 2) != background or image.pixel(x, 4) != background
    ]
    if not rows or not cols:
        return image.rect()
    return QRect(min(cols), min(rows), max(cols) - min(cols) + 1, max(rows) - min(rows) + 1)


def grab_main(out: Path, timeout: float) -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([sys.argv[0]])
    screen = app.primaryScreen()
    deadline = time.monotonic() + timeout
    previous, stable_since = None, None
    while time.monotonic() < deadline:
        image = screen.grabWindow(0).toImage()
        small = image.scaled(360, 225)
        shown = len({small.pixel(x, y) for x in range(0, 360, 9) for y in range(0, 225, 9)}) > 4
        key = bytes(small.constBits()) if shown else None
        if shown and key == previous:
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= 2.0:
                out.parent.mkdir(parents=True, exist_ok=True)
                image.copy(_drawn_area(image)).save(str(out))
                print(f"screenshot: {out}")
                return 0
        else:
            stable_since = None
        previous = key
        time.sleep(0.5)
    print("no settled window appeared", file=sys.stderr)
    return 1


def close_like_a_user(app: subprocess.Popen, display: str, timeout: float = 30.0) -> tuple[int | None, int]:
    """Click the close button of each window the app shows (a dialog first: Qt ignores a close blocked by it).

    Returns the app's exit code (None if it is still running after `timeout`) and how many closes were sent.
    """
    sent = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent += close_windows_of(app.pid, display)
        try:
            return app.wait(timeout=3), sent
        except subprocess.TimeoutExpired:
            continue
    return None, sent


def finews_cli() -> list[str]:
    script = Path(sys.executable).parent / "finews"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "finews_desktop.cli"]


def make_archive(folder: Path, posts: int) -> Path:
    """A Jekyll archive of `posts` small posts, to open with the app (what "Open with" passes)."""
    target = folder / "_posts"
    target.mkdir(parents=True)
    for i in range(posts):
        day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
        body = f"---\ntitle: 样本新闻 {i}\ncategories: [sample]\n---\n第 {i} 条：A股收盘，沪指涨 0.{i % 10}%。\n"
        (target / f"{day}-sample-{i}.md").write_text(body, encoding="utf-8")
    return folder


def try_bundle(folder: Path, corpus: Path, shot: Path, language: str, timeout: float, open_posts: int = 0) -> bool:
    executable = folder / APP_NAME
    ok = True
    with tempfile.TemporaryDirectory(prefix="finews-bundle-") as tmp_name:
        tmp = Path(tmp_name)
        env = fresh_env(tmp / "home", language)
        env.pop("QT_QPA_PLATFORM", None)
        library = tmp / "library"
        print(f"\nimporting {corpus} into a fresh library with the command line", flush=True)
        subprocess.run([*finews_cli(), "--library", str(library), "import", str(corpus)], env=env, check=True)

        xvfb, display = start_xvfb()
        log_path = tmp / "app.log"
        try:
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
            cmd = [str(executable), "--library", str(library), "--language", language]
            if open_posts:  # enough files for the import's worker processes (forkserver in a frozen app)
                cmd.append(str(make_archive(tmp / "opened", open_posts)))
            print(f"$ DISPLAY={display} {' '.join(cmd)}", flush=True)
            started = time.monotonic()
            with log_path.open("wb") as log:
                app = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
                try:
                    if not grab_when_settled(display, shot, timeout):
                        ok = False
                    print(f"window settled {time.monotonic() - started:.1f} s after start")
                    if app.poll() is not None:
                        print(f"the app exited early with {app.returncode}", file=sys.stderr)
                        return False
                    code, sent = close_like_a_user(app, display)
                    if code is None:
                        print("the app did not exit within 30 s of closing its windows: SIGTERM", file=sys.stderr)
                        app.send_signal(signal.SIGTERM)
                        code = app.wait(timeout=10)
                        ok = False
                    print(f"closed {sent} window(s) with WM_DELETE_WINDOW; the app exited with {code}")
                    ok = ok and sent > 0 and code == 0
                finally:
                    if app.poll() is None:
                        app.kill()
                        app.wait()
        finally:
            xvfb.terminate()
            xvfb.wait(timeout=10)
            text = log_path.read_text(errors="replace") if log_path.exists() else ""
            problems = [
                ln for ln in text.splitlines() if any(w in ln for w in ("Traceback", "Error", "Could not", "Cannot"))
            ]
            if problems:
                print("the app said:\n  " + "\n  ".join(problems[-15:]), file=sys.stderr)
                ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller", help="PyInstaller's work folder")
    parser.add_argument("--no-build", action="store_true", help="try the bundle already in --dist")
    parser.add_argument("--no-run", action="store_true", help="build and measure only")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the archive imported for the run")
    parser.add_argument("--shot", type=Path, default=DEFAULT_SHOT, help="where the screenshot goes")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds the window may take to settle")
    parser.add_argument(
        "--open-posts",
        type=int,
        default=0,
        metavar="N",
        help="also open an archive of N generated posts (>= 2000 uses worker processes)",
    )
    parser.add_argument("--grab", type=Path, help=argparse.SUPPRESS)  # internal: the screenshot process
    args = parser.parse_args(argv)
    if args.grab:
        return grab_main(args.grab, args.timeout)

    if args.no_build:
        folder = args.dist / APP_NAME
    else:
        ensure_pyinstaller()
        folder = build(args.dist, args.work)
    report_size(folder)
    if args.no_run:
        return 0
    if not sys.platform.startswith("linux"):
        print(f"start {folder / APP_NAME} to try it (the automatic run is for Linux with Xvfb)")
        return 0
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus} is missing: pass --corpus ARCHIVE or --no-run")
    ok = try_bundle(folder, args.corpus, args.shot, args.language, args.timeout, args.open_posts)
    print("\nbundle check:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
