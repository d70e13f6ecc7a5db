"""Export at the file system's limits: paths over PATH_MAX and names over NAME_MAX, destinations
that are links, the umask, and messages that name the destination the user gave."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from finews_desktop.cli import main as cli_main
from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting import writing as writing_module
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library
from tests.core.sites import write_site

PATH_MAX = os.pathconf("/", "PC_PATH_MAX") if hasattr(os, "pathconf") else 4096
TAIL = "_posts/2022-01-01-deep.md"


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = Library.open(tmp_path / "lib")
    site = write_site(
        tmp_path / "site", {f"_posts/2022-01-0{i}-p{i}.md": f"---\ntitle: p{i}\n---\ntext {i}\n" for i in range(1, 5)}
    )
    assert not import_paths(library, [site]).errors
    yield library
    library.close()


def _ids(lib: Library) -> list[int]:
    return lib.post_ids(order="path", descending=False)


def _set_path(lib: Library, pid: int, path: str) -> None:
    lib.db.execute_sql("UPDATE post SET path = ? WHERE id = ?", (path, pid))


def _deep(total: int, dest: Path) -> str:
    """A post path of 200-byte folders whose full path under dest is `total` bytes (no NUL)."""
    fill = total - len(os.fsencode(str(dest))) - 1 - len(TAIL)
    parts = []
    while fill > 256:
        parts.append("d" * 200)
        fill -= 201
    parts.append("e" * (fill - 1))
    return "/".join([*parts, TAIL])


# --- paths and names over the limits ---------------------------------------------------------


@pytest.mark.parametrize("over", [1, 150, 5000])
def test_a_post_whose_path_is_too_long_is_left_out_and_reported(lib: Library, tmp_path: Path, over: int) -> None:
    ids = _ids(lib)
    dest = tmp_path / "an-export-folder-named-at-length"  # 20 bytes or more: its temporary folder is as long
    too_long = _deep(PATH_MAX - 1 + over, dest)
    just_fits = _deep(PATH_MAX - 1, dest).replace("deep", "fits")
    _set_path(lib, ids[0], too_long)
    _set_path(lib, ids[1], just_fits)
    report = export_posts(lib, dest)
    assert [n.post_id for n in report.not_exported] == [ids[0]]
    left = report.not_exported[0]
    size = PATH_MAX - 1 + over
    assert left.path == too_long and left.would_be == too_long
    assert left.reason == (
        f"its path in the export would be {size:,} bytes long, {over:,} more than the {PATH_MAX - 1:,} "
        "a path may have there"
    )
    # the others are all there, the one at the limit too
    assert sorted(report.post_ids) == sorted(ids[1:])
    assert report.counts()["not_exported"] == 1 and ids[0] not in report.paths
    written = str(dest / just_fits)
    assert len(os.fsencode(written)) == PATH_MAX - 1 and os.path.isfile(written)
    assert (dest / "_posts" / "2022-01-03-p3.md").is_file()
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no temporary folder left


def test_finews_export_names_the_post_left_out(
    lib: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "an-export-folder-named-at-length"
    too_long = _deep(PATH_MAX + 99, dest)
    _set_path(lib, _ids(lib)[0], too_long)
    folder = lib.folder
    lib.close()
    out = io.StringIO()
    assert cli_main(["--library", str(folder), "export", str(dest)], out=out) == 0
    text = out.getvalue()
    assert text.startswith("Exported 3 posts to ")
    assert f"  not exported: {too_long}: its path in the export would be {PATH_MAX + 99:,} bytes long, 100 more" in text
    out = io.StringIO()
    code = cli_main(["--library", str(folder), "export", str(tmp_path / "again-named-long-enough"), "--json"], out=out)
    assert code == 0
    report = json.loads(out.getvalue())
    assert report["counts"]["not_exported"] == 1 and report["not_exported"][0]["path"] == too_long


@pytest.mark.parametrize(
    "name",
    [
        "_posts/2022-01-02-" + "n" * 300 + ".md",  # 300 ASCII bytes
        "_posts/2022-01-02-" + "长" * 100 + ".md",  # 300 UTF-8 bytes
        "f" * 300 + "/_posts/2022-01-02-folder.md",  # a folder's name
    ],
)
def test_a_name_over_name_max_is_shortened_and_reported(lib: Library, tmp_path: Path, name: str) -> None:
    pid = _ids(lib)[1]
    _set_path(lib, pid, name)
    report = export_posts(lib, tmp_path / "out")
    written = report.paths[pid]
    assert all(len(part.encode()) <= 255 for part in written.split("/"))
    assert (tmp_path / "out" / written).is_file()
    assert [(r.original, r.written, r.reason) for r in report.renamed if r.post_id == pid] == [
        (name, written, "target_name")  # the file system here holds no name that long
    ]
    assert not report.not_exported


def test_destination_names_and_paths_over_the_limits(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(KnownError) as err:
        export_posts(lib, tmp_path / ("e" * 300))
    assert str(err.value) == f"The name {'e' * 300} is 300 bytes long, 45 more than the 255 a file name may have here."
    deep = tmp_path.joinpath(*["p" * 250] * 17)
    size = len(os.fsencode(str(deep)))
    assert size >= PATH_MAX
    with pytest.raises(KnownError, match=f"is {size:,} bytes long, {size - PATH_MAX + 1:,} more than the "):
        export_posts(lib, deep)
    # a name near 255 bytes works: the temporary folder's longer name is cut to fit
    long_name = tmp_path / ("长" * 80 + "-x" * 7)  # 254 bytes
    report = export_posts(lib, long_name)
    assert len(report.post_ids) == 4 and long_name.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["lib", "site", long_name.name])


# --- destinations that are links ----------------------------------------------------------------


def test_a_link_to_an_empty_folder_is_refused_in_words(lib: Library, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    link = tmp_path / "link"
    link.symlink_to(empty)
    with pytest.raises(KnownError) as err:
        export_posts(lib, link)
    assert str(err.value) == (
        f"{link} is a link to the empty folder {empty}. Export to {empty} itself, or use --merge to add the "
        "files to the folder the link leads to; an export never replaces a link."
    )
    assert link.is_symlink() and list(empty.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "lib", "link", "site"]
    # merging through the link writes into the folder it leads to
    report = export_posts(lib, link, merge=True)
    assert len(report.post_ids) == 4 and (empty / "_posts" / "2022-01-01-p1.md").is_file()
    assert link.is_symlink()


def test_other_links(lib: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    (tmp_path / "to-full").symlink_to(full)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "to-file").symlink_to(tmp_path / "a-file")
    with pytest.raises(KnownError, match=f"is a link to the folder {full}\\. "):
        export_posts(lib, tmp_path / "to-full")
    with pytest.raises(KnownError, match=f"is a link to {tmp_path / 'nowhere'}, which does not exist"):
        export_posts(lib, tmp_path / "dangling")
    with pytest.raises(KnownError, match="which does not exist"):
        export_posts(lib, tmp_path / "dangling", merge=True)
    with pytest.raises(KnownError, match=f"is a link to {tmp_path / 'a-file'}, which is not a folder"):
        export_posts(lib, tmp_path / "to-file")
    folder = lib.folder
    lib.close()
    assert cli_main(["--library", str(folder), "export", str(tmp_path / "dangling")], out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert err == f"finews: {tmp_path / 'dangling'} is a link to {tmp_path / 'nowhere'}, which does not exist. " + (
        "Choose a folder, or a new name.\n"
    )


# --- the umask ------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")
@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002, 0o027])
def test_the_exported_folder_and_zip_follow_the_umask(lib: Library, tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        export_posts(lib, tmp_path / "out")
        export_posts(lib, tmp_path / "out.zip")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out").st_mode) == 0o777 & ~umask
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "_posts").st_mode) == 0o777 & ~umask
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "_posts" / "2022-01-01-p1.md").st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(os.stat(tmp_path / "out.zip").st_mode) == 0o666 & ~umask
    assert [p.name for p in (tmp_path / "out").iterdir() if "?" in p.name] == []  # the mode probe is gone
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert "_posts/2022-01-01-p1.md" in zf.namelist()


# --- messages name what the user gave --------------------------------------------------------------


def test_a_write_error_names_the_destination_not_the_temporary_folder(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(batch: list[tuple[str, bytes]]) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", batch[0][0])

    monkeypatch.setattr(writing_module, "write_files", fail)
    dest = tmp_path / "out"
    with pytest.raises(KnownError) as err:
        export_posts(lib, dest)
    message = str(err.value)
    assert message.startswith(f"The export failed: No space left on device ({dest}{os.sep}")
    assert ".part" not in message and message.endswith(f"Nothing was written to {dest}.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib", "site"]
