"""workers/process.py's throttled progress: the window hears at most one step per interval, and always the last."""

from __future__ import annotations

from typing import Any

from finews_desktop.workers.process import throttled_progress


class _Channel:
    def __init__(self) -> None:
        self.sent: list[tuple[Any, ...]] = []

    def send(self, *message: Any) -> None:
        self.sent.append(message)


def test_progress_is_sent_at_most_once_per_interval_and_always_at_the_end() -> None:
    now = [100.0]
    channel = _Channel()
    progress = throttled_progress(channel, every=0.05, clock=lambda: now[0])  # type: ignore[arg-type]
    progress(1, 10, "a")  # the first step is sent
    progress(2, 10, "b")  # same instant: held back
    now[0] += 0.049
    progress(3, 10)  # still within the interval
    now[0] += 0.002
    progress(4, 10, "d")  # the interval has passed
    progress(10, 10, "end")  # the last step is always sent
    assert channel.sent == [("progress", 1, 10, "a"), ("progress", 4, 10, "d"), ("progress", 10, 10, "end")]
