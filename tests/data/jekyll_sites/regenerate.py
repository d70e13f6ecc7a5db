#!/usr/bin/env python3
"""Regenerate expected/<site>.json: what real Jekyll makes of each site here, with its own _config.yml.

usage: python3 tests/data/jekyll_sites/regenerate.py [SITE ...]

Each folder here is a small site whose `_config.yml` sets one or more of the
settings that change how Jekyll 4.3 reads posts (permalinks, defaults, future,
unpublished, show_drafts, timezone, collections_dir, exclude/include, ...).
The shared ``jekyll-dump --site-config`` tool (``<repo>/../shared/tools/jekyll-dump``
or ``$JEKYLL_DUMP``) builds it with that config (plugins, themes and Liquid
off), and this script keeps the fields our reader must reproduce.  Never edit
expected/ by hand: change a site and run this script (it needs ``jekyll``).
tests/core/jekyll/test_site_config_conformance.py imports ``dump_and_reduce``
to check the committed expectations against a live build.

The build runs with TZ=Asia/Shanghai (jekyll-dump sets it), which is the zone a
site without `timezone:` gets; build time is "now", so the sites date their
future posts in 2999 or set `time:`.  A draft's date is its file's mtime,
which a checkout changes: drafts keep only their path and title.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
EXPECTED = HERE / "expected"
DEFAULT_TOOL = REPO.parent / "shared" / "tools" / "jekyll-dump"
PROCESS_TIMEZONE = "Asia/Shanghai"  # jekyll-dump's TZ: the zone of a site without `timezone:`

POST_FIELDS = ("title", "date", "categories", "tags", "slug", "url", "published")


def tool_path():
    return Path(os.environ.get("JEKYLL_DUMP") or DEFAULT_TOOL)


def sites():
    return sorted(p.name for p in HERE.iterdir() if p.is_dir() and (p / "_config.yml").is_file())


def site_files(site_dir):
    """Every file of a site but its _config.yml, relative, '/'-separated."""
    site_dir = Path(site_dir)
    return sorted(
        p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file() and p.name != "_config.yml"
    )


def site_config(site_dir):
    import yaml

    with open(Path(site_dir) / "_config.yml", encoding="utf-8-sig") as f:
        return yaml.safe_load(f) or {}


def reduce_dump(dump, coll_dir="", limited=False):
    """Keep what the tests compare. Below a `collections_dir` Jekyll's relative_path leaves that
    folder out, and jekyll-dump then names the post by it and lists the file itself as skipped:
    put the folder back, and the file among the posts. `limited`: the site sets limit_posts, and a
    file left out with no reason jekyll-dump can tell was dropped by it."""
    posts = []
    prefix = coll_dir.rstrip("/") + "/" if coll_dir else ""
    for p in dump["posts"]:
        path = p["path"] if p["path"].startswith("_drafts/") else prefix + p["jekyll_relative_path"]
        rec = {"path": path, "relative_path": p["jekyll_relative_path"]}
        rec.update((k, p[k]) for k in POST_FIELDS)
        rec["data_keys"] = sorted(k for k in p["data_keys"] if k not in ("render_with_liquid", "excerpt", "draft"))
        if p["path"].startswith("_drafts/"):
            for k in ("date", "url"):  # from the file's mtime
                rec[k] = None
        posts.append(rec)
    skipped = []
    read = {p["path"] for p in posts}
    for s in dump["skipped"]:
        if s["path"] in read:
            continue
        reason = s["reason"]
        if "has a future date" in reason:
            reason = "future"
        elif reason.startswith("unpublished"):
            reason = "unpublished"
        elif limited and reason == "skipped (see log)":
            reason = "dropped"  # read, then left out of site.posts by limit_posts
        else:
            reason = "not_read"
        skipped.append({"path": s["path"], "reason": reason})
    return {
        "jekyll_version": dump["jekyll_version"],
        "process_timezone": PROCESS_TIMEZONE,
        "posts": sorted(posts, key=lambda r: r["path"]),
        "skipped": sorted(skipped, key=lambda r: r["path"]),
    }


def dump_and_reduce(site_dir, work_dir=None, tool=None):
    """Build site_dir with its own _config.yml (via jekyll-dump --site-config) and reduce the result."""
    tool = Path(tool) if tool else tool_path()
    with tempfile.TemporaryDirectory(prefix="finews-jekyll-site-") as tmp:
        out = Path(work_dir or tmp) / "dump.json"
        subprocess.run(
            [sys.executable, str(tool), "--site-config", "--mode", "site", str(site_dir), str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        with open(out, encoding="utf-8") as f:
            conf = site_config(site_dir)
            return reduce_dump(json.load(f), conf.get("collections_dir") or "", bool(conf.get("limit_posts")))


def write_expected(data, out_json):
    with open(out_json, "w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main(argv):
    EXPECTED.mkdir(exist_ok=True)
    for name in argv[1:] or sites():
        data = dump_and_reduce(HERE / name)
        write_expected(data, EXPECTED / f"{name}.json")
        sys.stderr.write(f"{name}: {len(data['posts'])} posts, {len(data['skipped'])} skipped\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
