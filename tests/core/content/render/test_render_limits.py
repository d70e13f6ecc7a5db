"""render/limits.py: a budget on a clock the caller passes, enforced inside pure-Python work."""

from __future__ import annotations

import sys

import pytest

from finews_desktop.core.content.render.limits import (
    FALLBACK_BUDGET_S,
    MARKDOWN_BUDGET_S,
    RENDER_BUDGET_S,
    Deadline,
    Fallback,
    with_deadline,
)


def test_the_budgets_nest() -> None:
    assert 0 < MARKDOWN_BUDGET_S < RENDER_BUDGET_S < FALLBACK_BUDGET_S < 1.0


def test_within_its_time_the_function_runs_and_the_tracer_is_put_back() -> None:
    before = sys.gettrace()
    assert with_deadline(str.upper, "abc", deadline=10.0, clock=lambda: 0.0) == "ABC"
    assert sys.gettrace() is before


def test_past_its_time_the_next_python_call_is_interrupted() -> None:
    now = [0.0]
    calls = []

    def step(i: int) -> None:
        calls.append(i)
        if i == 3:
            now[0] = 5.0

    def work(_: str) -> str:
        for i in range(1000):
            step(i)
        return "finished"

    before = sys.gettrace()
    with pytest.raises(Deadline):
        with_deadline(work, "", deadline=1.0, clock=lambda: now[0])
    assert calls == [0, 1, 2, 3] and sys.gettrace() is before


def test_an_active_tracer_keeps_being_called() -> None:
    seen: list[str] = []

    def outer(frame: object, event: str, arg: object) -> None:
        seen.append(event)

    def work(text: str) -> str:
        return text.strip()

    previous = sys.gettrace()
    sys.settrace(outer)  # type: ignore[arg-type]
    try:
        with_deadline(work, " x ", deadline=10.0, clock=lambda: 0.0)
    finally:
        sys.settrace(previous)
    assert "call" in seen


def test_fallback_says_why() -> None:
    assert Fallback("too_deep").reason == "too_deep"
    assert not issubclass(Deadline, Exception)  # no `except Exception` inside markdown swallows it
