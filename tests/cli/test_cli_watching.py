"""`finews watch` and `finews sync`: watched folders kept in the library, every one imported by sync
(a cron job's command), a saved search watched with a rule that tags what sync brings."""

from __future__ import annotations

import io
import json
from pathlib import Path

from finews_desktop.cli import main
from tests.core.sites import write_site


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO(newline="")
    return main(list(argv), out=out), out.getvalue()


def post(title: str, body: str = "") -> str:
    return f"---\nlayout: post\ntitle: {title}\n---\n{body}\n"


def test_sync_imports_every_watched_folder(tmp_path: Path) -> None:
    lib = str(tmp_path / "lib")
    one = write_site(tmp_path / "one", {"_posts/2024-01-01-a.md": post("a 光伏"), "_posts/2024-01-02-b.md": post("b")})
    two = write_site(tmp_path / "two", {"_posts/2024-02-01-c.md": post("c 光伏")})
    assert run("--library", lib, "watch", "add", str(one))[0] == 0
    code, text = run("--library", lib, "watch", "add", str(two))
    assert code == 0 and "Watching" in text
    assert "was watched already" in run("--library", lib, "watch", "add", str(two))[1]

    code, text = run("--library", lib, "sync")
    assert code == 0
    assert f"{one}: 2 imported" in text and f"{two}: 1 imported" in text
    code, text = run("--library", lib, "watch", "list", "--json")
    listed = json.loads(text)
    assert [w["path"] for w in listed] == [str(one), str(two)]
    assert [w["last_import"]["counts"]["imported"] for w in listed] == [2, 1]

    # a saved search watched, with a rule: the next sync's new posts are tagged and counted
    from finews_desktop.core.curation.curator import Curator
    from finews_desktop.core.store.library import Library

    with Library.open(lib) as opened:
        Curator(opened).save_search("solar", "光伏")
    assert run("--library", lib, "watch", "search", "solar", "--tag", "solar")[0] == 0
    (two / "_posts" / "2024-02-02-d.md").write_text(post("d 光伏"))
    (one / "_posts" / "2024-01-02-b.md").unlink()
    code, text = run("--library", lib, "sync")
    assert code == 0
    assert f"{two}: 1 imported" in text and "1 posts added to tag solar" in text
    assert f"{one}: 0 imported, 0 updated, 1 unchanged, 1 post files gone (posts kept)" in text
    code, text = run("--library", lib, "search", "tag:solar", "--json")
    assert code == 0 and "d 光伏" in text and "c 光伏" not in text
    assert "search solar: 1 new; rules: tag solar" in run("--library", lib, "watch", "list")[1]

    code, text = run("--library", lib, "watch", "remove", str(one))
    assert code == 0 and "its posts stay" in text
    assert [w["path"] for w in json.loads(run("--library", lib, "watch", "list", "--json")[1])] == [str(two)]
