"""What the user did not choose is never read, followed or blocked on (issue 15, section 4), and a
site's YAML cannot hang or abort an import (section 5).

Every hostile input is made here: links to files and folders outside the imported folder and
inside it, FIFOs (os.mkfifo), sockets, devices, zip members that claim to be FIFOs or devices, and
YAML bombs in `_config.yml` and category pages. A test that could block on a FIFO if the code
were wrong runs the import on a thread with a generous timeout and fails, not hangs, on it; the
YAML bombs are imported in a child process with a memory cap.

Jekyll 4.3.1 (Debian's, `jekyll build` and `jekyll build --safe`, Ruby 3.1) was asked what it
does with links: a link to a file in `_posts` is read (in safe mode only if it stays inside the
site); a link to a folder above `_posts`, or a `_posts` folder that is a link, is read, under the
link's name; a link to a folder below `_posts` is not entered (Ruby's `Dir["**/*"]`).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from finews_desktop.core.importing import sources
from finews_desktop.core.importing.importer import ImportReport, import_paths
from finews_desktop.core.store.library import Library

REPO = Path(__file__).resolve().parents[3]
GOOD = '---\ntitle: "好文章"\ndate: 2022-05-20 17:01:37 +0800\ncategories: emnews\n---\n<p>正文</p>'
SECRET = GOOD.replace("好文章", "SECRET")
TIMEOUT = 120.0  # seconds: a bound for a blocked import, never a premise (these imports take a blink)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2022-05-20-good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path / "site"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files the user never chose: beside the imported folder, not in it."""
    folder = tmp_path / "outside"
    (folder / "posts").mkdir(parents=True)
    (folder / "secret.md").write_text(SECRET, encoding="utf-8")
    (folder / "posts" / "2022-05-22-secret.md").write_text(SECRET, encoding="utf-8")
    (folder / "config.yml").write_text("timezone: America/New_York\npermalink: /secret/:title\n")
    (folder / "emnews.html").write_text("---\nlayout: category\ntitle: SECRET\ncategory: emnews\n---\n")
    return folder


def run_import(library_folder: Path, paths: list[Path], fifos: list[Path] = ()) -> ImportReport:  # type: ignore[assignment]
    """The import on a thread; if it is still running after TIMEOUT, the FIFOs are opened for writing
    (which releases a reader blocked on one) and the test fails instead of hanging."""
    result: dict[str, object] = {}

    def work() -> None:
        lib = Library.open(library_folder)
        try:
            result["report"] = import_paths(lib, list(paths))
        except BaseException as exc:  # handed to the test
            result["error"] = exc
        finally:
            lib.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    if thread.is_alive():
        for fifo in fifos:
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        thread.join(TIMEOUT)
        pytest.fail("the import blocked on a FIFO")
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    report = result["report"]
    assert isinstance(report, ImportReport)
    return report


def records(library_folder: Path) -> list[dict]:
    lib = Library.open(library_folder)
    try:
        return lib.post_records(lib.post_ids())
    finally:
        lib.close()


def archive_settings(library_folder: Path) -> list[tuple]:
    lib = Library.open(library_folder)
    try:
        return lib.db.execute_sql("SELECT timezone, permalink FROM archive").fetchall()
    finally:
        lib.close()


def category_names(library_folder: Path) -> dict[str, str]:
    lib = Library.open(library_folder)
    try:
        return dict(lib.db.execute_sql("SELECT slug, display_name FROM category").fetchall())
    finally:
        lib.close()


def codes(report: ImportReport) -> dict[str, str]:
    """path -> code of every problem."""
    return {p.path: p.code for p in report.problems}


def skipped(report: ImportReport) -> dict[str, str]:
    return {p.path: p.code for p in report.skipped}


def nothing_secret(library_folder: Path) -> bool:
    return not any("SECRET" in r["title"] for r in records(library_folder)) and "SECRET" not in str(
        category_names(library_folder)
    )


# --- links ----------------------------------------------------------------------------


def test_a_post_linked_to_a_file_outside_is_not_read(tmp_path: Path, site: Path, outside: Path) -> None:
    os.symlink(outside / "secret.md", site / "_posts" / "2022-05-21-secret.md")
    report = run_import(tmp_path / "lib", [site])
    assert skipped(report)["_posts/2022-05-21-secret.md"] == "link_outside"
    assert "outside the imported folder" in report.skipped[0].message
    assert [r["title"] for r in records(tmp_path / "lib")] == ["好文章"] and nothing_secret(tmp_path / "lib")


def test_config_and_category_page_linked_outside_are_not_read(tmp_path: Path, site: Path, outside: Path) -> None:
    os.symlink(outside / "config.yml", site / "_config.yml")
    (site / "category").mkdir()
    os.symlink(outside / "emnews.html", site / "category" / "emnews.html")
    report = run_import(tmp_path / "lib", [site])
    assert codes(report)["_config.yml"] == "link_outside"
    assert codes(report)["category/emnews.html"] == "link_outside"
    assert archive_settings(tmp_path / "lib") == [("Asia/Shanghai", None)]  # the library's, not the link's
    assert nothing_secret(tmp_path / "lib")


@pytest.mark.parametrize("chosen", ["posts folder", "single file"])
def test_a_config_outside_the_site_is_not_read_for_a_chosen_posts_folder_or_file(
    tmp_path: Path, site: Path, outside: Path, chosen: str
) -> None:
    os.symlink(outside / "config.yml", site / "_config.yml")
    (site / "category").mkdir()
    os.symlink(outside / "emnews.html", site / "category" / "emnews.html")
    path = site / "_posts" if chosen == "posts folder" else site / "_posts" / "2022-05-20-good.md"
    report = run_import(tmp_path / "lib", [path])
    assert {p.code for p in report.problems} == {"link_outside"}
    assert archive_settings(tmp_path / "lib") == [("Asia/Shanghai", None)]
    assert nothing_secret(tmp_path / "lib")


def test_folders_linked_outside_are_not_walked(tmp_path: Path, site: Path, outside: Path) -> None:
    os.symlink(outside / "posts", site / "_posts" / "more")  # below _posts
    (site / "cat").mkdir()
    os.symlink(outside / "posts", site / "cat" / "_posts")  # a _posts folder
    os.symlink(outside, site / "elsewhere")  # above _posts
    report = run_import(tmp_path / "lib", [site])
    assert skipped(report) == {"_posts/more": "link_outside", "cat/_posts": "link_outside", "elsewhere": "link_outside"}
    assert [r["title"] for r in records(tmp_path / "lib")] == ["好文章"] and nothing_secret(tmp_path / "lib")


def test_links_inside_the_tree_are_read_as_jekyll_reads_them(tmp_path: Path, site: Path) -> None:
    (site / "notes").mkdir()
    (site / "notes" / "real.md").write_text(GOOD.replace("好文章", "linked file"), encoding="utf-8")
    os.symlink("../notes/real.md", site / "_posts" / "2022-05-21-linked.md")  # read
    (site / "src" / "_posts").mkdir(parents=True)
    (site / "src" / "_posts" / "2022-05-23-x.md").write_text(GOOD.replace("好文章", "in src"), encoding="utf-8")
    os.symlink("src", site / "alias")  # a folder above _posts: read, under the link's name
    (site / "x").mkdir()
    os.symlink("../src/_posts", site / "x" / "_posts")  # a _posts folder that is a link: read
    os.symlink("../src", site / "_posts" / "sub")  # a folder below _posts: Jekyll does not enter it
    report = run_import(tmp_path / "lib", [site])
    paths = sorted(r["path"] for r in records(tmp_path / "lib"))
    assert paths == [
        "_posts/2022-05-20-good.md",
        "_posts/2022-05-21-linked.md",
        "alias/_posts/2022-05-23-x.md",
        "src/_posts/2022-05-23-x.md",
        "x/_posts/2022-05-23-x.md",
    ]
    said = codes(report)
    assert said["_posts/2022-05-21-linked.md"] == "link_followed" and said["alias"] == "link_followed"
    assert said["x/_posts"] == "link_followed"
    assert said["_posts/sub"] == "link" and "Jekyll does not read folders linked below _posts" in next(
        p.message for p in report.problems if p.path == "_posts/sub"
    )
    by_path = {r["path"]: r for r in records(tmp_path / "lib")}
    assert by_path["alias/_posts/2022-05-23-x.md"]["url"].startswith("/alias/emnews/2022/05/")  # Jekyll's URL
    assert not report.errors


def test_a_folder_link_back_up_the_tree_is_not_followed(tmp_path: Path, site: Path) -> None:
    (site / "a").mkdir()
    os.symlink("..", site / "a" / "up")
    os.symlink(".", site / "here")
    report = run_import(tmp_path / "lib", [site])
    assert codes(report) == {"a/up": "link", "here": "link"}
    assert [r["title"] for r in records(tmp_path / "lib")] == ["好文章"]


# --- FIFOs, sockets, devices --------------------------------------------------------------


def test_fifos_anywhere_are_skipped_without_blocking(tmp_path: Path, site: Path) -> None:
    fifos = [site / "_posts" / "2022-05-21-fifo.md", site / "_config.yml", site / "category" / "emnews.html"]
    (site / "category").mkdir()
    for fifo in fifos:
        os.mkfifo(fifo)
    report = run_import(tmp_path / "lib", [site], fifos)
    assert skipped(report) == {
        "_posts/2022-05-21-fifo.md": "not_a_file",
        "_config.yml": "not_a_file",
        "category/emnews.html": "not_a_file",
    }
    assert "FIFO" in report.skipped[0].message
    assert [r["title"] for r in records(tmp_path / "lib")] == ["好文章"]


@pytest.mark.parametrize("chosen", ["single file", "posts folder", "zip"])
def test_a_chosen_fifo_or_a_fifo_beside_a_chosen_folder_is_not_opened(tmp_path: Path, site: Path, chosen: str) -> None:
    (site / "category").mkdir()
    fifos = [site / "_config.yml", site / "category" / "emnews.html"]
    if chosen == "single file":
        fifos.append(site / "_posts" / "2022-05-21-fifo.md")
        paths = [fifos[-1], site / "_posts" / "2022-05-20-good.md"]
    elif chosen == "zip":
        fifos.append(tmp_path / "archive.zip")
        paths = [fifos[-1], site / "_posts"]
    else:
        paths = [site / "_posts"]
    for fifo in fifos:
        os.mkfifo(fifo)
    report = run_import(tmp_path / "lib", paths, fifos)
    assert {p.code for p in report.problems} == {"not_a_file"}
    assert len(report.skipped) == len(fifos)
    assert [r["title"] for r in records(tmp_path / "lib")] == ["好文章"]


def test_sockets_and_devices_are_skipped(tmp_path: Path, site: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(site / "_posts" / "2022-05-21-socket.md"))
        expected = {"_posts/2022-05-21-socket.md": "not_a_file"}
        try:  # a device node needs privileges: checked where they are there
            os.mknod(site / "_posts" / "2022-05-21-null.md", 0o600 | 0o020000, os.makedev(1, 3))
            expected["_posts/2022-05-21-null.md"] = "not_a_file"
        except (PermissionError, AttributeError):
            pass
        report = run_import(tmp_path / "lib", [site])
    finally:
        server.close()
    assert skipped(report) == expected
    assert [r["title"] for r in records(tmp_path / "lib")] == ["好文章"]


def test_the_reader_never_reads_a_device_or_follows_a_link(tmp_path: Path) -> None:
    with pytest.raises(sources.NotARegularFile):
        sources.read_file_at_most(os.devnull)
    os.symlink(os.devnull, tmp_path / "link")
    with pytest.raises(OSError):  # O_NOFOLLOW: links are resolved (and checked) where they are listed
        sources.read_file_at_most(str(tmp_path / "link"))


def test_zip_members_that_say_they_are_fifos_devices_or_sockets_are_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "special.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("_posts/2022-05-20-good.md", GOOD)
        for name, mode in (("fifo", 0o010644), ("char", 0o020644), ("block", 0o060644), ("socket", 0o140644)):
            info = zipfile.ZipInfo(f"_posts/2022-05-21-{name}.md")
            info.external_attr = mode << 16
            zf.writestr(info, SECRET)
    report = run_import(tmp_path / "lib", [archive])
    assert sorted(skipped(report).values()) == ["not_a_file"] * 4
    assert [r["title"] for r in records(tmp_path / "lib")] == ["好文章"]


# --- the preview's local images ---------------------------------------------------------


def read_image_on_a_thread(path: Path, folder: Path, fifos: list[Path] = ()) -> bytes | None:  # type: ignore[assignment]
    result: dict[str, bytes | None] = {}
    thread = threading.Thread(
        target=lambda: result.update(data=sources.read_local_file(str(path), str(folder), 1 << 20)), daemon=True
    )
    thread.start()
    thread.join(TIMEOUT)
    if thread.is_alive():
        for fifo in fifos:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a local image blocked")
    return result["data"]


def test_a_local_image_is_read_only_inside_the_folder_and_only_if_it_is_a_file(tmp_path: Path, outside: Path) -> None:
    folder = tmp_path / "site" / "_posts"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "ok.png").write_bytes(b"\x89PNG picture")
    assert read_image_on_a_thread(folder / "img" / "ok.png", folder) == b"\x89PNG picture"
    os.symlink("ok.png", folder / "img" / "inside.png")
    assert read_image_on_a_thread(folder / "img" / "inside.png", folder) == b"\x89PNG picture"
    os.symlink(outside / "secret.md", folder / "img" / "outside.png")
    assert read_image_on_a_thread(folder / "img" / "outside.png", folder) is None
    os.mkfifo(folder / "img" / "fifo.png")
    assert read_image_on_a_thread(folder / "img" / "fifo.png", folder, [folder / "img" / "fifo.png"]) is None
    (folder / "img" / "big.png").write_bytes(b"x" * (2 << 20))
    assert read_image_on_a_thread(folder / "img" / "big.png", folder) is None


# --- YAML bombs in a site's own files ----------------------------------------------------

_ALIAS_BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8))
    + "permalink: *i\ntimezone: *i\ntitle: *i\n"
)
BOMBS = {
    "alias bomb": _ALIAS_BOMB,  # 10**9 values once expanded
    "5,000-deep block nesting": "k:\n" + "- " * 5000 + "v\n",
    "5,000-deep flow nesting": "k: " + "[" * 5000 + "]" * 5000 + "\n",
    "huge permalink": "permalink: /" + "x" * (512 * 1024) + "/:title\n",
    "huge file": "permalink: /" + "x" * (3 * 1024 * 1024) + "/:title\n",
}

_CHILD = r"""
import json, sys
from finews_desktop.core.store.library import Library
from finews_desktop.core.importing.importer import import_paths
out = []
for site, library in json.loads(sys.argv[1]):
    lib = Library.open(library)
    report = import_paths(lib, [site])
    out.append({
        "titles": [r["title"] for r in lib.post_records(lib.post_ids())],
        "problems": [(p.code, p.level, p.path, p.message) for p in report.problems],
        "archive": lib.db.execute_sql("SELECT timezone, length(permalink) FROM archive").fetchall(),
        "names": lib.db.execute_sql("SELECT slug, display_name FROM category").fetchall(),
    })
    lib.close()
print(json.dumps(out))
"""


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a bomb that gets through fails, not the machine


@pytest.fixture(scope="module")
def bombed_imports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str, str], dict]]:
    """Every bomb in a _config.yml and in a category page, imported in one child process."""
    root = tmp_path_factory.mktemp("bombs")
    jobs, keys = [], []
    for where in ("config", "category page"):
        for name, text in BOMBS.items():
            site = root / f"{where}-{len(keys)}" / "site"
            (site / "_posts").mkdir(parents=True)
            (site / "_posts" / "2022-05-20-good.md").write_text(GOOD, encoding="utf-8")
            if where == "config":
                (site / "_config.yml").write_text(text)
            else:
                (site / "category").mkdir()
                page = "---\nlayout: category\ncategory: emnews\n" + text + "---\n"
                (site / "category" / "emnews.html").write_text(page)
            jobs.append((str(site), str(site.parent / "library")))
            keys.append((where, name))
    home = root / "home"  # hermetic, as conftest makes the tests' own process
    env = dict(os.environ, PYTHONPATH=str(REPO), TZ="Asia/Shanghai", HOME=str(home))
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = str(home / sub)
    env.pop("FINEWS_LIBRARY", None)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(jobs)],
        capture_output=True,
        timeout=TIMEOUT * 2,
        env=env,
        preexec_fn=_limit_memory if sys.platform.startswith("linux") else None,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    results = dict(zip(keys, json.loads(done.stdout), strict=True))
    yield lambda where, name: results[(where, name)]


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_yaml_bomb_in_config_is_a_warning_and_the_import_goes_on(
    bombed_imports: Callable[[str, str], dict], name: str
) -> None:
    result = bombed_imports("config", name)
    assert result["titles"] == ["好文章"]
    (problem,) = result["problems"]
    code, level, _path, message = problem
    assert level == "warning" and code in {"config", "too_large"}, problem
    assert result["archive"] == [["Asia/Shanghai", None]]  # the library's timezone, no permalink
    assert len(message) < 400


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_yaml_bomb_in_a_category_page_is_a_warning_and_the_import_goes_on(
    bombed_imports: Callable[[str, str], dict], name: str
) -> None:
    result = bombed_imports("category page", name)
    assert result["titles"] == ["好文章"]
    (problem,) = result["problems"]
    code, level, path, _message = problem
    assert level == "warning" and code in {"config", "too_large"} and path.endswith("category/emnews.html")
    assert all(display is None for _slug, display in result["names"])
