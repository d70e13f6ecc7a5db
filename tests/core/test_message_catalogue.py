"""The core's messages: a code and named arguments, today's English from one template per code (issue 16)."""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest

from finews_desktop.core.errors import QueryError
from finews_desktop.core.importing.importer import Importer, site_settings
from finews_desktop.core.importing.prepare import over_limit
from finews_desktop.core.importing.sources import discover
from finews_desktop.core.jekyll.post import parse_post
from finews_desktop.core.messages import ENGLISH, REASONS, Message, fields, message, stored_warning
from finews_desktop.core.search.query import parse_query
from finews_desktop.core.store.library import Library
from tests.core.sites import write_site

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def _sample(code: str) -> Message:
    """The code's message with an argument of the right kind for every field."""
    numbers = {"size", "limit", "over", "count", "at", "depth", "mb", "ratio", "packed", "claimed", "method"}
    return Message(code, {name: 7 if name in numbers else f"<{name}>" for name in fields(ENGLISH[code])})


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_every_template_formats_with_its_own_fields(code: str) -> None:
    text = _sample(code).text
    assert text and "{" not in text
    assert all(name.isidentifier() for name in fields(ENGLISH[code]))


def test_a_missing_argument_or_an_unknown_code_is_caught_where_the_message_is_made() -> None:
    with pytest.raises(KeyError):
        message("bad_date", date="x")  # no `where`
    with pytest.raises(KeyError):
        message("no_such_code")


def test_reason_codes_are_named_once() -> None:
    assert len(REASONS) == len(set(REASONS))


def test_a_message_goes_to_json_and_back_with_its_nested_parts() -> None:
    said = message("bad_date", date="2022-13-45", where=message("in_front_matter"))
    data = json.loads(json.dumps(said.to_json()))
    assert Message.from_json(data) == said
    assert said.text == "The date '2022-13-45' in the front matter is not a date Jekyll can read."
    assert Message.from_json({"code": "bad_date", "args": {"date": "x"}}) is None  # an argument missing
    assert Message.from_json({"code": "gone", "args": {}}) is None
    assert Message.from_json("text") is None


def test_jekyll_warnings_keep_their_english_and_are_stored_with_their_arguments() -> None:
    post = parse_post(b"---\ntitle: a\ndate: 2022-13-45\n---\nx\n", "_posts/notes.md", UTC, NOW)
    assert [w.code for w in post.warnings] == ["not_a_post", "bad_date"]
    bad_date = post.warnings[1]
    assert bad_date.message == "The date '2022-13-45' in the front matter is not a date Jekyll can read."
    stored = json.loads(json.dumps(bad_date.to_json()))
    assert stored["code"] == "bad_date" and stored["message"] == bad_date.message
    assert stored["args"] == {"date": "2022-13-45", "where": {"code": "in_front_matter", "args": {}}}
    assert stored_warning(stored) == bad_date.said
    # a row stored before warnings had arguments: its English is all there is
    assert stored_warning({"code": "bad_date", "message": bad_date.message}) is None

    fatal = parse_post(b"---\ntitle: a\ndate: 2022-13-45\n---\nx\n", "_posts/2022-05-01-a.md", UTC, NOW).warnings
    assert fatal[0].message == (
        "Jekyll cannot read the date '2022-13-45' in the front matter: this aborts the whole "
        "`jekyll build` (no site at all), not just this post."
    )
    broken = parse_post(b"---\ntitle: [unclosed\n---\nx\n", "_posts/2022-05-01-a.md", UTC, NOW).warnings
    assert broken[0].code == "front_matter_error" and broken[0].message.startswith(
        "Its front matter is not valid YAML ("
    )
    assert broken[0].message.endswith("(the date becomes the build time).")


def test_the_import_stores_warnings_with_arguments_and_reports_them_as_messages(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/notes.md": "---\ntitle: a\ndate: 2022-13-45\n---\nx\n"})
    with Library.open(tmp_path / "lib") as library:
        report = Importer(library, workers=0).run([str(site)])
        (record,) = library.post_records(library.post_ids())
    assert [w["code"] for w in record["warnings"]] == ["not_a_post", "bad_date"]
    assert stored_warning(record["warnings"][1]) == message(
        "bad_date", date="2022-13-45", where=message("in_front_matter")
    )
    problems = {p.code: p for p in report.problems}
    assert problems["bad_date"].said is not None and problems["bad_date"].message == problems["bad_date"].said.text
    assert report.to_json()["problems"][1]["said"]["code"] in {"not_a_post", "bad_date"}


def test_source_problems_and_site_settings_keep_their_english(tmp_path: Path) -> None:
    found = discover([tmp_path / "nothing here"])
    (problem,) = found.problems
    assert problem.code == "missing" and problem.said.code == "missing"
    assert problem.message == f"Cannot import {tmp_path / 'nothing here'}: it does not exist."
    settings = site_settings(b"timezone: Mars/Olympus\npermalink: [1]\n", "Asia/Shanghai")
    assert [p.code for p in settings.problems] == ["config_permalink_type", "config_timezone"]
    assert settings.problem == (
        "The permalink in _config.yml is a list, not text; it was not used. "
        "Unknown timezone 'Mars/Olympus' in _config.yml; dates use UTC."
    )


def test_a_query_error_carries_its_message() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("(abc")
    assert str(caught.value) == "The ( at character 1 is never closed."
    assert caught.value.said == message("query_unclosed_paren", at=1)
    with pytest.raises(QueryError) as caught:
        parse_query("date:2022-02-30")
    assert caught.value.said is not None and caught.value.said.code == "query_no_such_date"
    assert str(caught.value) == "There is no date '2022-02-30' (character 6)."


def test_conversions_are_the_ones_python_formats() -> None:
    for code, template in ENGLISH.items():
        for _text, name, spec, conversion in string.Formatter().parse(template):
            if name:
                assert conversion in (None, "r") and spec in ("", ","), code


def test_problems_from_the_import_workers_carry_their_message(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2022-05-01-a.md": "---\ntitle: a\n---\nx\n"})
    (site / "_posts" / "2022-05-02-b.md").write_bytes(b"\x00\x01\x02binary" * 100)
    with Library.open(tmp_path / "lib") as library:
        report = Importer(library, workers=0).run([str(site)])
    (binary,) = [p for p in report.skipped if p.code == "binary"]
    assert binary.said == message("binary") and binary.message == "This is a binary file, not a text post; skipped."
    assert over_limit(20 * 1048576 + 1, 20 * 1048576).text == (
        "20,971,521 bytes, 1 byte over the 20 MB (20,971,520 bytes) limit for a post"
    )
