"""Terminal escape sequences in a post (title, tags, categories, file name, text) never reach
the terminal raw from `finews`'s human-readable output; `--json` keeps every value exact."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from finews_desktop.cli import main, shown

# What a hostile archive can carry: colour and screen-clearing CSI sequences, a window-title OSC
# ended by BEL, a carriage return that hides the start of a line, the 8-bit CSI (C1 \x9b), a
# right-to-left override.
TITLE = "T\x1b[31mRED\x1b[0m bell\x07 cr\rX csi\x9b2J osc\x1b]0;pwned\x07 rlo\u202eX"
TAGS = ["\x1b]0;tag\x07", "t\x9bq", "plain"]
CATEGORIES = ["c\x1b[5m", "news"]
NAME = "_posts/2022-05-01-\x1b[31mred\x07.md"
BODY = "body \x9b1m and \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ done"

# Raw control characters a terminal acts on (newlines aside): C0, DEL, C1; and the bidi controls.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _yaml(s: str) -> str:
    """s as a YAML double-quoted scalar, its control characters as YAML escapes."""
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\u202e":
            out.append(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _site(root: Path) -> Path:
    posts = {
        NAME: (
            f"---\ntitle: {_yaml(TITLE)}\ntags: [{', '.join(map(_yaml, TAGS))}]\n"
            f"categories: [{', '.join(map(_yaml, CATEGORIES))}]\n---\n{BODY}\n"
        ),
        # warnings whose message and path carry the sequences
        "_posts/2022-05-02-bad\x9bdate.md": '---\ntitle: "bad \\e[1mdate"\ndate: "not a date \\e[m\\a"\n---\nx\n',
        "_posts/2022-05-03-yaml\x1b[1m.md": "---\ntitle: [unclosed \x1b[31m\n---\nx\n",
    }
    for rel, text in posts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "_config.yml").write_text("timezone: Asia/Shanghai\n")
    return root


def _raw(text: str) -> list[str]:
    return RAW.findall(text)


@pytest.fixture
def library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    lib = tmp_path / "lib\x1b[32m"  # the library's own path is shown by stats and status
    code, out, err = _run(capsys, "--library", str(lib), "import", str(_site(tmp_path / "site\x9b")))
    assert code == 0
    assert not _raw(out) and not _raw(err)
    assert "_posts/2022-05-02-bad\\x9bdate.md: " in out  # a problem's file name, escaped
    return lib


def _run(capsys: pytest.CaptureFixture[str], *argv: str, out: io.StringIO | None = None) -> tuple[int, str, str]:
    out = out or io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue(), capsys.readouterr().err


def _post_id(library: Path, capsys: pytest.CaptureFixture[str]) -> int:
    _code, out, _err = _run(capsys, "--library", str(library), "list", "--json")
    return next(r["id"] for r in json.loads(out) if r["title"] == TITLE)


def test_shown_escapes_every_control_character() -> None:
    assert shown(TITLE) == "T\\x1b[31mRED\\x1b[0m bell\\x07 cr\\rX csi\\x9b2J osc\\x1b]0;pwned\\x07 rlo\\u202eX"
    assert shown("a\tb\nc") == "a\\tb\\nc"
    assert shown("a\tb\nc", multiline=True) == "a\tb\nc"
    assert shown("a\r\nb", multiline=True) == "a\nb"  # a Windows line end is a line end
    assert shown("普通的标题 — ok") == "普通的标题 — ok"  # nothing else changes
    assert shown(["\x1b"]) == "['\\x1b']"


def test_import_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path / "site")
    code, out, err = _run(capsys, "--library", str(tmp_path / "lib"), "import", str(site))
    assert code == 0 and not _raw(out) and not _raw(err)
    assert "_posts/2022-05-02-bad\\x9bdate.md: " in out
    assert "_posts/2022-05-03-yaml\\x1b[1m.md: " in out
    # a path that is not there: the error names it, escaped
    code, out, err = _run(capsys, "--library", str(tmp_path / "lib"), "import", str(tmp_path / "no\x1b[2Jpe"))
    assert not _raw(out) and not _raw(err)
    assert "no\\x1b[2Jpe" in out + err
    # the JSON report is exact
    code, out, err = _run(capsys, "--library", str(tmp_path / "lib2"), "import", str(site), "--json")
    assert {p["path"] for p in json.loads(out)["problems"]} >= {
        "_posts/2022-05-02-bad\x9bdate.md",
        "_posts/2022-05-03-yaml\x1b[1m.md",
    }
    assert not _raw(out)  # C1 controls are \u escapes in JSON too, still exact once parsed


def test_list(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--library", str(library), "list")
    assert code == 0 and not _raw(out) and not _raw(err)
    assert shown(TITLE) in out
    assert len(out.splitlines()) == 3  # the carriage return did not hide a line; no new line either
    code, out, _err = _run(capsys, "--library", str(library), "list", "--json")
    records = json.loads(out)
    assert not _raw(out)
    post = next(r for r in records if r["path"] == NAME)
    assert (post["title"], post["tags"], post["categories"]) == (TITLE, TAGS, CATEGORIES)


def test_show(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pid = _post_id(library, capsys)
    code, out, err = _run(capsys, "--library", str(library), "show", str(pid))
    assert code == 0 and not _raw(out) and not _raw(err)
    assert f" title_text: {shown(TITLE)}\n" in out
    assert f"       path: {shown(NAME)}\n" in out
    assert "\\x1b]0;tag\\x07" in out and "c\\x1b[5m" in out
    assert "\\x9b1m" in out  # the text, its escapes shown
    code, out, _err = _run(capsys, "--library", str(library), "show", str(pid), "--json")
    record = json.loads(out)
    assert (record["title"], record["tags"], record["categories"], record["path"]) == (TITLE, TAGS, CATEGORIES, NAME)
    assert not _raw(out)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_search(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--library", str(library), "search", "body")
    assert code == 0 and not _raw(out) and not _raw(err)
    assert shown(TITLE) in out and "\\x9b1m" in out
    # on a terminal the match is bold: those are the only escape sequences written
    code, out, err = _run(capsys, "--library", str(library), "search", "body", out=_Terminal())
    assert code == 0
    assert RAW.sub("", out.replace("\x1b[1m", "").replace("\x1b[0m", "")) == out.replace("\x1b[1m", "").replace(
        "\x1b[0m", ""
    )
    assert "\x1b[1mbody\x1b[0m" in out
    code, out, _err = _run(capsys, "--library", str(library), "search", "body", "--json")
    assert json.loads(out)["posts"][0]["title"] == TITLE and not _raw(out)
    # a query with the sequences in it, shown back in an error
    code, out, err = _run(capsys, "--library", str(library), "search", "\x1b[2J\x9b (")
    assert code == 1 and not _raw(err) and "\\x1b[2J\\x9b (" in err


def test_stats_and_status(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--library", str(library), "stats")
    assert code == 0 and not _raw(out) and not _raw(err)
    assert "lib\\x1b[32m" in out
    code, out, _err = _run(capsys, "--library", str(library), "stats", "--json")
    assert json.loads(out)["library"] == str(library)
    code, out, err = _run(capsys, "--library", str(library), "status")
    assert code == 0 and not _raw(out) and not _raw(err) and "lib\\x1b[32m" in out


def test_tags_categories_collections_trash(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = str(library)
    code, out, err = _run(capsys, "--library", lib, "tag", "list")
    assert code == 0 and not _raw(out) and not _raw(err)
    assert "\\x1b]0;tag\\x07" in out and "t\\x9bq" in out
    code, out, _err = _run(capsys, "--library", lib, "tag", "list", "--json")
    assert {r["name"] for r in json.loads(out)} == set(TAGS) and not _raw(out)
    code, out, err = _run(capsys, "--library", lib, "category", "list")
    assert code == 0 and not _raw(out) and not _raw(err) and "c\\x1b[5m" in out
    pid = str(_post_id(library, capsys))
    for argv in (
        ["tag", "add", "n\x1b[1mew", "--ids", pid],
        ["tag", "rename", "n\x1b[1mew", "n\x9bew"],
        ["category", "rename", "news", "报\x07道", "--display-name"],
        ["collection", "create", "c\x1b[7mol"],
        ["collection", "add", "c\x1b[7mol", "--ids", pid],
        ["collection", "list"],
        ["collection", "rename", "c\x1b[7mol", "d\x07"],
        ["collection", "delete", "d\x07"],
        ["trash", "add", "--ids", pid],
        ["trash", "list"],
        ["tag", "delete", "n\x9bew"],
    ):
        code, out, err = _run(capsys, "--library", lib, *argv)
        assert code == 0, (argv, err)
        assert not _raw(out) and not _raw(err), argv
    code, out, _err = _run(capsys, "--library", lib, "trash", "list")
    assert shown(TITLE) in out


def test_edit_and_export_reports(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = str(library)
    pid = str(_post_id(library, capsys))
    code, out, err = _run(capsys, "--library", lib, "edit", pid, "--title", "new \x1b[33mtitle\x07")
    assert code == 0 and not _raw(out) and not _raw(err)
    code, out, err = _run(capsys, "--library", lib, "export", str(tmp_path / "out\x1b[0m"), "--portable-names")
    assert code == 0 and not _raw(out) and not _raw(err)
    assert "out\\x1b[0m" in out
    assert "\\x1b[31mred\\x07.md" in out  # the file renamed to a safe name, named as it was
    code, out, _err = _run(capsys, "--library", lib, "export", str(tmp_path / "out2"), "--json", "--portable-names")
    report = json.loads(out)
    assert NAME in {r["original"] for r in report["renamed"]} and not _raw(out)


def test_errors_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "--library", str(tmp_path / "lib"), "restore", str(tmp_path / "b\x1b[31mackup"))
    assert code == 1 and not _raw(err) and "b\\x1b[31mackup" in err
