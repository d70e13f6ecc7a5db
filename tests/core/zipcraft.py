"""Zip archives written byte by byte, so a test can make them lie: sizes the data does not have,
members that share bytes, names that are not what their flags say. Only what the tests need."""

from __future__ import annotations

import bz2
import struct
import zlib
from dataclasses import dataclass

STORED, DEFLATED, BZIP2 = 0, 8, 12
UTF8_FLAG = 0x800


def pack(method: int, plain: bytes) -> bytes:
    """`plain` compressed as a zip member of this method holds it."""
    if method == STORED:
        return plain
    if method == DEFLATED:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(plain) + compressor.flush()
    if method == BZIP2:
        return bz2.compress(plain, 9)
    raise ValueError(method)


def local_header(
    name: bytes, crc: int, packed: int, size: int, method: int, flags: int = 0, extra: bytes = b""
) -> bytes:
    version = 46 if method == BZIP2 else 20
    head = struct.pack(
        "<4s5H3I2H", b"PK\x03\x04", version, flags, method, 0, 0x21, crc, packed, size, len(name), len(extra)
    )
    return head + name + extra


def central_header(
    name: bytes, crc: int, packed: int, size: int, method: int, offset: int, flags: int = 0, mode: int = 0o100644
) -> bytes:
    version = 46 if method == BZIP2 else 20
    head = struct.pack(
        "<4s6H3I5H2I",
        b"PK\x01\x02",
        0x0314,  # made by Unix, so the mode counts
        version,
        flags,
        method,
        0,
        0x21,
        crc,
        packed,
        size,
        len(name),
        0,
        0,
        0,
        0,
        mode << 16,
        offset,
    )
    return head + name


def end_record(count: int, directory_size: int, directory_offset: int) -> bytes:
    return struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, directory_size, directory_offset, 0)


@dataclass
class Member:
    name: bytes
    plain: bytes
    method: int = DEFLATED
    claimed_size: int | None = None  # what both headers say it expands to (default: the truth)
    flags: int = 0
    mode: int = 0o100644
    local_extra: bytes = b""


def build(members: list[Member]) -> bytes:
    """The members one after the other, then the central directory: honest except where a member says."""
    blob = b""
    directory = b""
    for m in members:
        packed = pack(m.method, m.plain)
        size = len(m.plain) if m.claimed_size is None else m.claimed_size
        crc = zlib.crc32(m.plain)
        offset = len(blob)
        blob += local_header(m.name, crc, len(packed), size, m.method, m.flags, m.local_extra) + packed
        directory += central_header(m.name, crc, len(packed), size, m.method, offset, m.flags, m.mode)
    return blob + directory + end_record(len(members), len(directory), len(blob))
