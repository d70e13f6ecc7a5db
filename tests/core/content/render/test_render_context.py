"""render/context.py: what one render collects, and a fresh start for its plain-text view."""

from __future__ import annotations

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.rendered import Labels, Link, Stock


def test_a_stock_named_later_gets_its_name_and_a_name_is_never_lost() -> None:
    ctx = Context(images_on=False, base_dir=None, labels=Labels(), deadline=1.0, source_url=None)
    ctx.add_stock("1", "600160", None)
    ctx.add_stock("1", "600160", "巨化股份")
    ctx.add_stock("1", "600160", None)
    ctx.add_stock("1", "600160", "别名")
    assert list(ctx.stocks.values()) == [Stock("1", "600160", "巨化股份")]


def test_fresh_keeps_the_choices_and_forgets_what_was_collected() -> None:
    now = [0.0]
    ctx = Context(
        images_on=True,
        base_dir="/x",
        labels=Labels(image="图"),
        deadline=2.0,
        source_url="http://a/",
        clock=lambda: now[0],
    )
    ctx.links.append(Link("http://a/", "a", "web"))
    ctx.local_images.append("file:///x/a.png")
    ctx.add_stock("1", "600160", None)
    fresh = ctx.fresh()
    assert (fresh.images_on, fresh.base_dir, fresh.labels, fresh.deadline, fresh.source_url, fresh.clock) == (
        True,
        "/x",
        Labels(image="图"),
        2.0,
        "http://a/",
        ctx.clock,
    )
    assert not fresh.links and not fresh.local_images and not fresh.stocks and not fresh.images
    assert not fresh.past_deadline()
    now[0] = 2.5
    assert fresh.past_deadline()
