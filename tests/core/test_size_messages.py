"""A post over the size limit is refused with its size and by how much it is over."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from finews_desktop.core.importing import prepare as prepare_module
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.importing.sources import MAX_POST_BYTES
from finews_desktop.core.store.library import Library


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = Library.open(tmp_path / "lib")
    yield library
    library.close()


def _too_large(lib: Library, source: Path) -> str:
    report = import_paths(lib, [source])
    messages = [p.message for p in report.errors if p.code == "too_large"]
    assert len(messages) == 1 and lib.count_posts() == 1  # the small post beside it lands
    return messages[0]


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (
            MAX_POST_BYTES + 1,
            "The file is 20,971,521 bytes, 1 byte over the 20 MB (20,971,520 bytes) limit for a post; not read.",
        ),
        (
            MAX_POST_BYTES + 5000,
            "The file is 20,976,520 bytes, 5,000 bytes over the 20 MB (20,971,520 bytes) limit for a post; not read.",
        ),
        (512 * 1048576, "The file is 512.0 MB, 492.0 MB over the 20 MB limit for a post; not read."),
    ],
)
def test_an_oversized_file_says_its_size_and_by_how_much(lib: Library, tmp_path: Path, size: int, said: str) -> None:
    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2022-05-20-small.md").write_text("---\ntitle: small\n---\nx\n")
    with open(posts / "2022-05-21-big.md", "wb") as fh:
        fh.truncate(size)  # sparse: never read, never written
    assert _too_large(lib, tmp_path / "site") == said


def test_an_oversized_zip_member_says_by_how_much(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare_module, "MAX_POST_BYTES", 1000)  # the zip's own limits are the larger ones
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("_posts/2022-05-20-small.md", "---\ntitle: small\n---\nx\n")
        zf.writestr("_posts/2022-05-21-big.md", "---\ntitle: big\n---\n" + "x" * 4981)
    assert _too_large(lib, archive) == "The file is 5,000 bytes, 4,000 bytes over the 1,000-byte limit for a post."
