"""A small progress line on standard error: documents done, articles per second, and extra counters.

It draws only when asked to (the CLI decides: standard output is not a terminal and there are many inputs,
or standard error is a terminal while a long ingest runs) and at most ten times a second.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int | None = None, enabled: bool = True, stream: TextIO | None = None,
                 label: str = "articles") -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.label = label
        self.done = 0
        self.counters: dict[str, int] = {}
        self.started = time.perf_counter()
        self._last = 0.0

    def update(self, n: int = 1, **counters: int) -> None:
        self.done += n
        for k, v in counters.items():
            self.counters[k] = self.counters.get(k, 0) + v
        if self.enabled:
            now = time.perf_counter()
            if now - self._last >= 0.1:
                self._last = now
                self._draw(now)

    def _draw(self, now: float, end: str = "") -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            width = 24
            filled = int(width * min(self.done / self.total, 1.0))
            bar = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
        else:
            bar = f"{self.done}"
        extra = "".join(f" {v} {k}" for k, v in self.counters.items())
        self.stream.write(f"\r{bar} {self.label}{extra} {rate:.1f} {self.label}/s {elapsed:.1f}s{end}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.perf_counter(), end="\n")

    @property
    def rate(self) -> float:
        return self.done / max(time.perf_counter() - self.started, 1e-9)
