"""The preview pane: a post's rendered body in a QTextBrowser that never loads remote resources.

A later issue makes it rich and safe (core/render.py); this widget keeps that
work in one place: `PostPreview.show_post(record, raw)`.
"""

from __future__ import annotations

import html
from typing import Any

import markdown
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from finews_desktop.core import jekyll

MAX_RENDERED_BYTES = 512 * 1024  # bigger bodies are shown as plain text


def body_html(raw: bytes) -> str:
    """The post body (front matter cut the way Jekyll cuts it) as HTML, or escaped text when huge."""
    text, _encoding, _valid = jekyll.decode_post_bytes(raw)
    _fm, _span, offset = jekyll.split_front_matter(text)
    body = text[offset:]
    if len(raw) > MAX_RENDERED_BYTES:
        return f"<pre>{html.escape(body)}</pre>"
    return markdown.markdown(body, output_format="html")


def post_html(record: dict[str, Any], raw: bytes) -> str:
    stocks_label = QCoreApplication.translate("PostPreview", "Stocks")
    warnings_label = QCoreApplication.translate("PostPreview", "Jekyll warnings")
    link_label = QCoreApplication.translate("PostPreview", "Source link")
    title = html.escape(record.get("title_text") or "")
    meta = [html.escape(record.get("date") or "")]
    categories = record.get("categories") or []
    if isinstance(categories, list) and categories:
        meta.append(html.escape(", ".join(map(str, categories))))
    tags = record.get("tags") or []
    if isinstance(tags, list) and tags:
        meta.append(html.escape(" · ".join(map(str, tags))))
    head = f"<h2>{title}</h2><p style='color:gray'>{' &nbsp;|&nbsp; '.join(m for m in meta if m)}</p>"
    if record.get("stocks"):
        stocks = ", ".join(
            html.escape(f"{s['name']} {s['code']}" if s.get("name") else s["code"]) for s in record["stocks"]
        )
        head += f"<p style='color:gray'>{html.escape(stocks_label)}: {stocks}</p>"
    if record.get("warnings"):
        items = "".join(f"<li>{html.escape(w.get('message', ''))}</li>" for w in record["warnings"])
        head += f"<p><b>{html.escape(warnings_label)}</b></p><ul>{items}</ul>"
    if record.get("source_url"):
        url = html.escape(record["source_url"], quote=True)
        head += f"<p><a href='{url}'>{html.escape(link_label)}</a></p>"
    return f"<html><body>{head}<hr/>{body_html(raw)}</body></html>"


class PreviewBrowser(QTextBrowser):
    """QTextBrowser that fetches nothing over the network and opens only web links, outside."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAcceptDrops(False)
        self.anchorClicked.connect(self._open_link)
        self.blocked: list[str] = []  # remote resources that were asked for and refused

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        qurl = QUrl(url) if isinstance(url, str) else url
        # Never None: PySide6 6.12.0 on Python 3.11 mishandles a None returned from a QVariant virtual.
        if qurl.scheme().lower() in ("http", "https", "ftp", "file", "data") or qurl.host():
            self.blocked.append(qurl.toString())
            return self._nothing(kind)
        if kind == QTextDocument.ResourceType.ImageResource:
            return self._nothing(kind)  # local images: the preview issue shows them
        return super().loadResource(kind, qurl)

    @staticmethod
    def _nothing(kind: int) -> Any:
        """An invisible 1x1 image for images (no broken-image box), empty bytes otherwise."""
        if kind == QTextDocument.ResourceType.ImageResource:
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
            return image
        return QByteArray()

    @staticmethod
    def _open_link(url: QUrl) -> None:
        if url.scheme().lower() in ("http", "https"):
            QDesktopServices.openUrl(url)


class PostPreview(PreviewBrowser):
    """The preview pane of the main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.post_id: int | None = None
        self.show_nothing()

    def show_nothing(self, count: int = 0) -> None:
        self.post_id = None
        if count > 1:
            text = self.tr("%1 posts selected").replace("%1", self.locale().toString(count))
        else:
            text = self.tr("Select a post to read it here.")
        self.setHtml(f"<p style='color:gray' align='center'><br/><br/>{html.escape(text)}</p>")

    def show_post(self, record: dict[str, Any], raw: bytes) -> None:
        self.post_id = record["id"]
        self.blocked.clear()
        self.setHtml(post_html(record, raw))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.post_id is None:
            self.show_nothing()
        super().changeEvent(event)
