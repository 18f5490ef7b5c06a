"""Merging event mentions into events: one row per real-world event, however many articles report it.

The rule (docs/store.md says it with examples). A mention joins an existing event when all of these hold:

1. the same source actor code and the same target actor code (a missing code matches only a missing one);
2. the same CAMEO root code, and one code is a prefix of the other (``084`` joins ``0841``; ``0841`` and
   ``0842`` stay apart); the event takes the longer, more specific code;
3. dates that agree: each date is read as the days it covers (a day, an ISO week, a month, a year) and one
   period must contain the other (``2025-12-18`` joins ``2025-12`` and ``2025-W51``; ``2025-12-18`` and
   ``2025-12-19`` stay apart). A mention without its own date takes its document's date; one with no date
   at all joins only events with no date. The event keeps the narrowest date;
4. the same place (name, case-folded, and country), or no place on either side; the event keeps the first
   place it was given.

When several events qualify, the mention joins the one with the narrowest date, then the oldest. The
matching is incremental and so depends on the order articles arrive in, which is stable for a given input.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_DAY = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
_WEEK = re.compile(r"\A(\d{4})-W(\d{2})\Z")
_MONTH = re.compile(r"\A(\d{4})-(\d{2})\Z")
_YEAR = re.compile(r"\A(\d{4})\Z")

Interval = tuple[dt.date, dt.date]
PlaceKey = tuple[str, str | None] | None


@lru_cache(maxsize=65536)
def date_interval(value: str | None) -> Interval | None:
    """First and last day of a date value (``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-MM``, ``YYYY``); None for None
    or a value that is none of these or names no real day (``2025-02-30``)."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            first = dt.date(year, month, 1)
            nxt = dt.date(year + month // 12, month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def nested(a: Interval | None, b: Interval | None) -> bool:
    """True when one period contains the other (or both are unknown)."""
    if a is None or b is None:
        return a is None and b is None
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def narrower(a: Interval | None, b: Interval | None) -> bool:
    """True when ``b`` covers fewer days than ``a``."""
    if a is None or b is None:
        return False
    return (b[1] - b[0]) < (a[1] - a[0])


def place_key(name: str | None, country: str | None) -> PlaceKey:
    return (name.casefold(), country) if name else None


class EventState:
    """What merging needs to know about one stored event."""

    __slots__ = ("event_id", "code", "interval", "place")

    def __init__(self, event_id: int, code: str, interval: Interval | None, place: PlaceKey) -> None:
        self.event_id = event_id
        self.code = code
        self.interval = interval
        self.place = place


class EventIndex:
    """Stored events by (source code, target code, root code), to find the event a new mention joins."""

    def __init__(self, next_id: int = 1) -> None:
        self._by_key: dict[tuple[str | None, str | None, str], list[EventState]] = {}
        self.next_id = next_id

    def load(self, state: EventState, source: str | None, target: str | None, root: str) -> None:
        self._by_key.setdefault((source, target, root), []).append(state)
        self.next_id = max(self.next_id, state.event_id + 1)

    def assign(
        self,
        source: str | None,
        target: str | None,
        code: str,
        root: str,
        interval: Interval | None,
        place: PlaceKey,
    ) -> tuple[int, bool]:
        """The id of the event this mention belongs to, and whether that event is new. Updates the matched
        event's code, date and place as the rule says."""
        candidates = self._by_key.setdefault((source, target, root), [])
        best: EventState | None = None
        for ev in candidates:
            if not (ev.code.startswith(code) or code.startswith(ev.code)):
                continue
            if not nested(ev.interval, interval):
                continue
            if ev.place is not None and place is not None and ev.place != place:
                continue
            if best is None or narrower(best.interval, ev.interval):
                best = ev
        if best is None:
            state = EventState(self.next_id, code, interval, place)
            self.next_id += 1
            candidates.append(state)
            return state.event_id, True
        if len(code) > len(best.code):
            best.code = code
        if narrower(best.interval, interval):
            best.interval = interval
        if best.place is None:
            best.place = place
        return best.event_id, False

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())
