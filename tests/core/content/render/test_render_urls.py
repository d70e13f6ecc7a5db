"""render/urls.py: only absolute http(s) links, and relative images that stay inside the post's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.content.render.urls import clean_url, host_of, local_image, web_url


def test_clean_url_reads_an_attribute_as_a_browser_does() -> None:
    assert clean_url(None) == ""
    assert clean_url(" \x01http://a.example/x \n") == "http://a.example/x"
    assert clean_url("java\tscr\nipt:x") == "javascript:x"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://a.example/x", "http://a.example/x"),
        ("HTTPS://a.example", "HTTPS://a.example"),
        ("//cdn.example/i.png", "https://cdn.example/i.png"),
        ("  https://a.example/ ", "https://a.example/"),
        ("javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("data:text/html,x", None),
        ("/relative/path", None),
        ("http://", None),
        ("http://[::1", None),  # urlsplit refuses it
        ("http://a.example/" + "x" * 9000, None),
        ("", None),
        (None, None),
    ],
)
def test_web_url(value: str | None, expected: str | None) -> None:
    assert web_url(value) == expected


def test_host_of() -> None:
    assert host_of("https://Img.Example.com:8080/a.png") == "img.example.com"
    assert host_of("http://[::1") == ""


def test_local_image_stays_inside_the_posts_folder(tmp_path: Path) -> None:
    base = str(tmp_path / "site" / "_posts")
    assert local_image("img/chart.png", base) == (tmp_path / "site" / "_posts" / "img" / "chart.png").as_uri()
    assert local_image("img/%E5%9B%BE.png", base) == (tmp_path / "site" / "_posts" / "img" / "图.png").as_uri()
    for escaping in ("../secret.png", "img/../../x.png", "/etc/passwd", "C:/x.png", "http://a/x.png", "//a/x", "."):
        assert local_image(escaping, base) is None, escaping
    assert local_image("img/x.png", None) is None
    assert local_image("", base) is None
