"""Small Jekyll sites written from a dict of post texts, for the tests that curate and export them."""

from __future__ import annotations

from pathlib import Path


def write_site(root: Path, posts: dict[str, str], timezone: str = "Asia/Shanghai") -> Path:
    """Write each `relative path: text` under root (UTF-8, bytes as given) and a `_config.yml`."""
    for rel, text in posts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    (root / "_config.yml").write_text(f"timezone: {timezone}\n")
    return root
