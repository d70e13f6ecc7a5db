"""One file into the row the library stores (`PreparedPost`), without the database.

Pure functions of a file's bytes and its place in its site, so an import runs
them in worker processes; those load only this module and the readers (no
peewee, no library), and start faster for it. Jobs and results cross the
process boundary as plain tuples (`run_wires`).
"""

from __future__ import annotations

import errno
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from finews_desktop.core.content.postrow import SourceFile, content_hash, prepare_post
from finews_desktop.core.content.search_text import search_body
from finews_desktop.core.importing.sources import MAX_POST_BYTES, NotARegularFile, read_file_at_most
from finews_desktop.core.jekyll.post import SiteRules
from finews_desktop.core.messages import Message, message

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\b\x1b")


def _looks_binary(raw: bytes) -> bool:
    """NUL bytes and over 10% control characters in the first 8 KB, as `file` and git judge (UTF-16 aside)."""
    head = raw[:8192]
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls * 10 > len(head)


@lru_cache(maxsize=8)
def _site_clock(tz_name: str, build_time: float) -> tuple[tzinfo, datetime]:
    tz = ZoneInfo(tz_name)
    return tz, datetime.fromtimestamp(build_time, tz)


def over_limit(size: int, limit: int) -> Message:
    """'S, D over the L limit for a post': in MB, or in bytes where MB would round the difference away."""
    over = size - limit
    if over >= 104_858 and limit % 1048576 == 0:
        return message(
            "post_over_mb", size=f"{size / 1048576:,.1f}", over=f"{over / 1048576:,.1f}", limit=limit // 1048576
        )
    shown = (
        message("post_limit_mb", mb=limit // 1048576, size=limit)
        if limit % 1048576 == 0
        else message("post_limit_bytes", size=limit)
    )
    if over == 1:
        return message("post_over_one_byte", size=size, limit=shown)
    return message("post_over_bytes", size=size, over=over, limit=shown)


def _problem_wire(src: SourceFile, code: str, said: Message) -> tuple[int, Any]:
    return (2, (src.shown_path, code, said.text, "error", said))


def prepare_wire(
    src: SourceFile,
    fs_path: str | None,
    tz_name: str,
    build_time: float,
    permalink: Any,
    known_hashes: tuple[str, ...],
    raw: bytes | None,
    file_time: datetime | None = None,
    with_text: bool = False,
) -> tuple[int, Any]:
    """One file read and parsed, as the plain tuple that crosses back from a worker (see `run_wires`).

    `permalink` is the site's `permalink`, or its whole `_config.yml` as a `SiteRules`
    (core/jekyll/site_reader.SiteReader), whose zone then dates the post. `file_time` is the
    file's modification time as the job carries it (a draft's; `SourceFile.file_time`). `with_text`: the
    post's folded text too (when import hooks read the batch: content/search_text.HandedTexts)."""
    if file_time is not None:
        src = src._replace(file_time=file_time)
    try:
        if raw is None:
            assert fs_path is not None
            size, raw = read_file_at_most(fs_path, MAX_POST_BYTES)
            if raw is None:
                return _problem_wire(
                    src, "too_large", message("post_too_large_unread", over=over_limit(size, MAX_POST_BYTES))
                )
    except NotARegularFile as exc:  # a FIFO, socket or device: opened without blocking, never read
        return _problem_wire(src, "not_a_file", message("post_not_a_file", kind=exc.kind_said))
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW: a link put here after the folder was listed
            return _problem_wire(src, "link", message("post_link_appeared"))
        return _problem_wire(src, "unreadable", message("post_unreadable", error=exc.strerror or str(exc)))
    except Exception as exc:  # whatever else reading it raises: this file only
        return _problem_wire(src, "internal_error", message("post_read_failed", error=f"{type(exc).__name__}: {exc}"))
    if len(raw) > MAX_POST_BYTES:
        return _problem_wire(src, "too_large", message("post_too_large", over=over_limit(len(raw), MAX_POST_BYTES)))
    digest = content_hash(raw)
    if digest in known_hashes:
        return (1, digest)
    if _looks_binary(raw):
        return _problem_wire(src, "binary", message("binary"))
    try:
        tz, build_moment = _site_clock(tz_name, build_time)
        if isinstance(permalink, SiteRules):  # a site's whole _config.yml (site_reader.SiteReader): its zone
            tz = permalink.tz
        post = prepare_post(raw, src, tz, build_moment, permalink, digest, with_text=with_text)
        if not with_text:
            return (0, (*post[3:], None))  # the source's paths: known
        # the text is not stored (derived when read) but handed along, folded (content/search_text.py)
        return (0, (*post._replace(plain_text="")[3:], search_body(post.plain_text)))
    except Exception as exc:  # a bug in our reader must not stop the run; report it
        return _problem_wire(src, "internal_error", message("post_read_failed", error=f"{type(exc).__name__}: {exc}"))


def run_wire_chunk(wires: list[tuple[Any, ...]]) -> list[tuple[int, Any]]:
    with few_collections():
        return run_wires(wires)


@contextmanager
def few_collections() -> Iterator[None]:
    """Parsing makes many short-lived tuples and no cycles: the cyclic GC, run every 700
    allocations, showed as several percent of the import in perf. Collect rarely meanwhile."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run_wires(wires: list[tuple[Any, ...]]) -> list[tuple[int, Any]]:
    """Jobs in, results out, as plain tuples (the importer makes and reads them): dataclasses
    and named tuples pickle several times slower, which showed in the import's figures.

    A job: (site_root, site_path, shown_path, fs_path, tz_name, build_time, permalink,
    the hashes already known for the path, the bytes when already read (a zip member),
    the file's modification time when it is a draft, else None, whether to make its folded text).
    A result: (0, the PreparedPost fields after the three paths, then the post's text folded for search
    (content/search_text.py; `plain_text` stays "") or None), (1, the hash of an
    unchanged file) or (2, (shown_path, code, message, level)) for a problem.
    """
    return [
        prepare_wire(
            SourceFile(root, path, shown, fs_path=fs_path), fs_path, tz_name, build_time, link, known, raw, ft, text
        )
        for root, path, shown, fs_path, tz_name, build_time, link, known, raw, ft, text in wires
    ]
