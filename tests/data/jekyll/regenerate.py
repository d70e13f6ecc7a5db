#!/usr/bin/env python3
"""Regenerate expected.json: what real Jekyll makes of every file in site/.

usage: python3 tests/data/jekyll/regenerate.py [SITE_DIR [OUT.json]]

Runs the shared ``jekyll-dump`` tool (``<repo>/../shared/tools/jekyll-dump``,
or ``$JEKYLL_DUMP``) in site mode on ``site/`` and reduces its output to the
fields our parser must reproduce.  Never edit expected.json by hand: change
the files under site/ and run this script (it needs ``jekyll`` installed).
``dump_and_reduce`` is imported by tests/core/jekyll/test_jekyll_conformance.py to
check that the committed expectations still match a live Jekyll build.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DEFAULT_TOOL = REPO.parent / "shared" / "tools" / "jekyll-dump"
TIMEZONE = "Asia/Shanghai"  # what jekyll-dump writes into its _config.yml

POST_FIELDS = ("title", "date", "categories", "tags", "slug", "ext", "url", "published")

# Jekyll's log lines for a post whose front matter it could not use.  Such a
# post stays in site.posts, but with title/slug/tags null and date = build time.
FRONT_MATTER_ERROR = re.compile(r"Error: (YAML Exception reading|could not read file) ")


def tool_path():
    return Path(os.environ.get("JEKYLL_DUMP") or DEFAULT_TOOL)


def run_jekyll_dump(site_dir, out_json, tool=None):
    """Run jekyll-dump --mode site on site_dir; return its parsed JSON."""
    tool = Path(tool) if tool else tool_path()
    subprocess.run(
        [sys.executable, str(tool), "--mode", "site", str(site_dir), str(out_json)],
        check=True,
        capture_output=True,
        text=True,
    )
    with open(out_json, encoding="utf-8") as f:
        return json.load(f)


def skip_reason(entry):
    """Map a jekyll-dump skipped entry to (reason, detail or None)."""
    reason = entry["reason"]
    text = "\n".join([reason, *list(entry.get("log") or [])])
    if reason.startswith("fatal"):
        if "Invalid date" in text or "valid date" in text:
            return "fatal_date", None
        return "other", reason
    if reason.startswith("unpublished"):
        return "unpublished", None
    if reason.startswith("ignored") or reason.startswith("filename does not match"):
        return "not_a_post", None
    if "not valid UTF-8" in text or "invalid byte sequence" in text or "incompatible encoding" in text:
        return "not_utf8", None
    if entry["path"].lower().endswith((".yml", ".yaml")) and "is nil" in text:
        return "yaml_data_file", None
    return "other", reason


def reduce_dump(dump):
    """Keep only what the conformance test compares."""
    if f"timezone: {TIMEZONE}" not in dump.get("config", ""):
        raise ValueError(f"jekyll-dump no longer builds with timezone {TIMEZONE}")
    if dump.get("mode") != "site":
        raise ValueError(f"expected a site-mode dump, got {dump.get('mode')!r}")
    posts = []
    for p in dump["posts"]:
        rec = {"path": p["path"]}
        rec.update((k, p[k]) for k in POST_FIELDS)
        err = any(FRONT_MATTER_ERROR.match(line) for line in p.get("log") or [])
        if err and p["slug"] is not None:
            raise ValueError(f"{p['path']}: error logged but front matter used")
        rec["front_matter_error"] = err
        posts.append(rec)
    skipped = []
    for s in dump["skipped"]:
        reason, detail = skip_reason(s)
        rec = {"path": s["path"], "reason": reason}
        if detail is not None:
            rec["detail"] = detail
        skipped.append(rec)
    return {
        "jekyll_version": dump["jekyll_version"],
        "timezone": TIMEZONE,
        "posts": sorted(posts, key=lambda r: r["path"]),
        "skipped": sorted(skipped, key=lambda r: r["path"]),
    }


def dump_and_reduce(site_dir, work_dir=None, tool=None):
    """Build site_dir with real Jekyll (via jekyll-dump) and reduce the result."""
    if work_dir is not None:
        return reduce_dump(run_jekyll_dump(site_dir, Path(work_dir) / "dump.json", tool))
    with tempfile.TemporaryDirectory(prefix="finews-jekyll-") as tmp:
        return reduce_dump(run_jekyll_dump(site_dir, Path(tmp) / "dump.json", tool))


def write_expected(data, out_json):
    with open(out_json, "w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main(argv):
    site = Path(argv[1]) if len(argv) > 1 else HERE / "site"
    out = Path(argv[2]) if len(argv) > 2 else HERE / "expected.json"
    data = dump_and_reduce(site)
    write_expected(data, out)
    sys.stderr.write(f"{out}: {len(data['posts'])} posts, {len(data['skipped'])} skipped\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
