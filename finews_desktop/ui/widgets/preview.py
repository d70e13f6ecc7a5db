"""The preview pane: a post rendered by core/content/render.py in a QTextBrowser that loads nothing by itself.

`PostPreview.show_post(record, raw)` renders the post (`render.render_post`)
with remote images off, unless they were asked for (the "Load images" link or
action, per post) or the "always load images" setting is on. Then every remote
image is a `finews-image:<n>` resource: `loadResource` answers from the
`ImageLoader`'s cache, or with a drawn placeholder of the image's size while it
is on its way (or when it could not be fetched: the placeholder and a bar above
the post say why, and a click on either retries); arriving images replace their
placeholders in place, keeping the scroll position.

Nothing widens the document beyond the pane: every image is scaled down to the
text width (`_fit_images`, again on every resize), and text wraps anywhere when
it must, so long runs and wide tables wrap instead of scrolling sideways.

`loadResource` serves only those images and `file:` images inside the post's
folder (those render.py listed); anything else gets nothing. Links: http(s)
open in the system browser, `finews:stock/<market>.<code>` emits
`stockClicked("<market>.<code>")`, every other scheme is ignored.

The search's words are highlighted in the post (`set_query_terms`, exact
substrings in any case, CJK included); F3 / Shift+F3 step through them (or
through the find bar's matches while it has text), wrapping, the current one
in a stronger colour.

Also: find (Ctrl+F, a bar above the post, never over it; Enter/Shift+Enter or F3 for
next/previous, all matches highlighted), zoom (Ctrl+= / Ctrl+- / Ctrl+0,
remembered), copy as plain text, "Open source link" and "Show file".

Beside it: the bars above the post (`preview_bars.py`), the placeholder pictures
(`preview_images.py`) and the matches' highlighting (`preview_highlight.py`).
"""

from __future__ import annotations

import dataclasses
import html
import os
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QPoint, QPointF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QMenu,
    QTextBrowser,
    QWidget,
)

from finews_desktop.core.content.render import (
    ImagePolicy,
    Labels,
    RemoteImage,
    RenderedPost,
    image_resource_id,
    internal_link_target,
    post_folder,
    render_post,
    web_url,
)
from finews_desktop.core.importing.sources import read_local_file
from finews_desktop.core.jekyll import post as jekyll
from finews_desktop.core.jekyll.written_date import written_beside_read
from finews_desktop.ui import messages
from finews_desktop.ui import settings as S
from finews_desktop.ui.imageloader import ImageLoader
from finews_desktop.ui.settings import Settings
from finews_desktop.ui.widgets.preview_bars import FindBar, ImageNotice
from finews_desktop.ui.widgets.preview_highlight import MAX_FIND_MATCHES, find_all, match_selections
from finews_desktop.ui.widgets.preview_images import IMAGE_HEIGHT_PROPERTY, IMAGE_WIDTH_PROPERTY, placeholder_image

ZWSP = "\u200b"
MAX_LOCAL_IMAGE_BYTES = 20 * 1024 * 1024
ZOOM_MIN, ZOOM_MAX = -6, 12
WEB_SCHEMES = ("http", "https")


def post_body(raw: bytes) -> str:
    """The text after the front matter, cut the way Jekyll cuts it (jekyll.py's reader)."""
    text, _encoding, _valid = jekyll.decode_post_bytes(raw)
    _fm, _span, offset = jekyll.split_front_matter(text)
    return text[offset:]


def post_file(record: dict[str, Any] | None) -> str | None:
    """The post's file on disk (archive root + path), when it is there."""
    if not record:
        return None
    folder = post_folder(record)
    path = record.get("path")
    if folder is None or not isinstance(path, str):
        return None
    candidate = os.path.join(folder, os.path.basename(path))
    return candidate if os.path.isfile(candidate) else None


def clean_text(text: str) -> str:
    """Selection text as a user wants it pasted: no U+200B, real newlines."""
    return text.replace(ZWSP, "").replace("\u2029", "\n").replace("\u2028", "\n")


class PostPreview(QTextBrowser):
    """The preview pane of the main window."""

    stockClicked = Signal(str)  # "<market>.<code>", e.g. "1.600160"

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        loader: ImageLoader | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAcceptDrops(False)
        self.anchorClicked.connect(self._open_link)
        self.settings = settings
        self.loader = loader if loader is not None else ImageLoader(parent=self)
        self.loader.loaded.connect(self._image_loaded)
        self.loader.failed.connect(self._image_failed)
        self.blocked: list[str] = []  # resources that were asked for and refused
        self.post_id: int | None = None
        self.record: dict[str, Any] | None = None
        self.body = ""
        self.rendered: RenderedPost | None = None
        self.images_on = False
        self._load_asked: set[int] = set()  # posts whose images the user asked for
        self._images: dict[int, RemoteImage] = {}  # id -> image, current post
        self._decoded: dict[str, QImage] = {}  # url -> picture, current post
        self._failed: dict[str, str] = {}  # url -> reason, current post
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(40)
        self._refresh.timeout.connect(self._apply_images)
        self._matches: list[QTextCursor] = []
        self._match_index = -1
        self.query_terms: tuple[str, ...] = ()  # the search's words, highlighted in every post shown
        self.written_date: str | None = None  # the file's date as written, when Jekyll reads another time
        self.shown_count = 0  # posts the empty state counts (0: "select a post"); 1 while a post is shown
        self.zoom = 0
        self._base_point_size = self.font().pointSizeF()
        self.find_bar = FindBar(self, self)
        self.image_notice = ImageNotice(self, self.retry_images)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_images)
        # long unbroken runs and wide tables wrap inside the pane instead of widening the document
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._make_actions()
        if settings is not None:
            self.set_zoom(int(settings.get(S.PREVIEW_ZOOM)), remember=False)
        self.show_nothing()

    # --- actions --------------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(slot: Any, name: str) -> QAction:
            a = QAction(self)
            a.setObjectName(name)
            a.triggered.connect(slot)
            return a

        self.action_copy_plain = action(self.copy_plain_text, "previewCopyPlain")
        self.action_find = action(self.open_find, "previewFind")
        self.action_zoom_in = action(lambda: self.set_zoom(self.zoom + 1), "previewZoomIn")
        self.action_zoom_out = action(lambda: self.set_zoom(self.zoom - 1), "previewZoomOut")
        self.action_zoom_reset = action(lambda: self.set_zoom(0), "previewZoomReset")
        self.action_load_images = action(self.load_images, "previewLoadImages")
        self.action_always_images = action(self.set_always_load_images, "previewAlwaysImages")
        self.action_always_images.setCheckable(True)
        self.action_open_source = action(self.open_source_link, "previewOpenSource")
        self.action_show_file = action(self.show_file, "previewShowFile")
        self.action_next_match = action(self.find_next, "previewNextMatch")
        self.action_previous_match = action(self.find_previous, "previewPreviousMatch")
        self.action_next_match.setShortcut(QKeySequence(QKeySequence.StandardKey.FindNext))
        self.action_previous_match.setShortcut(QKeySequence(QKeySequence.StandardKey.FindPrevious))
        for a in (self.action_next_match, self.action_previous_match):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # F3 wherever the focus is in the window
            self.addAction(a)
        self.action_find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.action_zoom_in.setShortcut(QKeySequence("Ctrl+="))
        self.action_zoom_out.setShortcut(QKeySequence("Ctrl+-"))
        self.action_zoom_reset.setShortcut(QKeySequence("Ctrl+0"))
        for a in (self.action_find, self.action_zoom_in, self.action_zoom_out, self.action_zoom_reset):
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown in the menu; keys handled below
        self._retranslate()
        self._update_actions()

    def _retranslate(self) -> None:
        self.action_copy_plain.setText(self.tr("Copy as Plain Text"))
        self.action_find.setText(self.tr("Find…"))
        self.action_zoom_in.setText(self.tr("Zoom In"))
        self.action_zoom_out.setText(self.tr("Zoom Out"))
        self.action_zoom_reset.setText(self.tr("Actual Size"))
        self.action_load_images.setText(self.tr("Load Images"))
        self.action_always_images.setText(self.tr("Always Load Images"))
        self.action_open_source.setText(self.tr("Open Source Link"))
        self.action_show_file.setText(self.tr("Show File"))
        self.action_next_match.setText(self.tr("Next Match"))
        self.action_previous_match.setText(self.tr("Previous Match"))
        self.image_notice.retry_button.setText(self.tr("Retry"))
        self.find_bar.retranslate()
        self._update_image_notice()

    def _update_actions(self) -> None:
        rendered, record = self.rendered, self.record
        self.action_copy_plain.setEnabled(rendered is not None)
        self.action_load_images.setEnabled(bool(rendered and rendered.images and not self.images_on))
        self.action_always_images.setChecked(self.always_load_images())
        self.action_open_source.setEnabled(bool(record and web_url(record.get("source_url"))))
        self.action_show_file.setEnabled(post_file(record) is not None)

    def context_actions(self) -> list[QAction | None]:
        return [
            self.action_copy_plain,
            None,
            self.action_find,
            self.action_next_match,
            self.action_previous_match,
            self.action_zoom_in,
            self.action_zoom_out,
            self.action_zoom_reset,
            None,
            self.action_load_images,
            self.action_always_images,
            None,
            self.action_open_source,
            self.action_show_file,
        ]

    def build_context_menu(self, pos: QPoint) -> QMenu:
        """Qt's menu (copy, select all, copy link) with the preview's actions after it."""
        self._update_actions()
        menu = self.createStandardContextMenu(pos)
        menu.addSeparator()
        for a in self.context_actions():
            menu.addSeparator() if a is None else menu.addAction(a)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_menu = self.build_context_menu(event.pos())
        self.context_menu.popup(event.globalPos())

    # --- showing posts ---------------------------------------------------------------

    def labels(self) -> Labels:
        words = {
            "untitled": self.tr("(untitled)"),
            "stocks": self.tr("Stocks"),
            "source_link": self.tr("Source link"),
            "warnings": self.tr("Jekyll warnings"),
            "kline": self.tr("K-line chart"),
            "image": self.tr("Image"),
            "images_off": self.tr("Remote images not loaded: {n}."),
            "load_images": self.tr("Load images"),
            "more_rows": self.tr("… {n} more rows are not shown."),
            "fallback": self.tr("This post is too large or too complex to show formatted; here is its text."),
            "truncated": self.tr("Only the first {n} characters are shown."),
        }
        known = {f.name for f in dataclasses.fields(Labels)}  # render.py's words, whatever this version has
        return Labels(**{k: v for k, v in words.items() if k in known})

    def always_load_images(self) -> bool:
        return bool(self.settings is not None and self.settings.get(S.ALWAYS_LOAD_IMAGES))

    def show_nothing(self, count: int = 0) -> None:
        self.post_id = None
        self.shown_count = count
        self.record = None
        self.rendered = None
        self._forget_images()
        self._clear_find()
        if count > 1:
            text = self.tr("%1 posts selected").replace("%1", self.locale().toString(count))
        else:
            text = self.tr("Select a post to read it here.")
        self.setHtml(f"<p style='color:gray' align='center'><br/><br/>{html.escape(text)}</p>")
        self._update_actions()

    def show_post(self, record: dict[str, Any], raw: bytes) -> None:
        same = record.get("id") == self.post_id and self.post_id is not None
        self.post_id = record.get("id")
        self.shown_count = 1
        self.record = record
        self.body = post_body(raw)
        self.written_date = written_beside_read(raw, record.get("date"))
        if not same:
            self._forget_images()
        self._render(keep_scroll=same)

    def _header_record(self) -> dict[str, Any]:
        """The record as the header shows it: a date written without a zone beside the date Jekyll reads,
        Jekyll's warnings in the window's language."""
        record = self.record or {}
        if record.get("warnings"):
            warnings = record["warnings"] if isinstance(record["warnings"], list) else []
            record = {**record, "warnings": [{"message": messages.warning_text(w)} for w in warnings]}
        if not self.written_date:
            return record
        date = self.tr("written %1, read as %2").replace("%1", self.written_date).replace("%2", record["date"])
        return {**record, "date": date}

    def _forget_images(self) -> None:
        self._images = {}
        self._decoded = {}
        self._failed = {}
        self._refresh.stop()
        self._update_image_notice()

    def _render(self, *, keep_scroll: bool) -> None:
        if self.record is None:
            return
        self.images_on = self.always_load_images() or self.post_id in self._load_asked
        rendered = render_post(
            self._header_record(),
            self.body,
            images=ImagePolicy.ON if self.images_on else ImagePolicy.OFF,
            base_dir=post_folder(self.record),
            labels=self.labels(),
        )
        self.rendered = rendered
        self._images = {img.id: img for img in rendered.images} if self.images_on else {}
        self.blocked.clear()
        if self.images_on:
            for img in rendered.images:
                if img.url not in self._decoded and img.url not in self._failed:
                    data = self.loader.cache.get(img.url)
                    if data is not None:
                        self._decode(img.url, data)
        find = self.find_bar.edit.text() if self.find_bar.isVisible() else ""
        self._set_html_keeping_scroll(rendered.html, keep_scroll)
        self._fit_images()
        if find:
            self.find_text(find)
        else:
            self._highlight_query()
        if self.images_on:
            for img in rendered.images:
                if img.url not in self._decoded and img.url not in self._failed:
                    self.loader.fetch(img.url)
        self._update_actions()
        self._update_image_notice()

    def _set_html_keeping_scroll(self, text: str, keep_scroll: bool) -> None:
        bar = self.verticalScrollBar()
        value = bar.value()
        self.setHtml(text)
        if keep_scroll:
            self._restore_scroll(value)

    def _restore_scroll(self, value: int) -> None:
        self.document().documentLayout().documentSize()  # lay out (at least) up to here
        bar = self.verticalScrollBar()
        bar.setValue(value)
        if bar.value() != value:  # the layout was not far enough yet
            QTimer.singleShot(0, lambda: bar.setValue(value))

    # --- images -----------------------------------------------------------------------

    def load_images(self) -> None:
        """Render this post again with its remote images, fetched in the background; the scroll stays."""
        if self.post_id is None or self.images_on:
            return
        self._load_asked.add(self.post_id)
        self._render(keep_scroll=True)

    def set_always_load_images(self, on: bool) -> None:
        if self.settings is not None:
            self.settings.set(S.ALWAYS_LOAD_IMAGES, bool(on))
        if on and self.post_id is not None and not self.images_on:
            self._render(keep_scroll=True)
        self._update_actions()

    def _decode(self, url: str, data: bytes) -> bool:
        image = QImage.fromData(QByteArray(data))
        if image.isNull():
            self._failed[url] = "not_an_image"
            return False
        self._decoded[url] = image
        return True

    def _image_loaded(self, url: str, data: bytes) -> None:
        if not any(img.url == url for img in self._images.values()):
            return
        self._decode(url, data)
        self._refresh.start()

    def _image_failed(self, url: str, reason: str) -> None:
        if not any(img.url == url for img in self._images.values()):
            return
        self._failed[url] = reason
        self._refresh.start()

    def image_state(self, n: int) -> str:
        """'loaded', 'failed', 'pending' or 'off' for image n of the current post (tests, status)."""
        img = self._images.get(n)
        if img is None:
            return "off"
        if img.url in self._decoded:
            return "loaded"
        if img.url in self._failed:
            return "failed"
        return "pending"

    def reason_text(self, reason: str) -> str:
        """A loader's reason code in words."""
        words = {
            "timeout": self.tr("the server did not answer in time"),
            "too_large": self.tr("the image is too large"),
            "empty": self.tr("the server sent nothing"),
            "scheme": self.tr("not a web address"),
            "cancelled": self.tr("cancelled"),
            "not_an_image": self.tr("not an image"),
            "host_not_found": self.tr("host not found"),
            "connection_refused": self.tr("the connection was refused"),
            "connection_closed": self.tr("the server closed the connection"),
            "offline": self.tr("no network"),
            "proxy": self.tr("the proxy cannot be reached"),
            "tls": self.tr("the secure connection failed"),
            "not_found": self.tr("the server has no such image"),
            "denied": self.tr("access denied"),
        }
        if reason in words:
            return words[reason]
        return reason.removeprefix("error: ")

    def failed_images(self) -> dict[int, str]:
        """Image number -> why it failed, for the current post."""
        return {n: self._failed[img.url] for n, img in self._images.items() if img.url in self._failed}

    def _natural_size(self, img: RemoteImage) -> QSize | None:
        """The size the post gives the image (both sides, or one and the picture's proportions)."""
        decoded = self._decoded.get(img.url)
        w, h = img.width or 0, img.height or 0
        if decoded is not None and not (w and h):
            iw, ih = decoded.width(), decoded.height()
            if w and iw:
                h = round(ih * w / iw)
            elif h and ih:
                w = round(iw * h / ih)
            else:
                w, h = iw, ih
        return QSize(w, h) if w and h else None

    def _picture(self, img: RemoteImage) -> QImage:
        decoded = self._decoded.get(img.url)
        if decoded is not None:
            return decoded
        label = f"{img.label} · {img.host}" if img.host else img.label
        size, width = self._natural_size(img), self._text_width()
        if img.url in self._failed:
            reason = self.reason_text(self._failed[img.url])
            text = self.tr("Image not loaded: %1").replace("%1", reason)
            retry = self.tr("Click to retry")
            return placeholder_image(f"{label}\n{text}\n{retry}", failed=True, size=size, max_width=width)
        return placeholder_image(label + " …", size=size, max_width=width)

    def _text_width(self) -> int:
        """The width an image may take: the pane's, less the document's margins."""
        return max(24, self.viewport().width() - 2 * int(self.document().documentMargin()) - 4)

    def _fit_images(self) -> None:
        """Scale every image of the document down to the text width (kept proportions); never widen it."""
        rendered = self.rendered
        if rendered is None or not (rendered.images or rendered.local_images):
            return
        doc = self.document()
        width = self._text_width()
        bar = self.verticalScrollBar()
        value = bar.value()
        changes: list[tuple[int, int, QTextImageFormat]] = []
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image_fmt = fmt.toImageFormat()
                    if self._fit_one(image_fmt, width - self._indent(block)):
                        changes.append((fragment.position(), fragment.length(), image_fmt))
                it += 1
            block = block.next()
        for position, length, image_fmt in changes:
            cursor = QTextCursor(doc)
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image_fmt)
        if changes:
            self._restore_scroll(value)

    def _indent(self, block: Any) -> int:
        fmt = block.blockFormat()
        return int(fmt.leftMargin() + fmt.rightMargin() + fmt.indent() * self.document().indentWidth())

    def _fit_one(self, fmt: QTextImageFormat, width: int) -> bool:
        """Give fmt the size that fits `width`; True when it changed."""
        if fmt.property(IMAGE_WIDTH_PROPERTY) is None:  # first seen: remember what the HTML said
            fmt.setProperty(
                IMAGE_WIDTH_PROPERTY, fmt.width() if fmt.hasProperty(QTextFormat.Property.ImageWidth) else 0
            )
            fmt.setProperty(
                IMAGE_HEIGHT_PROPERTY, fmt.height() if fmt.hasProperty(QTextFormat.Property.ImageHeight) else 0
            )
        w, h = float(fmt.property(IMAGE_WIDTH_PROPERTY) or 0), float(fmt.property(IMAGE_HEIGHT_PROPERTY) or 0)
        n = image_resource_id(fmt.name())
        picture = self._picture(self._images[n]) if n is not None and n in self._images else None
        if picture is None:
            resource = self.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(fmt.name()))
            picture = resource if isinstance(resource, QImage) else None
        if picture is not None and not picture.isNull() and not (w and h):
            pw, ph = picture.width(), picture.height()
            if w:
                h = ph * w / pw
            elif h:
                w = pw * h / ph
            else:
                w, h = pw, ph
        if not (w and h):
            return False
        width = max(24, width)
        if w > width:
            w, h = float(width), max(1.0, round(h * width / w))
        if fmt.width() == w and fmt.height() == h:
            return False
        fmt.setWidth(w)
        fmt.setHeight(h)
        return True

    def retry_images(self) -> None:
        """Fetch the images that failed again (their placeholders say so meanwhile)."""
        urls = {img.url for img in self._images.values() if img.url in self._failed}
        if not urls:
            return
        for url in urls:
            del self._failed[url]
        self._apply_images()
        for url in sorted(urls):
            self.loader.fetch(url)
        self._update_image_notice()

    def _update_image_notice(self) -> None:
        if not hasattr(self, "image_notice"):
            return
        failed = self.failed_images()
        notice = self.image_notice
        if failed:
            reasons = sorted({self.reason_text(r) for r in failed.values()})
            if len(failed) == 1:
                text = self.tr("Image not loaded: %1")
            else:  # English has a plural only from 2 on: no "(s)"
                text = self.tr("%n images not loaded: %1", "", len(failed))
            text = text.replace("%1", "; ".join(reasons))
            notice.label.setText(text)
        if bool(failed) != notice.isVisible():
            notice.setVisible(bool(failed))
            self._place_bars()

    def _apply_images(self) -> None:
        """Swap the arrived (or failed) pictures in and lay the document out again, keeping the scroll."""
        doc = self.document()
        for img in self._images.values():
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(img.resource), self._picture(img))
        bar = self.verticalScrollBar()
        value = bar.value()
        self._fit_images()
        doc.markContentsDirty(0, doc.characterCount())
        self._restore_scroll(value)
        self.viewport().update()
        self._update_image_notice()

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        qurl = QUrl(url) if isinstance(url, str) else url
        text = qurl.toString()
        is_image = kind == QTextDocument.ResourceType.ImageResource or kind == int(
            QTextDocument.ResourceType.ImageResource.value
        )
        if is_image:
            n = image_resource_id(text)
            if n is not None and n in self._images:
                return self._picture(self._images[n])
            if qurl.scheme() == "file" and self.rendered is not None and text in self.rendered.local_images:
                image = self._local_image(qurl)
                if image is not None:
                    return image
        self.blocked.append(text)
        # Never None: PySide6 6.12.0 on Python 3.11 mishandles a None returned from a QVariant virtual.
        return self._nothing(kind)

    def _local_image(self, qurl: QUrl) -> QImage | None:
        folder = post_folder(self.record or {})
        if folder is None:
            return None
        # read here, not by QImage(path): only inside the post's folder once links are resolved, and
        # a FIFO or device there is never opened in a way that could block the window
        data = read_local_file(qurl.toLocalFile(), folder, MAX_LOCAL_IMAGE_BYTES)
        if data is None:
            return None
        image = QImage.fromData(data)
        return None if image.isNull() else image

    @staticmethod
    def _nothing(kind: int) -> Any:
        """An invisible 1x1 image for images (no broken-image box), empty bytes otherwise."""
        if kind == QTextDocument.ResourceType.ImageResource or kind == 2:
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
            return image
        return QByteArray()

    # --- links ------------------------------------------------------------------------

    def _open_link(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme in WEB_SCHEMES and url.host():
            QDesktopServices.openUrl(url)
            return
        target = internal_link_target(url.toString())
        if target is None:
            return  # javascript:, file:, data:, relative… never followed
        kind, value = target
        if kind == "stock":
            self.stockClicked.emit(value)
        elif kind == "images":
            self.load_images()

    def open_source_link(self) -> None:
        url = web_url((self.record or {}).get("source_url"))
        if url:
            QDesktopServices.openUrl(QUrl(url))

    def show_file(self) -> None:
        path = post_file(self.record)
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path)))

    # --- copy ---------------------------------------------------------------------------

    def copy_plain_text(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            text = clean_text(cursor.selectedText())
        elif self.rendered is not None:
            text = self.rendered.plain_text
        else:
            return
        QGuiApplication.clipboard().setText(text)

    def createMimeDataFromSelection(self) -> QMimeData:
        data = super().createMimeDataFromSelection()
        if data.hasText():
            data.setText(clean_text(data.text()))
        return data

    # --- zoom -------------------------------------------------------------------------------

    def set_zoom(self, steps: int, *, remember: bool = True) -> None:
        steps = max(ZOOM_MIN, min(ZOOM_MAX, int(steps)))
        font = self.font()
        font.setPointSizeF(max(4.0, self._base_point_size * (1.0 + 0.1 * steps)))
        self.setFont(font)
        self.zoom = steps
        if remember and self.settings is not None:
            self.settings.set(S.PREVIEW_ZOOM, steps)

    # --- find -------------------------------------------------------------------------------

    def open_find(self) -> None:
        bar = self.find_bar
        bar.show()
        bar.raise_()
        self._place_bars()
        bar.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        bar.edit.selectAll()
        if bar.edit.text():
            self.find_text(bar.edit.text())

    def close_find(self) -> None:
        self.find_bar.hide()
        self._place_bars()
        self._clear_find()
        self._highlight_query()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_find(self) -> None:
        self._matches = []
        self._match_index = -1
        self.setExtraSelections([])

    def set_query_terms(self, terms: Sequence[str]) -> None:
        """The search's words, to highlight in the post shown now and in every post shown after."""
        terms = tuple(sorted({t for t in terms if t}, key=len, reverse=True))
        if terms == self.query_terms:
            return
        self.query_terms = terms
        if self.rendered is not None and not self._finding():
            self._highlight_query()

    def _finding(self) -> bool:
        return self.find_bar.isVisible() and bool(self.find_bar.edit.text())

    def _highlight_query(self) -> None:
        """Every match of the search's words highlighted, none current until F3."""
        self._clear_find()
        if self.rendered is not None and self.query_terms:
            self._matches = find_all(self.document(), self.query_terms)
        self._show_matches(move=False)

    def find_text(self, text: str) -> None:
        """Highlight every match of `text` and make the first one after the cursor current."""
        if not text:
            self._highlight_query()
            return
        self._clear_find()
        self._matches = find_all(self.document(), [text])
        if self._matches:
            position = self.textCursor().selectionStart()
            self._match_index = next((i for i, c in enumerate(self._matches) if c.selectionStart() >= position), 0)
        self._show_matches()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self._matches:
            if self._finding():
                self.find_text(self.find_bar.edit.text())
            return
        if self._match_index < 0:  # the first step goes to the first (or, backwards, the last) match
            self._match_index = 0 if delta > 0 else len(self._matches) - 1
        else:
            self._match_index = (self._match_index + delta) % len(self._matches)
        self._show_matches()

    def match_count(self) -> int:
        return len(self._matches)

    def current_match(self) -> int:
        return self._match_index

    def _show_matches(self, *, move: bool = True) -> None:
        selections = match_selections(self._matches, self._match_index)
        self.setExtraSelections(selections)
        count = self.find_bar.count
        if not self.find_bar.edit.text():
            count.setText("")
        elif not self._matches:
            count.setText(self.tr("No matches"))
        else:
            total = self.locale().toString(len(self._matches))
            if len(self._matches) >= MAX_FIND_MATCHES:
                total += "+"
            count.setText(
                self.tr("%1 of %2").replace("%1", self.locale().toString(self._match_index + 1)).replace("%2", total)
            )
        if move and 0 <= self._match_index < len(self._matches):
            cursor = QTextCursor(self._matches[self._match_index])
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def _place_find_bar(self) -> None:
        self._place_bars()

    def _place_bars(self) -> None:
        """The find bar and the image notice above the post, the post below them: they never cover it."""
        bars = [b for b in (self.image_notice, self.find_bar) if not b.isHidden()]
        frame = self.frameWidth()
        width = self.width() - 2 * frame
        top = 0
        for bar in bars:
            height = bar.sizeHint().height()
            if bar is self.image_notice:
                height = max(height, bar.heightForWidth(width)) if bar.hasHeightForWidth() else height
            bar.setGeometry(frame, frame + top, width, height)
            bar.raise_()
            top += height
        if self.viewportMargins().top() != top:
            self.setViewportMargins(0, top, 0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_bars()
        self._fit_timer.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on a placeholder of a failed image fetches it again."""
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            n = self.image_at(event.position().toPoint())
            if n is not None and n in self.failed_images():
                self.retry_images()
                event.accept()
                return
        super().mouseReleaseEvent(event)

    def image_at(self, pos: QPoint) -> int | None:
        """The number of the remote image at `pos` (viewport coordinates), else None."""
        point = QPointF(pos.x() + self.horizontalScrollBar().value(), pos.y() + self.verticalScrollBar().value())
        return image_resource_id(self.document().documentLayout().imageAt(point))

    # --- keys ---------------------------------------------------------------------------------

    def _key_action(self, event: QKeyEvent) -> QAction | None:
        if event.matches(QKeySequence.StandardKey.Find):
            return self.action_find
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = mods in (
            Qt.KeyboardModifier.ControlModifier,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        if not ctrl:
            return None
        key = event.key()
        if key in (Qt.Key.Key_Equal, Qt.Key.Key_Plus):
            return self.action_zoom_in
        if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            return self.action_zoom_out
        if key == Qt.Key.Key_0 and mods == Qt.KeyboardModifier.ControlModifier:
            return self.action_zoom_reset
        return None

    def event(self, event: QEvent) -> bool:
        # Ctrl+F etc. are window shortcuts too (search): while the preview has focus, they are the preview's.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                self._key_action(event) is not None or (event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible())
            )
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_action(event)
        if action is not None:
            action.trigger()
            return
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.close_find()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self.post_id is None:
                self.show_nothing()
            else:
                self._render(keep_scroll=True)
        super().changeEvent(event)
