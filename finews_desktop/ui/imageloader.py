"""Remote images for the preview: an on-disk cache with a size limit and an asynchronous, bounded fetcher.

`ImageCache` keeps one file per URL (named by the URL's hash) under
`paths.cache_dir() / "images"`; reading a file touches its mtime, and writing
one prunes the oldest files (by mtime) until the folder is under its limit.

`ImageLoader` fetches URLs with QNetworkAccessManager, one request per URL at a
time, with a transfer timeout and a size cap (a bigger Content-Length, or more
bytes received than the cap, aborts the request). Results arrive as signals on
the main thread: `loaded(url, data)` or `failed(url, reason)`. Only http and
https URLs are fetched. `rewrite` (a hook for tests and screenshot scripts)
maps the URL that is requested, never the cache key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from finews_desktop.core.paths import cache_dir

log = logging.getLogger(__name__)

TIMEOUT_MS = 10_000
MAX_IMAGE_BYTES = 5 * 1024 * 1024
CACHE_LIMIT_BYTES = 200 * 1024 * 1024
USER_AGENT = b"finews-desktop (image preview)"


_Err = QNetworkReply.NetworkError
# Network errors a user can act on, as reason codes the preview puts in words (the rest: "error: <Qt's words>").
_ERROR_REASONS = {
    _Err.HostNotFoundError: "host_not_found",
    _Err.ConnectionRefusedError: "connection_refused",
    _Err.RemoteHostClosedError: "connection_closed",
    _Err.TemporaryNetworkFailureError: "offline",
    _Err.NetworkSessionFailedError: "offline",
    _Err.ProxyConnectionRefusedError: "proxy",
    _Err.ProxyNotFoundError: "proxy",
    _Err.SslHandshakeFailedError: "tls",
    _Err.ContentNotFoundError: "not_found",
    _Err.ContentAccessDenied: "denied",
    _Err.AuthenticationRequiredError: "denied",
}
REASONS = (
    "timeout",
    "too_large",
    "empty",
    "scheme",
    "cancelled",
    "not_an_image",
    *sorted(set(_ERROR_REASONS.values())),
)


def default_cache_dir() -> Path:
    return cache_dir() / "images"


class ImageCache:
    """URL -> bytes on disk, least recently used files dropped past `limit` bytes."""

    def __init__(self, folder: str | os.PathLike[str] | None = None, limit: int = CACHE_LIMIT_BYTES) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self.limit = limit

    def path(self, url: str) -> Path:
        return self.folder / hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, url: str) -> bytes | None:
        path = self.path(url)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            os.utime(path)  # recently used
        except OSError:
            pass
        return data

    def __contains__(self, url: str) -> bool:
        return self.path(url).is_file()

    def put(self, url: str, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, self.path(url))
        except OSError as exc:
            log.warning("cannot write the image cache in %s: %s", self.folder, exc)
            return
        self.prune()

    def size(self) -> int:
        return sum(size for _path, size, _mtime in self._entries())

    def _entries(self) -> list[tuple[Path, int, float]]:
        out = []
        try:
            with os.scandir(self.folder) as it:
                for entry in it:
                    if entry.is_file() and not entry.name.startswith(".tmp-"):
                        st = entry.stat()
                        out.append((Path(entry.path), st.st_size, st.st_mtime))
        except OSError:
            return []
        return out

    def prune(self) -> None:
        entries = self._entries()
        total = sum(size for _p, size, _m in entries)
        if total <= self.limit:
            return
        for path, size, _mtime in sorted(entries, key=lambda e: e[2]):
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            if total <= self.limit:
                break


class ImageLoader(QObject):
    """Fetches remote images asynchronously, bounded in time and size, into an `ImageCache`."""

    loaded = Signal(str, bytes)  # url, data (also written to the cache)
    failed = Signal(str, str)  # url, reason: a code of REASONS, or "error: …" (Qt's words) for the others

    def __init__(
        self,
        cache: ImageCache | None = None,
        *,
        timeout_ms: int = TIMEOUT_MS,
        max_bytes: int = MAX_IMAGE_BYTES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.cache = cache if cache is not None else ImageCache()
        self.timeout_ms = timeout_ms
        self.max_bytes = max_bytes
        self.rewrite: Callable[[str], str] | None = None  # test/screenshot hook: the URL actually requested
        self.requests_made = 0
        self._manager: QNetworkAccessManager | None = None
        self._pending: dict[str, QNetworkReply] = {}
        self._received: dict[str, bytearray] = {}
        self._reason: dict[str, str] = {}

    def manager(self) -> QNetworkAccessManager:
        if self._manager is None:  # created on first use: no network object until images are asked for
            self._manager = QNetworkAccessManager(self)
            self._manager.setRedirectPolicy(QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
        return self._manager

    def is_pending(self, url: str) -> bool:
        return url in self._pending

    def fetch(self, url: str) -> None:
        """Start fetching `url` unless it is cached or already on its way (then `loaded` comes at once or later)."""
        if url in self._pending:
            return
        cached = self.cache.get(url)
        if cached is not None:
            self.loaded.emit(url, cached)
            return
        target = self.rewrite(url) if self.rewrite is not None else url
        qurl = QUrl(target)
        if qurl.scheme().lower() not in ("http", "https"):
            self.failed.emit(url, "scheme")
            return
        request = QNetworkRequest(qurl)
        request.setTransferTimeout(self.timeout_ms)
        request.setRawHeader(QByteArray(b"User-Agent"), QByteArray(USER_AGENT))
        request.setMaximumRedirectsAllowed(5)
        self.requests_made += 1
        reply = self.manager().get(request)
        reply.setReadBufferSize(0)
        self._pending[url] = reply
        self._received[url] = bytearray()
        reply.metaDataChanged.connect(lambda u=url, r=reply: self._check_length(u, r))
        reply.readyRead.connect(lambda u=url, r=reply: self._read(u, r))
        reply.finished.connect(lambda u=url, r=reply: self._finished(u, r))

    def cancel_all(self) -> None:
        for url, reply in list(self._pending.items()):
            self._reason[url] = "cancelled"
            reply.abort()

    def _abort(self, url: str, reply: QNetworkReply, reason: str) -> None:
        self._reason.setdefault(url, reason)
        reply.abort()

    def _check_length(self, url: str, reply: QNetworkReply) -> None:
        length = reply.header(QNetworkRequest.KnownHeaders.ContentLengthHeader)
        try:
            too_big = length is not None and int(length) > self.max_bytes
        except (TypeError, ValueError):
            too_big = False
        if too_big:
            self._abort(url, reply, "too_large")

    def _read(self, url: str, reply: QNetworkReply) -> None:
        buf = self._received.get(url)
        if buf is None or url in self._reason or not reply.isOpen():
            return
        buf += bytes(reply.readAll().data())
        if len(buf) > self.max_bytes:
            self._abort(url, reply, "too_large")

    def _finished(self, url: str, reply: QNetworkReply) -> None:
        if self._pending.get(url) is not reply:
            return
        if url not in self._reason:
            self._read(url, reply)
        del self._pending[url]
        data = bytes(self._received.pop(url, b""))
        reason = self._reason.pop(url, None)
        error = reply.error()
        reply.deleteLater()
        if reason is None and error in (
            QNetworkReply.NetworkError.OperationCanceledError,  # setTransferTimeout's abort (older Qt)
            QNetworkReply.NetworkError.TimeoutError,
        ):
            reason = "timeout"
        elif reason is None and error != QNetworkReply.NetworkError.NoError:
            reason = _ERROR_REASONS.get(error) or f"error: {reply.errorString()}"
        elif reason is None and not data:
            reason = "empty"
        if reason is not None:
            log.info("image %s not loaded: %s", url, reason)
            self.failed.emit(url, reason)
            return
        self.cache.put(url, data)
        self.loaded.emit(url, data)
