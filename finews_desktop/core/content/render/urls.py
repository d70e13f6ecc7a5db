"""Which URLs the preview lets through: absolute http(s) links, and relative images inside the post's folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_SPACES_AND_CONTROLS = "".join(map(chr, range(0x21)))


def clean_url(value: str | None) -> str:
    """A URL attribute as a browser reads it: no surrounding spaces/controls, no tabs or newlines inside."""
    if not value:
        return ""
    value = value.strip(_SPACES_AND_CONTROLS)
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    return value


def web_url(value: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL (protocol-relative `//host/…` becomes https), else None."""
    url = clean_url(value)
    if not url or len(url) > 8192:
        return None
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def local_image(src: str, base_dir: str | None) -> str | None:
    """A relative image path as a file: URL inside base_dir, else None (decided on the path alone)."""
    if not base_dir or not src:
        return None
    try:
        parts = urlsplit(src)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path or path.startswith(("/", "\\")) or "\x00" in path or ":" in path:
        return None
    base = os.path.normpath(os.path.abspath(base_dir))
    target = os.path.normpath(os.path.join(base, path))
    try:
        if target == base or os.path.commonpath([base, target]) != base:
            return None
    except ValueError:
        return None
    return Path(target).as_uri()


def post_folder(record: Mapping[str, Any]) -> str | None:
    """The folder of the post's file (render_post's base_dir), or None when it is not a folder on disk.

    Decided from the record alone: the archive root must be an absolute folder
    path, not a zip member ('x.zip!/site') or a synthetic archive ('scheme://').
    """
    root, path = record.get("archive"), record.get("path")
    if not isinstance(root, str) or not isinstance(path, str) or not root or not path:
        return None
    if "!/" in root or "://" in root or not os.path.isabs(root):
        return None
    folder = os.path.normpath(os.path.join(root, os.path.dirname(path)))
    base = os.path.normpath(root)
    try:
        return folder if os.path.commonpath([base, folder]) == base else None
    except ValueError:
        return None
