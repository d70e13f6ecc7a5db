"""Screenshots of the preview: the finews seed post and the NIO post, images off and on, under Xvfb.

    python scripts/screenshots_preview.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Like scripts/screenshots.py: the work runs in its own `xvfb-run` process with a
fresh home, library, settings and cache. The two posts are imported into a
temporary library with `finews --library DIR import` (with the rest of the archive), the app is started in
简体中文, each post is selected in the window and the preview is grabbed, first
with remote images off (placeholders), then after "Load images". Nothing is
fetched from the internet: the preview's image loader is pointed at a local HTTP
server (its `rewrite` hook) that serves pictures drawn here with QPainter, a
candlestick chart for the eastmoney K-line URLs and a plain illustration for
the others.
"""

from __future__ import annotations

import random
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import shotkit
from shotkit import SEED_POST, close_app, post_id_of, settle, snap, start_app, wait

POSTS = {
    "seed": SEED_POST,
    "nio": "-202205262391921712.md",
}
SIZE = (1440, 1000)
PREVIEW_WIDTH = 760


def import_archive(tmp: Path, env: dict[str, str], corpus: Path) -> None:
    """The sample archive into the fresh library with the command line, before the app starts."""
    # the whole archive: its category pages give the sources their display names
    subprocess.run(
        ["finews", "--library", str(tmp / "library"), "import", str(corpus)], env=env, check=True, timeout=300
    )


# --- pictures drawn for the local image server -------------------------------------------


def candlestick_png(code: str, width: int = 578, height: int = 276) -> bytes:
    """A K-line chart: candles, a moving average and a volume strip, in eastmoney's colours."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF

    rnd = random.Random(code)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    left, top, right, price_bottom, vol_top, bottom = (
        44,
        24,
        width - 10,
        int(height * 0.70),
        int(height * 0.75),
        height - 16,
    )
    p.setPen(QPen(QColor("#e3e3e3"), 1))
    for i in range(5):
        y = top + (price_bottom - top) * i / 4
        p.drawLine(QPointF(left, y), QPointF(right, y))
    p.drawRect(QRectF(left, top, right - left, price_bottom - top))
    p.drawRect(QRectF(left, vol_top, right - left, bottom - vol_top))
    n = 48
    price = 20.0
    candles = []
    for _ in range(n):
        o = price
        c = max(1.0, o * (1 + rnd.gauss(0.002, 0.025)))
        h = max(o, c) * (1 + abs(rnd.gauss(0, 0.01)))
        low = min(o, c) * (1 - abs(rnd.gauss(0, 0.01)))
        candles.append((o, h, low, c, rnd.uniform(0.3, 1.0)))
        price = c
    hi = max(c[1] for c in candles)
    lo = min(c[2] for c in candles)

    def y_of(v: float) -> float:
        return top + 6 + (hi - v) / (hi - lo) * (price_bottom - top - 12)

    step = (right - left) / n
    ma: list[QPointF] = []
    for i, (o, h, low, c, vol) in enumerate(candles):
        x = left + step * (i + 0.5)
        colour = QColor("#e53935") if c >= o else QColor("#17a34a")  # red up, green down (A-share)
        p.setPen(QPen(colour, 1))
        p.drawLine(QPointF(x, y_of(h)), QPointF(x, y_of(low)))
        body = QRectF(x - step * 0.35, y_of(max(o, c)), step * 0.7, max(1.0, abs(y_of(o) - y_of(c))))
        p.fillRect(body, colour)
        vh = (bottom - vol_top - 2) * vol
        p.fillRect(QRectF(x - step * 0.35, bottom - vh, step * 0.7, vh), colour)
        window = [cd[3] for cd in candles[max(0, i - 4) : i + 1]]
        ma.append(QPointF(x, y_of(sum(window) / len(window))))
    p.setPen(QPen(QColor("#f0a020"), 1.4))
    p.drawPolyline(QPolygonF(ma))
    font = QFont()
    font.setPixelSize(11)
    p.setFont(font)
    p.setPen(QColor("#555"))
    for i in range(5):
        v = hi - (hi - lo) * i / 4
        p.drawText(QRectF(0, y_of(v) - 7, left - 4, 14), Qt.AlignmentFlag.AlignRight, f"{v:.2f}")
    p.setPen(QColor("#333"))
    p.drawText(QRectF(left, 4, right - left, 16), Qt.AlignmentFlag.AlignLeft, f"{code}  日K  MA5")
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def illustration_png(width: int, height: int, seed: str) -> bytes:
    """A quiet stand-in for a news photo: a soft gradient, a skyline and a caption strip."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    rnd = random.Random(seed)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    p = QPainter(image)
    grad = QLinearGradient(0, 0, 0, height)
    grad.setColorAt(0, QColor("#cfe0f3"))
    grad.setColorAt(1, QColor("#f4f7fb"))
    p.fillRect(image.rect(), grad)
    x = 0.0
    while x < width:
        w = rnd.uniform(width * 0.04, width * 0.1)
        h = rnd.uniform(height * 0.2, height * 0.65)
        p.fillRect(QRectF(x, height - h, w - 3, h), QColor(90 + rnd.randint(0, 40), 110 + rnd.randint(0, 40), 140))
        x += w
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def pictures_for(corpus: Path) -> dict[str, bytes]:
    """The PNG served for every image URL of the two posts."""
    out: dict[str, bytes] = {}
    for name in POSTS.values():
        text = (corpus / "_posts" / name).read_text(encoding="utf-8")
        for url in re.findall(r'src="(https?://[^"]+)"', text):
            url = url.replace("&amp;", "&")
            if "webquoteklinepic.eastmoney.com" in url:
                nid = parse_qs(urlsplit(url).query).get("nid", ["0.000000"])[0]
                out[url] = candlestick_png(nid.split(".", 1)[-1])
            else:
                m = re.search(r"_w(\d+)h(\d+)", url)
                w, h = (int(m.group(1)), int(m.group(2))) if m else (800, 450)
                out[url] = illustration_png(w, h, url)
    return out


def serve(pictures: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def do_GET(self) -> None:
            url = parse_qs(urlsplit(self.path).query).get("u", [""])[0]
            data = pictures.get(url)
            if data is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


# --- the shots ------------------------------------------------------------------------------


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    started = start_app(tmp, lang, SIZE)
    window = started.window
    preview = window.preview
    httpd, base = serve(pictures_for(corpus))
    preview.loader.rewrite = lambda url: f"{base}/img?u={quote(url, safe='')}"

    wait(lambda: window.facets is not None and window.model.rowCount() == len(window.library.post_ids()))
    window.splitter.setSizes([200, SIZE[0] - 200 - PREVIEW_WIDTH, PREVIEW_WIDTH])
    settle()
    for key, name in POSTS.items():
        pid = post_id_of(window, name)
        window.table.selectRow(window.model.row_of(pid))
        wait(lambda pid=pid: preview.post_id == pid)
        snap(preview, out / f"preview-{key}-images-off.png")
        preview.load_images()
        n = len(preview.rendered.images)
        wait(lambda n=n: all(preview.image_state(i) in ("loaded", "failed") for i in range(n)))
        snap(preview, out / f"preview-{key}-images-on.png", 600)
        print(key, "images:", [preview.image_state(i) for i in range(n)])
    httpd.shutdown()
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(
        shotkit.main(
            __doc__, __file__, shoot, SIZE, languages=("zh_CN",), prepare=import_archive, prefix="finews-preview-shots-"
        )
    )
