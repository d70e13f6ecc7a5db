"""Build the one-folder app with PyInstaller, print its size, then start it under Xvfb as a user would.

    python scripts/build_bundle.py [--dist dist] [--no-run] [--language en|zh_CN] [--shot docs/screenshots/bundle.png]

1. installs PyInstaller (the `bundle` extra of pyproject.toml) into this Python's environment
   when it is missing;
2. builds packaging/finews-desktop.spec into dist/finews-desktop/ (and dist/finews-desktop.app on macOS);
3. prints the bundle's size, its largest files and what each part of it weighs;
4. on Linux, unless --no-run, checks the built app as a new user would meet it:
   * imports the finews sample archive into a fresh library with the command line (fresh home);
   * serves two pictures from 127.0.0.1 only: a JPEG K-line chart over http and a WebP photo over
     https (a certificate authority made for the run with `openssl`);
   * starts the built app in a virtual X server (Xvfb) on that library, opened with a one-post
     archive whose post shows those pictures (what a file manager's "Open with" does: the app
     imports it in its own child process);
   * the app, told so by FINEWS_BUNDLE_CHECK (packaging/bundle_main.py), closes the import report,
     selects that post, asks for its images ("Load Images") and prints what it got;
   * saves a screenshot, closes the window the way a window manager's close button does
     (WM_DELETE_WINDOW) and checks that the app exits with 0, that each picture was fetched once
     and decoded, and that the app logged no error.

Exit status 0 when everything above worked. tests/test_bundle.py runs this in CI (CI=true).
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import importlib.util
import json
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


def bundle_requirements() -> list[str]:
    """The `bundle` extra of pyproject.toml (one place says which PyInstaller)."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["optional-dependencies"]["bundle"])


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        requirements = bundle_requirements()
        print(f"PyInstaller is missing: installing {' '.join(requirements)} into", sys.prefix, flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *requirements], check=True)


def build(dist: Path, work: Path) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("$", " ".join(cmd), flush=True)
    started = time.monotonic()
    subprocess.run(cmd, check=True, cwd=REPO)
    print(f"built in {time.monotonic() - started:.0f} s")
    folder = dist / APP_NAME
    if not folder.is_dir():
        raise SystemExit(f"PyInstaller made no {folder}")
    return folder


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in _files(folder))


# The parts of the bundle, for the size report: (name, the first match of its files' paths)
PARTS = (
    ("ICU (Unicode data that QtCore links to)", ("PySide6/Qt/lib/libicu",)),
    ("Qt libraries", ("PySide6/Qt/lib/",)),
    ("Qt plugins", ("PySide6/Qt/plugins/",)),
    ("Qt translations", ("PySide6/Qt/translations/",)),
    ("PySide6 bindings", ("PySide6/", "shiboken6/")),
    ("numpy", ("numpy/", "numpy.libs/")),
    ("lxml", ("lxml/",)),
    ("Python (libpython, extension modules, base_library.zip)", ("libpython", "python3", "base_library.zip")),
    ("the executable (bootloader, app and library code, PYZ)", (APP_NAME,)),
    ("the app's resources", ("finews_desktop/",)),
    ("system libraries copied in (X11/xcb, fontconfig, OpenSSL, D-Bus...)", ("lib",)),
)


def _part(relative: str) -> str:
    inside = relative.removeprefix("_internal/")
    for name, prefixes in PARTS:
        if inside.startswith(prefixes):
            return name
    return "other"


def report_size(folder: Path) -> int:
    files = _files(folder)
    size = sum(p.stat().st_size for p in files)
    print(f"\nbundle: {folder}  {size / 1e6:.1f} MB in {len(files)} files")
    print("largest files:")
    for path in sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:12]:
        print(f"  {path.stat().st_size / 1e6:6.1f} MB  {path.relative_to(folder)}")
    parts: dict[str, int] = {}
    for path in files:
        name = _part(str(path.relative_to(folder)))
        parts[name] = parts.get(name, 0) + path.stat().st_size
    print("by part:")
    for name, part_size in sorted(parts.items(), key=lambda kv: kv[1], reverse=True):
        print(f"  {part_size / 1e6:6.1f} MB  {name}")
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


# --- what the check shows the app: pictures from 127.0.0.1, http and https ------------------

CHECK_TITLE = "Bundle check: pictures over http and https 远程图片"
PICTURES = {"kline.jpg": ("JPG", (578, 276)), "photo.webp": ("WEBP", (480, 320))}


def draw_pictures_main(folder: Path) -> int:
    """(A child process with an offscreen Qt) a K-line chart as JPEG and a "photo" as WebP."""
    import random

    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QLinearGradient, QPainter, QPen

    app = QGuiApplication([sys.argv[0]])  # noqa: F841  (fonts need it)
    rnd = random.Random(24)
    width, height = PICTURES["kline.jpg"][1]
    chart = QImage(width, height, QImage.Format.Format_RGB32)
    chart.fill(QColor("white"))
    p = QPainter(chart)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#e3e3e3"), 1))
    for i in range(5):
        p.drawLine(QPointF(40, 24 + i * 55), QPointF(width - 10, 24 + i * 55))
    candles, price = [], 20.0
    for _ in range(44):
        close = max(1.0, price * (1 + rnd.gauss(0.004, 0.03)))
        candles.append((price, close, max(price, close) * 1.01, min(price, close) * 0.99))
        price = close
    low, high = min(c[3] for c in candles), max(c[2] for c in candles)

    def y(v: float) -> float:
        return height - 12 - (v - low) / (high - low) * (height - 44)

    for i, (o, c, hi, lo) in enumerate(candles):
        x = 46 + i * 12
        colour = QColor("#e4393c") if c >= o else QColor("#2ba84a")  # red up, as in Chinese markets
        p.setPen(QPen(colour, 1))
        p.drawLine(QPointF(x + 4, y(hi)), QPointF(x + 4, y(lo)))
        p.fillRect(QRectF(x, y(max(o, c)), 9, max(1.0, abs(y(o) - y(c)))), colour)
    p.setPen(QColor("#333333"))
    p.setFont(QFont(p.font().family(), 11))
    p.drawText(QRectF(44, 2, width - 50, 18), Qt.AlignmentFlag.AlignLeft, "600000 K-line (JPEG, http)")
    p.end()
    chart.save(str(folder / "kline.jpg"), "JPG", 90)

    width, height = PICTURES["photo.webp"][1]
    photo = QImage(width, height, QImage.Format.Format_RGB32)
    p = QPainter(photo)
    sky = QLinearGradient(0, 0, 0, height)
    sky.setColorAt(0, QColor("#3a7bd5"))
    sky.setColorAt(1, QColor("#f2d7a6"))
    p.fillRect(photo.rect(), sky)
    p.setBrush(QColor("#2f4f4f"))
    p.setPen(Qt.PenStyle.NoPen)
    for i in range(9):  # a skyline
        w, h = 40 + (i * 37) % 30, 80 + (i * 53) % 140
        p.drawRect(QRectF(10 + i * 52, height - h, w, h))
    p.setPen(QColor("white"))
    p.setFont(QFont(p.font().family(), 14))
    p.drawText(QRectF(0, 16, width, 30), Qt.AlignmentFlag.AlignCenter, "Lujiazui (WebP, https)")
    p.end()
    photo.save(str(folder / "photo.webp"), "WEBP", 90)
    return 0


def draw_pictures(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, __file__, "--draw", str(folder)], env=env, check=True, timeout=120)
    return {name: (folder / name).read_bytes() for name in PICTURES}


def make_certificates(folder: Path) -> tuple[Path, Path, Path] | None:
    """A certificate authority and a server certificate for 127.0.0.1 (CA, certificate, key), or None
    without `openssl`. Only this run trusts the CA: the app adds it for the check alone."""
    if shutil.which("openssl") is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    ca, ca_key, cert, key, csr = (folder / n for n in ("ca.pem", "ca.key", "server.pem", "server.key", "server.csr"))
    ext = folder / "server.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    quiet = {"check": True, "capture_output": True, "timeout": 60}
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca),
            *("-days", "2", "-subj", "/CN=finews-desktop bundle check CA"),
            *("-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"),
        ],
        **quiet,
    )
    subprocess.run(
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1"],
        **quiet,
    )
    subprocess.run(
        [
            *("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial"),
            *("-out", cert, "-days", "2", "-extfile", ext),
        ],
        **quiet,
    )
    return ca, cert, key


class PictureServer:
    """Serves the pictures on 127.0.0.1 (a free port), over TLS when given a certificate; counts requests."""

    def __init__(self, pictures: dict[str, bytes], tls: tuple[Path, Path] | None = None) -> None:
        import http.server
        import ssl
        import threading

        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                name = self.path.lstrip("/")
                server.requests.append(name)
                data = pictures.get(name)
                if data is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg" if name.endswith(".jpg") else "image/webp")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}/{name}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def make_archive(folder: Path, image_urls: list[str], posts: int = 0) -> Path:
    """A Jekyll archive to open the app with (what "Open with" passes): the check's post, which shows the
    pictures, dated after everything else so it is the list's first row, and `posts` small posts."""
    target = folder / "_posts"
    target.mkdir(parents=True)
    images = "\n\n".join(f'<img src="{url}" alt="{Path(url).name}">' for url in image_urls)
    (target / "2024-06-03-bundle-check.md").write_text(
        f'---\nlayout: post\ntitle: "{CHECK_TITLE}"\ndate: 2024-06-03 09:30:00 +0800\ncategories: emnews\n'
        f"tags: 东财滚动新闻\n---\n> The start-up check of the built app: the pictures below come from a server "
        f"on 127.0.0.1, the first over http, the second over https.\n\n{images}\n",
        encoding="utf-8",
    )
    for i in range(posts):
        day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
        body = f"---\ntitle: 样本新闻 {i}\ncategories: [sample]\n---\n第 {i} 条：A股收盘，沪指涨 0.{i % 10}%。\n"
        (target / f"{day}-sample-{i}.md").write_text(body, encoding="utf-8")
    return folder


# --- the check ---------------------------------------------------------------------------------


def wait_for_check(app: subprocess.Popen, log_path: Path, timeout: float) -> str:
    """The app's log once it says `bundle-check: done` or `FAILED`, exits, or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        text = log_path.read_text(errors="replace") if log_path.exists() else ""
        if "bundle-check: done" in text or "bundle-check: FAILED" in text or app.poll() is not None:
            return text
        if time.monotonic() > deadline:
            return text + f"\n(no word from the check within {timeout:.0f} s)"
        time.sleep(0.2)


def judge(lines: list[str], served: dict[str, PictureServer], expected: dict[str, tuple[int, int]]) -> list[str]:
    """What is wrong, from the app's `bundle-check:` lines and the servers' request logs."""
    said = [ln.removeprefix("bundle-check: ") for ln in lines if ln.startswith("bundle-check: ")]
    problems = [f"the app says: {ln}" for ln in said if "FAILED" in ln or "NOT" in ln or "WRONG" in ln]
    if "done" not in said:
        problems.append("the check did not finish (no `bundle-check: done`)")
    if not any(ln.startswith("tls ") and ln.endswith("supported") for ln in said):
        problems.append("Qt's TLS backend is not working (no `tls ... supported` line)")
    if not any(ln.startswith("numpy ") and ln.endswith(" ok") for ln in said):
        problems.append("numpy did not work in the bundle")
    for name, server in served.items():
        url = server.url(name)
        w, h = expected[name]
        if f"image {url} loaded {w}x{h}" not in said:
            problems.append(f"{url} was not loaded and decoded as a {w}x{h} picture")
        if server.requests.count(name) != 1:
            problems.append(f"{url} was requested {server.requests.count(name)} times, not once")
    return problems


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

        pictures = draw_pictures(tmp / "pictures")
        certificates = make_certificates(tmp / "tls")
        servers = {"kline.jpg": PictureServer({"kline.jpg": pictures["kline.jpg"]})}
        if certificates is not None:
            servers["photo.webp"] = PictureServer({"photo.webp": pictures["photo.webp"]}, certificates[1:])
        else:
            print("no `openssl` here: the https picture is left out of the check", file=sys.stderr)
        config = {"title": CHECK_TITLE, "ca_file": str(certificates[0]) if certificates else None}
        (tmp / "check.json").write_text(json.dumps(config), encoding="utf-8")
        archive = make_archive(tmp / "opened", [s.url(name) for name, s in servers.items()], open_posts)

        xvfb, display = start_xvfb()
        log_path = tmp / "app.log"
        try:
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", FINEWS_BUNDLE_CHECK=str(tmp / "check.json"))
            cmd = [str(executable), "--library", str(library), "--language", language, str(archive)]
            print(f"$ DISPLAY={display} FINEWS_BUNDLE_CHECK=check.json {' '.join(cmd)}", flush=True)
            started = time.monotonic()
            with log_path.open("wb") as log:
                app = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
                try:
                    text = wait_for_check(app, log_path, timeout)
                    print(f"the check's steps took {time.monotonic() - started:.1f} s from the start")
                    if app.poll() is not None:
                        print(f"the app exited early with {app.returncode}", file=sys.stderr)
                        ok = False
                    elif not grab_when_settled(display, shot, timeout):
                        ok = False
                    if app.poll() is None:
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
            for server in servers.values():
                server.close()
        text = log_path.read_text(errors="replace") if log_path.exists() else ""
        lines = text.splitlines()
        print("the app said:\n  " + "\n  ".join(ln for ln in lines if ln.startswith("bundle-check: ")))
        problems = judge(lines, servers, {name: size for name, (_fmt, size) in PICTURES.items()})
        errors = [ln for ln in lines if any(w in ln for w in ("Traceback", "Error", "Could not", "Cannot"))]
        if errors:
            problems.append("the app logged errors:\n    " + "\n    ".join(errors[-15:]))
        for problem in problems:
            print("PROBLEM:", problem, file=sys.stderr)
        if problems:
            print("the app's log, last lines:\n  " + "\n  ".join(lines[-40:]), file=sys.stderr)
    return ok and not problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller", help="PyInstaller's work folder")
    parser.add_argument("--no-build", action="store_true", help="try the bundle already in --dist")
    parser.add_argument("--no-run", action="store_true", help="build and measure only")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the archive imported for the run")
    parser.add_argument("--shot", type=Path, default=DEFAULT_SHOT, help="where the screenshot goes")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds the check's steps may take")
    parser.add_argument(
        "--open-posts",
        type=int,
        default=0,
        metavar="N",
        help="also put N generated posts in the archive the app is opened with (>= 2000 uses worker processes)",
    )
    parser.add_argument("--grab", type=Path, help=argparse.SUPPRESS)  # internal: the screenshot process
    parser.add_argument("--draw", type=Path, help=argparse.SUPPRESS)  # internal: drawing the pictures
    args = parser.parse_args(argv)
    if args.grab:
        return grab_main(args.grab, args.timeout)
    if args.draw:
        return draw_pictures_main(args.draw)

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
    started = time.monotonic()
    ok = try_bundle(folder, args.corpus.resolve(), args.shot.resolve(), args.language, args.timeout, args.open_posts)
    print(f"\nbundle check: {'OK' if ok else 'FAILED'} ({time.monotonic() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
