"""`finews archive`: list the archives with their settings, print a kept _config.yml, and change an
archive's zone or config so that its posts are read again without a re-import."""

from __future__ import annotations

import io
import json
from pathlib import Path

from finews_desktop.cli.commands import main

POST = b'---\ntitle: Hello\ndate: "2022-05-20 10:30:00"\n---\nbody\n'


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_archive_list_config_and_set(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_bytes(b"permalink: /:year/:hour/:title/\n")
    (site / "_posts" / "2022-05-20-hello.md").write_bytes(POST)
    lib = str(tmp_path / "lib")
    assert run("--library", lib, "import", str(site))[0] == 0

    code, text = run("--library", lib, "archive", "list", "--json")
    [archive] = json.loads(text)
    assert code == 0 and archive["applied"] == ["permalink"] and not archive["site_sets_timezone"]
    assert run("--library", lib, "archive", "config", "site") == (0, "permalink: /:year/:hour/:title/\n")

    config = tmp_path / "new.yml"
    config.write_bytes(b"permalink: /:year/:hour/:title/\ntimezone: America/New_York\n")
    code, text = run("--library", lib, "archive", "set", str(archive["id"]), "--config", str(config), "--json")
    assert code == 0 and json.loads(text)["changed"] == 1
    code, text = run("--library", lib, "list", "--json")
    [post] = json.loads(text)
    assert post["date"] == "2022-05-20 10:30:00 -0400" and post["url"] == "/2022/10/hello/"

    assert run("--library", lib, "archive", "set", "site", "--timezone", "Mars/Olympus")[0] != 0
    assert run("--library", lib, "archive", "set", "nowhere", "--timezone", "UTC")[0] != 0


def test_the_import_says_each_sites_settings_and_zone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_bytes(b"permalink: /:title/\nfuture: true\n")
    (site / "_posts" / "2022-05-20-hello.md").write_bytes(POST)
    code, text = run("--library", str(tmp_path / "lib"), "import", str(site))
    assert code == 0
    assert "Site site: settings applied: permalink, future; dates in " in text
    assert "(this computer's zone; the site sets none ('finews archive set' changes it))." in text
