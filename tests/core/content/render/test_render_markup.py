"""render/markup.py: markdown within its budget, lxml's body, and removing an element keeps the text after it."""

from __future__ import annotations

import threading

import pytest

from finews_desktop.core.content.render import markup
from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.limits import Fallback
from finews_desktop.core.content.render.markup import html_parser, markdown_to_html, parse, remove, serialize
from finews_desktop.core.content.render.rendered import Labels


def context(clock: list[float], deadline: float = 10.0) -> Context:
    return Context(False, None, Labels(), deadline=deadline, source_url=None, clock=lambda: clock[0])


def test_markdown_keeps_raw_html_and_reads_tables_and_fenced_code() -> None:
    html = markdown_to_html(
        "# 标题\n\n<div><b>原样</b></div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```", context([0.0]), 0.0
    )
    assert "<h1>标题</h1>" in html and "<div><b>原样</b></div>" in html
    assert "<table>" in html and "<td>1</td>" in html and "<pre><code>code\n</code></pre>" in html


def test_markdown_past_its_budget_falls_back_and_the_next_body_gets_a_fresh_converter() -> None:
    now = [0.0]
    ctx = context(now)
    first = markup.markdown_converter()

    class Slow:
        def reset(self) -> Slow:
            return self

        def convert(self, text: str) -> str:
            now[0] = 100.0  # past every budget: the next Python call the tracer sees raises
            return self.step(text)

        def step(self, text: str) -> str:
            return text

    markup._local.markdown = Slow()
    with pytest.raises(Fallback) as why:
        markdown_to_html("x", ctx, 0.0)
    assert why.value.reason == "too_slow"
    assert markup.markdown_converter() is not first and not isinstance(markup.markdown_converter(), Slow)


def test_each_thread_has_its_own_parser() -> None:
    mine = html_parser()
    assert html_parser() is mine
    theirs: list[object] = []
    thread = threading.Thread(target=lambda: theirs.append(html_parser()))
    thread.start()
    thread.join()
    assert theirs and theirs[0] is not mine


def test_parse_gives_the_body_and_serialize_its_inside() -> None:
    body = parse("<p>一</p>二<!-- 注释 --><?pi x?>")
    assert body.tag == "body" and serialize(body) == "<p>一</p>二"
    assert serialize(parse("")) == ""


def test_parse_refuses_what_libxml2_had_to_cut() -> None:
    with pytest.raises(Fallback) as why:
        parse("<div>" * 300 + "深")  # libxml2 stops at 256 levels
    assert why.value.reason == "too_deep"


def test_remove_keeps_the_text_after_the_element() -> None:
    body = parse("<p>a<b>x</b>b<i>y</i>c</p><p><s>z</s>d</p>")
    p1, p2 = body
    remove(p1.find("b"))
    remove(p1.find("i"))
    remove(p2.find("s"))
    assert serialize(body) == "<p>abc</p><p>d</p>"
    remove(body)  # no parent: nothing to do
