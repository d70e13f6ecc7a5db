"""Zip limits hold on the bytes actually inflated, not on the sizes an archive claims, and
members that share bytes are refused (issue 15, section 4). The archives are crafted here
byte by byte (tests/core/zipcraft.py): headers that lie, members that overlap.

Before: zipfile inflated a member's whole data in one call and cut it to the claimed size
afterwards, so a member claiming 1,000 bytes took 2 GB of memory (deflate; bzip2 ended the
import with a MemoryError), and a member quoting another's local header was imported with
the other's bytes in it.
"""

from __future__ import annotations

import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from finews_desktop.core.importing import importer as importer_module
from finews_desktop.core.importing import sources
from finews_desktop.core.importing.importer import ImportReport, import_paths
from finews_desktop.core.store.library import Library
from tests.core import zipcraft
from tests.core.zipcraft import BZIP2, DEFLATED, STORED, Member

GOOD = '---\ntitle: "好文章"\ndate: 2022-05-20 17:01:37 +0800\n---\n<p>正文</p>'.encode()
GOOD_MEMBER = Member(b"_posts/2022-05-20-good.md", GOOD)


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


def titles(lib: Library) -> list[str]:
    return sorted(r["title"] for r in lib.post_records(lib.post_ids()))


def problems(report: ImportReport) -> dict[str, tuple[str, str]]:
    return {p.path.rsplit("/", 1)[-1]: (p.code, p.message) for p in report.problems}


def write(tmp_path: Path, members: list[Member], name: str = "archive.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(zipcraft.build(members))
    return path


@pytest.mark.parametrize("method", [DEFLATED, BZIP2])
def test_a_member_that_claims_a_small_size_is_inflated_no_further_than_the_limit(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: int
) -> None:
    monkeypatch.setattr(sources, "MAX_ZIP_MEMBER_BYTES", 1 << 20)
    liar = Member(b"_posts/2022-05-20-liar.md", b"\x00" * (64 << 20), method, claimed_size=1000)
    archive = write(tmp_path, [GOOD_MEMBER, liar])  # 64 MB of zeros packed into ~64 KB (deflate) or 50 bytes (bzip2)
    tracemalloc.start()
    try:
        report = import_paths(lib, [archive])
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    code, message = problems(report)["2022-05-20-liar.md"]
    assert code == "zip_bomb" and "expands past 1048576 bytes" in message
    assert peak < 16 << 20, f"{peak} bytes at the peak: the member was inflated past its limit"
    assert titles(lib) == ["好文章"]


def test_the_ratio_is_checked_on_the_inflated_bytes(lib: Library, tmp_path: Path) -> None:
    liar = Member(b"_posts/2022-05-20-liar.md", b"a" * (2 << 20), DEFLATED, claimed_size=2000)  # 1,000x, says 1x
    report = import_paths(lib, [write(tmp_path, [GOOD_MEMBER, liar])])
    code, message = problems(report)["2022-05-20-liar.md"]
    assert code == "zip_bomb" and "times" in message
    assert titles(lib) == ["好文章"]


def test_a_member_whose_size_is_not_the_claimed_one_is_refused(lib: Library, tmp_path: Path) -> None:
    """Within every limit, but its headers lie: what else they say cannot be trusted either."""
    liar = Member(b"_posts/2022-05-20-liar.md", GOOD + b"more", DEFLATED, claimed_size=len(GOOD))
    report = import_paths(lib, [write(tmp_path, [GOOD_MEMBER, liar])])
    code, message = problems(report)["2022-05-20-liar.md"]
    assert code == "zip_damaged" and "expands to" in message
    assert titles(lib) == ["好文章"]


def test_the_archive_total_counts_the_bytes_actually_inflated(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = [Member(f"_posts/2022-05-2{i}-p.md".encode(), GOOD) for i in range(6)]
    archive = write(tmp_path, members)
    # what was claimed passed when the archive was listed; the bytes inflated then run past the total
    listed = sources.discover([archive])
    monkeypatch.setattr(sources, "MAX_ZIP_TOTAL_BYTES", 3 * len(GOOD) + 10)
    monkeypatch.setattr(importer_module, "discover", lambda paths: listed)
    report = import_paths(lib, [archive])
    refused = [p for p in report.skipped if p.code == "zip_bomb"]
    assert len(refused) == 3 and lib.count_posts() == 3
    assert all(f"past {3 * len(GOOD) + 10} bytes" in p.message for p in refused)


def test_a_member_quoting_another_members_bytes_is_refused(lib: Library, tmp_path: Path) -> None:
    """The 'quoted overlap' of better zip bombs: the outer member's data holds the inner one whole."""
    inner_name, outer_name = b"_posts/2022-05-20-inner.md", b"_posts/2022-05-20-outer.md"
    inner = zipcraft.local_header(inner_name, zlib.crc32(GOOD), len(GOOD), len(GOOD), STORED) + GOOD
    text = ("---\ntitle: outer\n---\n" + "正文" * 3000 + "\n").encode()  # text, so not taken for binary
    outer_data = text + inner
    crc = zlib.crc32(outer_data)
    outer = zipcraft.local_header(outer_name, crc, len(outer_data), len(outer_data), STORED)
    inner_offset = len(outer) + len(text)
    blob = outer + outer_data
    directory = zipcraft.central_header(outer_name, crc, len(outer_data), len(outer_data), STORED, 0)
    directory += zipcraft.central_header(inner_name, zlib.crc32(GOOD), len(GOOD), len(GOOD), STORED, inner_offset)
    archive = tmp_path / "overlap.zip"
    archive.write_bytes(blob + directory + zipcraft.end_record(2, len(directory), len(blob)))
    with zipfile.ZipFile(archive) as zf:  # zipfile reads both, the outer with the inner inside it
        assert zf.read(outer_name.decode()) == outer_data
    report = import_paths(lib, [archive])
    assert problems(report)["2022-05-20-outer.md"][0] == "zip_overlap"
    assert titles(lib) == ["好文章"]


def test_two_members_at_one_local_header_are_both_refused(lib: Library, tmp_path: Path) -> None:
    name = b"_posts/2022-05-20-shared.md"
    blob = zipcraft.local_header(name, zlib.crc32(GOOD), len(GOOD), len(GOOD), STORED) + GOOD
    directory = b"".join(
        zipcraft.central_header(n, zlib.crc32(GOOD), len(GOOD), len(GOOD), STORED, 0)
        for n in (name, b"_posts/2022-05-21-other.md")
    )
    archive = tmp_path / "shared.zip"
    archive.write_bytes(blob + directory + zipcraft.end_record(2, len(directory), len(blob)))
    report = import_paths(lib, [archive])
    assert sorted(code for code, _m in problems(report).values()) == ["zip_overlap", "zip_overlap"]
    assert lib.count_posts() == 0


def test_a_member_whose_local_extra_field_runs_into_the_next_member_is_refused(lib: Library, tmp_path: Path) -> None:
    """The central directory alone cannot tell (the local extra field is longer): found when read."""
    archive = write(
        tmp_path,
        [Member(b"_posts/2022-05-20-a.md", GOOD, STORED, local_extra=b"\x99\x99\x00\x00"), GOOD_MEMBER],
    )
    data = bytearray(archive.read_bytes())
    # say the first member's local extra field is 40 bytes longer than it is: its data now ends in the next header
    first = data.index(b"PK\x03\x04")
    data[first + 28 : first + 30] = (4 + 40).to_bytes(2, "little")
    archive.write_bytes(bytes(data))
    report = import_paths(lib, [archive])
    assert problems(report)["2022-05-20-a.md"][0] == "zip_overlap"
    assert titles(lib) == ["好文章"]


def test_honest_members_of_every_supported_method_still_import(lib: Library, tmp_path: Path) -> None:
    members = [Member(f"_posts/2022-05-2{i}-{m}.md".encode(), GOOD, m) for i, m in enumerate((STORED, DEFLATED, BZIP2))]
    archive = write(tmp_path, members)
    with zipfile.ZipFile(tmp_path / "lzma.zip", "w", compression=zipfile.ZIP_LZMA) as zf:
        zf.writestr("_posts/2022-05-24-lzma.md", GOOD * 50)
    report = import_paths(lib, [archive, tmp_path / "lzma.zip"])
    assert report.counts()["imported"] == 4 and not report.problems
    assert titles(lib) == ["好文章"] * 4


def test_a_damaged_member_is_refused_and_the_others_land(lib: Library, tmp_path: Path) -> None:
    archive = write(tmp_path, [Member(b"_posts/2022-05-20-bad.md", GOOD * 20), GOOD_MEMBER])
    data = bytearray(archive.read_bytes())
    start = data.index(b"_posts/2022-05-20-bad.md") + len(b"_posts/2022-05-20-bad.md")
    data[start + 5 : start + 15] = b"\xff" * 10  # inside the deflate stream
    archive.write_bytes(bytes(data))
    report = import_paths(lib, [archive])
    assert problems(report)["2022-05-20-bad.md"][0] == "zip_damaged"
    assert titles(lib) == ["好文章"]
