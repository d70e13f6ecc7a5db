"""A hostile or broken body is shown within render.py's limits and never hangs the preview."""

from __future__ import annotations

import pytest

from finews_desktop.ui.widgets.preview import PostPreview

RECORD = {"id": 7, "title_text": "恶意正文", "date": "2022-05-20", "categories": ["news"], "tags": []}


def hostile(kind: str) -> str:
    if kind == "10 MB of text":
        return ("上证指数收涨0.5%，成交额放大。" * 20 + "\n\n") * (10_000_000 // 340)
    if kind == "10,000 nested elements":
        return "<div>" * 10_000 + "深处的文字" + "</div>" * 10_000
    if kind == "100,000-row table":
        rows = "".join(f"<tr><td>{i}</td><td>股票{i}</td><td>{i * 0.01:.2f}</td></tr>" for i in range(100_000))
        return f"<table>{rows}</table>"
    if kind == "unclosed tags":
        return "<div><table><tr><td><b><i>未闭合" * 2000
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["10 MB of text", "10,000 nested elements", "100,000-row table", "unclosed tags"])
def test_a_hostile_body_shows_and_stays_usable(qtbot, kind: str) -> None:
    """Shown, painted, scrolled to the end and searched without an error (how fast: bench/bench_render.py)."""
    view = PostPreview()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    raw = ("---\ntitle: t\n---\n" + hostile(kind)).encode()
    view.show_post(RECORD, raw)
    view.viewport().repaint()
    assert "恶意正文" in view.toPlainText()
    assert view.toPlainText().strip()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().repaint()
    view.find_text("股票9")
