"""Render the app icon's PNGs (16-512 px), the Windows .ico and the macOS .icns from its SVG.

    python scripts/make_icons.py [--check] [--sheet PNG]

The SVG `resources/icons/<app id>.svg` is the source; this writes
`resources/icons/<app id>-<size>.png` for every size in SIZES (QSvgRenderer,
offscreen, antialiased), `packaging/windows/finews-desktop.ico` and
`packaging/macos/finews-desktop.icns` (both PNG-compressed, which Windows Vista+
and macOS 10.7+ read). `--check` only reports whether the committed files are up
to date; `--sheet` also writes a contact sheet of every size for a look.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from finews_desktop.core.paths import APP_ID  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = REPO / "resources" / "icons"
SVG = ICONS / f"{APP_ID}.svg"
ICO = REPO / "packaging" / "windows" / "finews-desktop.ico"
ICNS = REPO / "packaging" / "macos" / "finews-desktop.icns"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types holding PNG data, by pixel size (the @2x types reuse the larger PNGs).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
)


def png_path(size: int) -> Path:
    return ICONS / f"{APP_ID}-{size}.png"


def render_pngs(svg: Path = SVG) -> dict[int, bytes]:
    """Each size rendered from the SVG, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["make_icons"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG for Qt")
    out: dict[int, bytes] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
        buffer.close()
        out[size] = bytes(data.data())
    return out


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico with one PNG-compressed image per size (256 is written as 0 in the directory)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + directory + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns made of PNG elements (what `iconutil -c icns` makes from an .iconset)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def contact_sheet(pngs: dict[int, bytes], dest: Path) -> None:
    """Every size side by side on a light and a dark background, for a look."""
    from PySide6.QtGui import QColor, QImage, QPainter

    width = sum(SIZES) + 16 * (len(SIZES) + 1)
    height = 2 * (max(SIZES) + 32)
    sheet = QImage(width, height, QImage.Format.Format_ARGB32)
    painter = QPainter(sheet)
    painter.fillRect(0, 0, width, height // 2, QColor("#f6f6f6"))
    painter.fillRect(0, height // 2, width, height // 2, QColor("#2b2b2b"))
    for row in range(2):
        x = 16
        for size in SIZES:
            image = QImage.fromData(pngs[size], "PNG")
            painter.drawImage(x, row * height // 2 + 16, image)
            x += size + 16
    painter.end()
    sheet.save(str(dest))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed files are up to date")
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet of every size to this PNG")
    args = parser.parse_args(argv)
    pngs = render_pngs()
    wanted = {png_path(size): data for size, data in pngs.items()}
    wanted[ICO] = ico_bytes(pngs)
    wanted[ICNS] = icns_bytes(pngs)
    if args.check:
        stale = [p for p, data in wanted.items() if not p.exists() or p.read_bytes() != data]
        for path in stale:
            print(f"out of date: {path.relative_to(REPO)}")
        return 1 if stale else 0
    for path, data in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(REPO)}  {len(data):,} bytes")
    if args.sheet:
        contact_sheet(pngs, args.sheet)
        print(f"contact sheet: {args.sheet}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
