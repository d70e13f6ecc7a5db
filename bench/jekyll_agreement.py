"""How well the reader agrees with real Jekyll 4.3 on whole public sites (issue 22, "Must show 3").

A measurement, not a test: for each site folder given (a site root with
`_config.yml` and `_posts/`), it

1. makes a stripped copy under --work: the site's `_config.yml` without what
   jekyll-dump cannot run (the top-level keys in STRIPPED_KEYS: plugins, themes,
   gems), and exactly the files jekyll-dump reads (every outermost `_posts`
   folder, and `_drafts/`), modification times kept (drafts are dated by them);
   a config value that is a Ruby symbol (`permalink: :title`) is quoted
   (quote_symbols says why; --keep-symbols does not);
   what was changed is printed, with the gems the site's Gemfile names
   (their effects, e.g. GitHub Pages' jekyll-titles-from-headings, are not
   part of the comparison: neither side runs them);
2. runs `../shared/tools/jekyll-dump --site-config COPY` (niced): real Jekyll
   builds the copy with its own settings (plugins, themes and Liquid off);
3. imports the same copy into a fresh library through the public import path
   (`Importer.run`, as `finews import` does: discovery, `_config.yml`, the
   reader in core/jekyll), with the machine's zone set to Asia/Shanghai, the
   zone jekyll-dump's Jekyll runs in, and reads back what the library stored
   (`Library.post_records`, the `finews list --json` shape): so it measures
   whatever the reader does the day it runs;
4. compares per file the build decision (Jekyll's site.posts against the
   stored `builds`; a file not imported at all counts as not built) and, for
   posts both build, every field jekyll-dump reports that the library keeps:
   FIELDS. (jekyll-dump's `id` and `data_keys` have no counterpart in a stored
   post.) A date both sides give as their build time (front matter Jekyll
   cannot read) counts as agreeing when each lies within its own run.

It prints a table per site, then the totals, then the command that reproduces
the run. Sites with more than --max-posts files below `_posts` are skipped
(a jekyll build of them takes too long on a shared machine).

Measured on 2026-12-07 (snapshots from the `fetch` tool of the search library; each
extracted outside the repo, e.g.
`git --git-dir=/work/.mirror/OWNER+NAME/repo archive HEAD -- _config.yml _posts _drafts Gemfile | tar -x -C /tmp/sites/OWNER+NAME`
(only those paths: a snapshot lacks its files over 4 MiB, and `git archive` of the
whole tree then stops), or the whole tree where it is complete):

* ruby/www.ruby-lang.org@76ac65935704caaa1e543cfc8aff0bd6212e4768: 4,723 news posts in
  11 languages (zh_cn, zh_tw among them), categories from folders (en/news/_posts),
  permalink: pretty, timezone: UTC
* houbb/houbb.github.io@51909f545fa57cf00533ffd1aa41ee65dcc17d3a: a Chinese blog of
  7,198 files, Chinese file names and titles, future: true, permalink /:year/:month/:day/:title
* mzlogin/mzlogin.github.io@6c31e9ee16e3ef9a4e853d7f504a0d810c8e228f: a Chinese blog
  (Chinese titles and categories), _drafts, permalink /:year/:month/:day/:title/,
  timezone: Asia/Shanghai
* Huxpro/huxpro.github.io@6619d45344a835e12c2bc35a4ef49609d45f1c3c: a Chinese blog,
  permalink: pretty, future: true, `published: false` posts, no timezone
* jekyll/jekyll@202df571314ba1d18e9fccd81d12aaad4a703c38, its docs/ site (the folder
  /tmp/sites/jekyll+jekyll/docs): collections: posts: permalink, defaults, future: true,
  timezone: America/Los_Angeles
* Homebrew/brew.sh@3f895e1c01953701499fdcca5b816268c3eecddf: defaults giving posts a
  permalink, top-level permalink: :title (a Ruby symbol: see quote_symbols)
* lsieun/lsieun.github.io@50e2c79bcde70abc5a70153698d3316c27086664: 138 _drafts and 3
  posts, future: false, permalink: none, defaults, many collections

Usage:
    .venv/bin/python bench/jekyll_agreement.py SITE [SITE ...] [--work DIR] [--examples N]
The run above (some 15 minutes, most of it jekyll-dump on the two large sites):
    S=/tmp/sites; .venv/bin/python bench/jekyll_agreement.py $S/ruby+www.ruby-lang.org \
      $S/houbb+houbb.github.io $S/mzlogin+mzlogin.github.io $S/Huxpro+huxpro.github.io \
      $S/jekyll+jekyll/docs $S/Homebrew+brew.sh $S/lsieun+lsieun.github.io
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
JEKYLL_DUMP = REPO.parent / "shared" / "tools" / "jekyll-dump"
JEKYLL_ZONE = "Asia/Shanghai"  # the TZ jekyll-dump runs Jekyll in: a site without `timezone:` builds in it
# Top-level _config.yml keys naming code jekyll-dump does not run (it also overrides them; removing them
# keeps the copy honest about what was built).
STRIPPED_KEYS = ("plugins", "gems", "theme", "remote_theme", "plugins_dir", "whitelist")
FIELDS = ("title", "date", "categories", "tags", "slug", "ext", "url", "published")


@dataclass
class SiteResult:
    name: str
    files: int = 0
    jekyll_built: int = 0
    reader_built: int = 0
    decision_agree: int = 0
    all_agree: int = 0
    both_built: int = 0
    stripped: list[str] = field(default_factory=list)
    gemfile_plugins: list[str] = field(default_factory=list)
    differences: dict[str, list[str]] = field(default_factory=dict)  # field -> examples (all of them)
    note: str = ""
    seconds_jekyll: float = 0.0
    seconds_import: float = 0.0


# --- the stripped copy ---------------------------------------------------------------


def strip_config(text: str) -> tuple[str, list[str]]:
    """The config without the top-level STRIPPED_KEYS blocks (each key's line and its indented or
    blank continuation lines), byte for byte otherwise; and the keys removed."""
    out: list[str] = []
    removed: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        top = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if top:
            skipping = top.group(1) in STRIPPED_KEYS
            if skipping:
                removed.append(top.group(1))
        elif skipping and not (line[:1] in (" ", "\t", "-", "\n", "\r", "#") or not line.strip()):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out), removed


_SYMBOL_VALUE = re.compile(r"^(\s*(?:- )?[\w-]+:[ \t]+)(:[^\s\"'#][^#\r\n]*?)([ \t]*(?:#.*)?)$", re.M)


def quote_symbols(text: str) -> tuple[str, list[str]]:
    """Plain values starting with `:` (`permalink: :title`) in quotes, and the lines changed.

    Debian's Jekyll 4.3.1 (the oracle) loads `_config.yml` with Psych.safe_load, which refuses such a
    value (a Ruby Symbol) and aborts every build; upstream Jekyll 4.3 (SafeYAML) reads it as the text.
    Quoted, both read the text, and the site can be measured."""
    changed: list[str] = []

    def quote(match: re.Match[str]) -> str:
        changed.append(match.group(0).strip())
        return f'{match.group(1)}"{match.group(2)}"{match.group(3)}'

    return _SYMBOL_VALUE.sub(quote, text), changed


def gemfile_plugins(site: Path) -> list[str]:
    """The gems a site's Gemfile names (what a real build of it would load besides Jekyll)."""
    gemfile = site / "Gemfile"
    if not gemfile.is_file():
        return []
    names = re.findall(r"""^\s*gem\s+["']([^"']+)["']""", gemfile.read_text(errors="replace"), re.M)
    return [n for n in names if n != "jekyll"]


def outermost_posts_dirs(site: Path) -> list[Path]:
    """Every folder named _posts below the site that is not inside another (as jekyll-dump finds them)."""
    found: list[Path] = []
    for folder, dirs, _files in os.walk(site):
        dirs.sort()
        here = Path(folder)
        if here.name == "_posts" and here != site:
            found.append(here)
            dirs[:] = []
    return found


def count_post_files(site: Path) -> int:
    return sum(sum(len(files) for _d, _s, files in os.walk(p)) for p in outermost_posts_dirs(site))


def stripped_copy(site: Path, dest: Path, symbols: bool = True) -> tuple[list[str], int]:
    """The site's config (stripped; Ruby symbols quoted unless `symbols` is False) and the files
    jekyll-dump reads, copied to dest: (what was changed, files)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    config = (site / "_config.yml").read_bytes()
    text, keys = strip_config(config.decode("utf-8-sig", errors="surrogateescape"))
    removed = [f"removed {key}" for key in keys]
    if symbols:
        text, quoted = quote_symbols(text)
        removed += [f"quoted {line!r}" for line in quoted]
    (dest / "_config.yml").write_bytes(text.encode("utf-8", errors="surrogateescape") if removed else config)
    folders = outermost_posts_dirs(site)
    if (site / "_drafts").is_dir():
        folders.append(site / "_drafts")
    files = 0
    for folder in folders:
        shutil.copytree(folder, dest / folder.relative_to(site), symlinks=True, copy_function=shutil.copy2)
        files += sum(len(f) for _d, _s, f in os.walk(dest / folder.relative_to(site)))
    return removed, files


# --- the two sides --------------------------------------------------------------------


def run_jekyll(copy: Path, out_json: Path, timeout: float) -> dict[str, Any]:
    """jekyll-dump's JSON for the copy (niced; the whole process group is stopped after `timeout`)."""
    cmd = ["nice", "-n", "10", sys.executable, str(JEKYLL_DUMP), "--site-config", str(copy), str(out_json)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 15)
        proc.communicate()
        raise RuntimeError(f"jekyll-dump took over {timeout:.0f} s") from None
    log = out_json.with_suffix(".log")
    if (
        proc.returncode == 1
        and log.is_file()
        and "rebuild without fatal files (0 files" in log.read_text(errors="replace")
    ):
        return _nothing_built(copy, log)
    if proc.returncode != 0:
        raise RuntimeError(f"jekyll-dump failed ({proc.returncode}): {output.decode(errors='replace')[-800:]}")
    return json.loads(out_json.read_text(encoding="utf-8"))


def _nothing_built(copy: Path, log: Path) -> dict[str, Any]:
    """jekyll-dump's answer for a site whose config aborts every build (even one without posts):
    Jekyll builds none of its files. The reason is Jekyll's own first error line."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines()]
    errors = [line for line in lines if re.search(r"Error|error:|Disallowed", line) and not line.startswith("from ")]
    reason = "fatal config (aborts every build): " + (errors[0][:200] if errors else "jekyll build fails")
    files = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file() and p.name != "_config.yml")
    return {
        "posts": [],
        "skipped": [{"path": path, "reason": reason} for path in files],
        "build": {"fatal_files": [], "fatal_config": reason},
    }


def run_import(copy: Path, library_dir: Path) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """What an import of the copy stores, by site path; and the files it did not import, with why."""
    from finews_desktop.core.importing.importer import Importer
    from finews_desktop.core.store.library import Library

    if library_dir.exists():
        shutil.rmtree(library_dir)
    library = Library.open(library_dir)
    try:
        report = Importer(library, workers=1).run([str(copy)])
        records = library.post_records(library.post_ids(include_trashed=True))
    finally:
        library.close()
    stored = {r["path"]: r for r in records}
    not_imported = {p.path: p.code for p in report.skipped}
    return stored, not_imported


# --- comparing ------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON (so 1 and true differ, as they do in Jekyll's output)."""
    return json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True, ensure_ascii=False)


def _within(date_text: Any, window: tuple[float, float]) -> bool:
    """Whether a `%Y-%m-%d %H:%M:%S %z` date lies within a run (a build time), give or take 2 s."""
    try:
        moment = datetime.strptime(date_text, "%Y-%m-%d %H:%M:%S %z").timestamp()
    except (TypeError, ValueError):
        return False
    return window[0] - 2 <= moment <= window[1] + 2


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 90 else text[:87] + "..."


def _collections_dir(dump: dict[str, Any]) -> str:
    """The site's collections_dir, read from the config jekyll-dump ran with (its text before the overrides)."""
    from datetime import UTC

    from finews_desktop.core.jekyll.site_config import read_site_settings

    config = str(dump.get("config") or "").split("\n# override:", 1)[0]
    return read_site_settings(config.encode(), UTC, datetime.now(UTC)).collections_dir.strip("/")


def compare(
    result: SiteResult,
    dump: dict[str, Any],
    stored: dict[str, dict[str, Any]],
    not_imported: dict[str, str],
    jekyll_window: tuple[float, float],
    import_window: tuple[float, float],
) -> None:
    # jekyll-dump gives a built post's path below `collections_dir` (its Document#relative_path), and lists
    # every file it did not match to a post as skipped, by its path from the site root: the same file twice
    # when the site sets a collections_dir
    folder = _collections_dir(dump)
    built = {(f"{folder}/{p['path']}" if folder else p["path"]): p for p in dump["posts"]}
    skipped = {s["path"]: s for s in dump["skipped"] if s["path"] not in built}
    result.files = len(built) + len(skipped)
    result.jekyll_built = len(built)
    diffs: dict[str, list[str]] = {}
    for path in sorted(built.keys() | skipped.keys()):
        ours = stored.get(path)
        reader_builds = bool(ours and ours["builds"])
        result.reader_built += reader_builds
        if (path in built) != reader_builds:
            if path in built:
                why = not_imported.get(path) or (ours or {}).get("skip_reason") or "not imported"
                said = f"{path}: Jekyll builds it; reader: not built ({why})"
            else:
                said = f"{path}: Jekyll skips it ({skipped[path]['reason']}); reader: builds it"
            diffs.setdefault("build decision", []).append(said)
            continue
        result.decision_agree += 1
        if path not in built or ours is None:
            result.all_agree += 1
            continue
        result.both_built += 1
        theirs, agree = built[path], True
        for name in FIELDS:
            a, b = theirs.get(name), ours.get(name)
            if _same(a, b) or (name == "date" and _within(a, jekyll_window) and _within(b, import_window)):
                continue
            agree = False
            diffs.setdefault(name, []).append(f"{path}: Jekyll {_shown(a)}; reader {_shown(b)}")
        result.all_agree += agree
    extra = sorted(stored.keys() - built.keys() - skipped.keys())
    if extra:  # the copy holds only jekyll-dump's inputs: none expected
        diffs["imported, not among jekyll-dump's inputs"] = extra
    result.differences = diffs


# --- the table ----------------------------------------------------------------------


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}%" if d else "-"


def print_site(result: SiteResult, examples: int) -> None:
    print(f"\n## {result.name}")
    if result.note:
        print(f"  {result.note}")
        if not result.files:
            return
    print(f"  changed in _config.yml: {', '.join(result.stripped) or 'nothing'}")
    if result.gemfile_plugins:
        print(f"  Gemfile gems not run: {', '.join(result.gemfile_plugins)}")
    print(f"  jekyll-dump {result.seconds_jekyll:.0f} s, import {result.seconds_import:.1f} s")
    rows = [
        ("files", f"{result.files}"),
        ("built by Jekyll / by the reader", f"{result.jekyll_built} / {result.reader_built}"),
        (
            "build decision agrees",
            f"{result.decision_agree}/{result.files} ({_pct(result.decision_agree, result.files)})",
        ),
        (
            "every field agrees (and the decision)",
            f"{result.all_agree}/{result.files} ({_pct(result.all_agree, result.files)})",
        ),
    ]
    for label, value in rows:
        print(f"  | {label:<40} | {value:>24} |")
    if not result.differences:
        print("  differences: none")
        return
    print("  differences by field (files):")
    for name, items in sorted(result.differences.items(), key=lambda kv: -len(kv[1])):
        print(f"    {name}: {len(items)}")
        for item in items[:examples]:
            print(f"      - {item}")


def print_totals(results: list[SiteResult]) -> None:
    files = sum(r.files for r in results)
    decision = sum(r.decision_agree for r in results)
    every = sum(r.all_agree for r in results)
    by_field: Counter[str] = Counter()
    for r in results:
        by_field.update({k: len(v) for k, v in r.differences.items()})
    print("\n## Totals")
    print(f"  | {'site':<40} | {'files':>6} | {'decision':>8} | {'all fields':>10} |")
    for r in results:
        if r.files:
            print(
                f"  | {r.name:<40} | {r.files:>6} | {_pct(r.decision_agree, r.files):>8} "
                f"| {_pct(r.all_agree, r.files):>10} |"
            )
    print(f"  | {'all sites':<40} | {files:>6} | {_pct(decision, files):>8} | {_pct(every, files):>10} |")
    if by_field:
        print("  differences by field: " + ", ".join(f"{k} {v}" for k, v in by_field.most_common()))


# --- running it -------------------------------------------------------------------------


def measure(
    site: Path, work: Path, max_posts: int, timeout: float, symbols: bool = True, reuse: bool = False
) -> SiteResult:
    name = site.resolve().as_posix().removeprefix("/tmp/sites/")
    result = SiteResult(name)
    if not (site / "_config.yml").is_file():
        result.note = "skipped: no _config.yml"
        return result
    posts = count_post_files(site)
    if posts > max_posts:
        result.note = f"skipped: {posts} files below _posts (over --max-posts {max_posts})"
        return result
    folder = work / re.sub(r"[^\w.+-]", "_", name)
    copy = folder / "site"
    result.stripped, _files = stripped_copy(site, copy, symbols)
    result.gemfile_plugins = gemfile_plugins(site)
    started = time.time()
    window_file = folder / "jekyll.window.json"
    if reuse and window_file.is_file() and (folder / "jekyll.json").is_file():  # the same copy, built before
        dump = json.loads((folder / "jekyll.json").read_text(encoding="utf-8"))
        jekyll_window = tuple(json.loads(window_file.read_text()))
    else:
        try:
            dump = run_jekyll(copy, folder / "jekyll.json", timeout)
        except RuntimeError as exc:
            result.note = f"not measured: {exc}"
            return result
        jekyll_window = (started, time.time())
        window_file.write_text(json.dumps(jekyll_window))
    result.seconds_jekyll = jekyll_window[1] - jekyll_window[0]
    started = time.time()
    stored, not_imported = run_import(copy, folder / "library")
    import_window = (started, time.time())
    result.seconds_import = import_window[1] - import_window[0]
    if dump["build"].get("fatal_config"):
        result.note = f"Jekyll builds nothing: {dump['build']['fatal_config']}"
    elif dump["build"]["fatal_files"]:
        result.note = (
            f"Jekyll aborts the whole build on {len(dump['build']['fatal_files'])} file(s) (listed as skipped)"
        )
    compare(result, dump, stored, not_imported, jekyll_window, import_window)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path, help="site folders (a root with _config.yml and _posts/)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/jekyll-agreement"), help="copies, dumps, libraries")
    parser.add_argument("--examples", type=int, default=3, help="examples shown per field")
    parser.add_argument("--max-posts", type=int, default=8000, help="skip sites with more files below _posts")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds jekyll-dump may take per site")
    parser.add_argument(
        "--reuse-dumps",
        action="store_true",
        help="use the jekyll-dump output an earlier run left in --work for the same sites (to compare readers)",
    )
    parser.add_argument(
        "--keep-symbols",
        action="store_true",
        help="leave `key: :value` in _config.yml unquoted (Debian's Jekyll then aborts every build)",
    )
    args = parser.parse_args(argv)
    # the importing machine's zone = the zone jekyll-dump's Jekyll runs in (a site without `timezone:`)
    os.environ["TZ"] = JEKYLL_ZONE
    time.tzset()
    sys.path.insert(0, str(REPO))
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"# Agreement of the reader with real Jekyll (jekyll-dump --site-config), {when}")
    results = []
    for site in args.sites:
        result = measure(site, args.work, args.max_posts, args.timeout, not args.keep_symbols, args.reuse_dumps)
        results.append(result)
        print_site(result, args.examples)
        sys.stdout.flush()
    print_totals(results)
    options = ["--keep-symbols"] if args.keep_symbols else []
    command = [".venv/bin/python", "bench/jekyll_agreement.py", *options, *(str(s) for s in args.sites)]
    print("\nReproduce (from the repo root; the docstring says how to fetch the sites):")
    print("  " + shlex.join(command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
