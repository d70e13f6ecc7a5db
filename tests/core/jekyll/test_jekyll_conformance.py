"""Our Jekyll parser against what real Jekyll 4.3 does with tests/data/jekyll/site.

tests/data/jekyll/expected.json is written by tests/data/jekyll/regenerate.py
from a real Jekyll build (never by hand).  One test per file, so a failure
names the post.  Values are compared as Jekyll's ``jsonify`` shows them:
numbers stay numbers and booleans stay booleans (``1`` is not ``true``).
"""

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from finews_desktop.core.jekyll.post import format_date, jekyll_relative_path, parse_post

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "tests" / "data" / "jekyll"
SITE = DATA / "site"
JEKYLL_DUMP = REPO.parent / "shared" / "tools" / "jekyll-dump"

EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
TZ = ZoneInfo(EXPECTED["timezone"])
# Jekyll dates posts with unusable front matter at build time.  23:30 UTC is
# already the next day in Asia/Shanghai, so the URL must use the local day.
BUILD_TIME = dt.datetime(2001, 2, 3, 23, 30, 0, tzinfo=dt.UTC)
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"

POSTS = EXPECTED["posts"]
SKIPPED = EXPECTED["skipped"]
# Reasons our parser must give; "other" (an integer slug that crashes Jekyll's
# URL code) has no counterpart, the parser only has to refuse to build it.
PARSER_REASONS = {"not_a_post", "not_utf8", "unpublished", "fatal_date", "yaml_data_file"}


def _as_json(value):
    """A parser value as Jekyll's jsonify would print it."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # YAML timestamps without offset are UTC
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(TZ).strftime(DATE_FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    return value


def _typed(value):
    """Tag every JSON value with its type so that 1 != true and 1 != 1.0."""
    if value is None:
        return ("null", None)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", value)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, dict):
        return ("dict", {k: _typed(v) for k, v in value.items()})
    return (type(value).__name__, repr(value))


def _same(actual, expected):
    return _typed(_as_json(actual)) == _typed(expected)


def _parse(path):
    return parse_post((SITE / path).read_bytes(), path, TZ, BUILD_TIME)


def _build_day_url(url, jekyll_date):
    """Swap the build day of Jekyll's run for ours in a front-matter-error URL."""
    theirs = "/" + jekyll_date[:10].replace("-", "/") + "/"
    ours = BUILD_TIME.astimezone(TZ).strftime("/%Y/%m/%d/")
    assert theirs in url, (url, jekyll_date)
    return url.replace(theirs, ours, 1)


def _diff(name, actual, expected):
    return f"{name}: expected {json.dumps(expected, ensure_ascii=False)}, got {actual!r}"


@pytest.mark.parametrize("exp", POSTS, ids=[p["path"] for p in POSTS])
def test_post(exp):
    path = exp["path"]
    assert jekyll_relative_path(path) is not None, "Jekyll reads this file"
    post = _parse(path)
    problems = []
    if post.builds is not True:
        problems.append(_diff("builds", post.builds, True))
    if post.skip_reason is not None:
        problems.append(_diff("skip_reason", post.skip_reason, None))
    if bool(post.front_matter_error) != exp["front_matter_error"]:
        problems.append(_diff("front_matter_error", post.front_matter_error, exp["front_matter_error"]))
    url = exp["url"]
    want_date = exp["date"]
    if exp["front_matter_error"]:
        want_date = BUILD_TIME.astimezone(TZ).strftime(DATE_FORMAT)
        url = _build_day_url(url, exp["date"])
    got_date = None if post.date is None else format_date(post.date, TZ)
    if got_date != want_date:
        problems.append(_diff("date", got_date, want_date))
    for field in ("title", "categories", "tags", "slug", "ext", "published"):
        actual = getattr(post, field)
        if not _same(actual, exp[field]):
            problems.append(_diff(field, actual, exp[field]))
    if not _same(post.url, url):
        problems.append(_diff("url", post.url, url))
    assert not problems, f"{path}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("exp", SKIPPED, ids=[s["path"] for s in SKIPPED])
def test_skipped(exp):
    path, reason = exp["path"], exp["reason"]
    if reason == "not_a_post" and jekyll_relative_path(path) is None:
        return  # Jekyll never even looks at it, nor need we
    assert reason == "not_a_post" or jekyll_relative_path(path) is not None, (
        f"Jekyll reads this file (and then skips it: {reason})"
    )
    post = _parse(path)
    assert post.builds is False, f"{path}: Jekyll skips it ({exp.get('detail', reason)})"
    if reason in PARSER_REASONS:
        assert post.skip_reason == reason
    else:
        assert post.skip_reason is not None, exp.get("detail", reason)


def test_expectations_cover_every_file():
    """A file added to site/ without rerunning regenerate.py fails here."""
    on_disk = sorted(
        p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.is_file() and "_posts" in p.relative_to(SITE).parts
    )
    listed = sorted(e["path"] for e in POSTS + SKIPPED)
    assert listed == on_disk
    assert len(on_disk) >= 90


def _without_build_time(data):
    """expected.json minus what depends on when Jekyll ran."""
    data = json.loads(json.dumps(data))
    data.pop("jekyll_version")
    for post in data["posts"]:
        if post["front_matter_error"]:
            day = "/" + post["date"][:10].replace("-", "/") + "/"
            post["url"] = post["url"].replace(day, "/<build day>/", 1)
            post["date"] = "<build time>"
    return data


def _load_regenerate():
    spec = importlib.util.spec_from_file_location("jekyll_regenerate", DATA / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="real Jekyll is not installed")
def test_live_jekyll_agrees_with_committed_expectations(tmp_path):
    if not JEKYLL_DUMP.is_file():
        pytest.skip(f"{JEKYLL_DUMP} not found")
    live = _load_regenerate().dump_and_reduce(SITE, work_dir=tmp_path, tool=JEKYLL_DUMP)
    assert live["jekyll_version"].split(".")[:2] == EXPECTED["jekyll_version"].split(".")[:2]
    assert _without_build_time(live) == _without_build_time(EXPECTED)
