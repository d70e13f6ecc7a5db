"""What one render reads (the caller's choices, its deadline) and what it collects from the body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter

from finews_desktop.core.content.render.rendered import Labels, Link, RemoteImage, Stock


@dataclass
class Context:
    images_on: bool
    base_dir: str | None
    labels: Labels
    deadline: float
    source_url: str | None
    clock: Callable[[], float] = perf_counter
    images: list[RemoteImage] = field(default_factory=list)
    local_images: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    stocks: dict[tuple[str, str], Stock] = field(default_factory=dict)

    def add_stock(self, market: str, code: str, name: str | None) -> None:
        known = self.stocks.get((market, code))
        if known is None or (known.name is None and name):
            self.stocks[(market, code)] = Stock(market, code, name)

    def fresh(self) -> Context:
        """The same choices and deadline, nothing collected: for the plain-text view of a body that failed."""
        return Context(self.images_on, self.base_dir, self.labels, self.deadline, self.source_url, self.clock)

    def past_deadline(self) -> bool:
        return self.clock() > self.deadline
