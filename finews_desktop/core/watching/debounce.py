"""When a burst of file changes becomes one import: the debounce rule, on an injectable clock.

A `git pull` writes thousands of files over a second or more; importing after each would
be thousands of runs. Changes are noted as they come and released together once none came
for `quiet` seconds, or `longest` seconds after the first (a folder that never stops
changing is still imported).
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


class Debouncer:
    """Keys (paths) noted over time, released as one set once quiet (see the module docstring)."""

    def __init__(self, quiet: float = 2.0, longest: float = 30.0, clock: Clock = time.monotonic) -> None:
        self.quiet = quiet
        self.longest = longest
        self.clock = clock
        self._keys: dict[str, None] = {}
        self._first: float | None = None
        self._last: float | None = None

    def note(self, key: str) -> None:
        now = self.clock()
        if self._first is None:
            self._first = now
        self._last = now
        self._keys[key] = None

    def waiting(self) -> bool:
        return bool(self._keys)

    def due_in(self) -> float | None:
        """Seconds until the noted keys are due (0 when they are), None when nothing waits."""
        if self._first is None or self._last is None:
            return None
        deadline = min(self._last + self.quiet, self._first + self.longest)
        return max(0.0, deadline - self.clock())

    def take_due(self) -> list[str]:
        """The noted keys, in the order first noted, once due (and forgotten then); [] before."""
        left = self.due_in()
        if left is None or left > 0:
            return []
        keys = list(self._keys)
        self._keys.clear()
        self._first = self._last = None
        return keys
