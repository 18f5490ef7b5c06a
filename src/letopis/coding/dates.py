"""dates: absolute and relative time expressions, resolved against the article's date.

Rules (word tables in ``lang/<code>/date_words.tsv``, numbers in ``lang/<code>/numbers.tsv``; no dateparser,
which reads "2020 г" as "2020 years ago"):

* Numeric dates "5.12.2025", "5/12/2025", "2025-12-05" -> "2025-12-05" (day first, as in Bulgarian and British
  usage); an impossible date is skipped.
* Day and month "5 декември", "5th December", "December 5" with a year -> "2025-12-05"; without one, the year
  that puts the date nearest to the article's date (relative).
* Month and year "декември 2024" -> "2024-12"; a month alone after a preposition or qualifier ("през декември")
  -> the nearest such month (relative).
* A year: a 4-digit number 1000-2100 followed by a year mark ("2020 г.", "2020 година"), or after a date
  preposition ("през 2020", "in 2020"), or before punctuation -> "2020". The surface keeps the year mark and its
  full stop ("2020 г."), not the preposition. A qualifier before it stays in the surface ("в началото на 2022 г."
  -> "2022"). A 4-digit number before a noun ("2020 души") is no year.
* A weekday keeps its preposition in the surface ("в сряда", "on Wednesday"). It means the most recent such day
  before the article's date; the same weekday as the article's date means that day (news says "on Thursday" of
  the day it reports). With a future word in the sentence ("ще", "will") it means the next such day, on or after
  the article's date. "миналата сряда"/"last Wednesday" is strictly before, "следващата сряда"/"next Wednesday"
  strictly after.
* Days "вчера", "днес", "онзи ден" -> the day; periods "миналата седмица" -> ISO week "2025-W50", "миналия
  месец" -> "2025-11", "миналата година" -> "2024"; "преди два дни", "three weeks ago" -> the day, week, month or
  year that far back.

Everything that depends on the article's date is ``relative``; when ``doc.date`` is missing or unreadable,
relative expressions are not emitted and absolute ones still are. A language without ``date_words.tsv`` gets
only numeric dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from letopis import resources
from letopis.coding.counts import NumberWords, digit_value, number_words
from letopis.model import DateMention, Document
from letopis.pipeline import Stage

_NUMERIC = re.compile(
    r"(?<![\d.])(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{1,2})/(\d{1,2})/(\d{4}))(?![\d])"
    r"(?:\s?г\.?(?!\w))?"
)
# a cheap pattern finds the candidates first: the full one, with its look-behind, is five times slower over a text
_NUMERIC_HINT = re.compile(r"\d{1,4}[-./]\d{1,2}[-./]\d{2,4}")
_STARTING_KINDS = frozenset(("day", "period", "month", "weekday", "ago_before"))
_ORDINAL_SUFFIX = frozenset(("-", "ти", "ви", "ри", "и", "ия", "st", "nd", "rd", "th"))
YEAR_MIN, YEAR_MAX = 1000, 2100


@dataclass(frozen=True)
class DateWords:
    """A language's date words: phrase (tuple of lower-case words) -> {kind: value}."""

    kinds: dict[tuple[str, ...], dict[str, str]]
    by_first: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases, longest first
    qualifiers: tuple[tuple[str, ...], ...]
    backs: tuple[tuple[str, ...], ...]
    forwards: tuple[tuple[str, ...], ...]
    starters: frozenset[str]  # first words of the phrases an expression can start with
    has_ago_after: bool


@functools.cache
def date_words(lang: str | None) -> DateWords | None:
    """The date words of ``lang``, or None without ``date_words.tsv``."""
    table = resources.lang_table_optional(lang, "date_words") if lang else None
    if table is None:
        return None
    kinds: dict[tuple[str, ...], dict[str, str]] = {}
    for row in table:
        words = tuple(row["phrase"].lower().split())
        kinds.setdefault(words, {})[row["kind"]] = row["value"]
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in kinds:
        by_first.setdefault(words[0], []).append(words)

    def having(kind: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted((w for w, k in kinds.items() if kind in k), key=len, reverse=True))

    return DateWords(
        kinds=kinds,
        by_first={k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()},
        qualifiers=having("qualifier"),
        backs=having("back"),
        forwards=having("forward"),
        starters=frozenset(w[0] for w, k in kinds.items() if _STARTING_KINDS.intersection(k)),
        has_ago_after=any("ago_after" in k for k in kinds.values()),
    )


def parse_date(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` to a date; None for None or anything unreadable."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + offset
    return idx // 12, idx % 12 + 1


def period_value(anchor: dt.date, unit: str, offset: int) -> str:
    """The day, ISO week, month or year ``offset`` units from ``anchor``."""
    if unit == "day":
        return (anchor + dt.timedelta(days=offset)).isoformat()
    if unit == "week":
        return iso_week(anchor + dt.timedelta(weeks=offset))
    if unit == "month":
        y, m = shift_month(anchor.year, anchor.month, offset)
        return f"{y}-{m:02d}"
    return str(anchor.year + offset)


def weekday_date(anchor: dt.date, weekday: int, direction: str) -> dt.date:
    """The date of ISO ``weekday`` (1 = Monday) near ``anchor``: direction "past" (on or before), "before"
    (strictly before), "future" (on or after) or "after" (strictly after)."""
    diff = anchor.isoweekday() - weekday
    if direction == "past":
        return anchor - dt.timedelta(days=diff % 7)
    if direction == "before":
        return anchor - dt.timedelta(days=(diff - 1) % 7 + 1)
    if direction == "future":
        return anchor + dt.timedelta(days=(-diff) % 7)
    return anchor + dt.timedelta(days=(-diff - 1) % 7 + 1)


def nearest_year_date(anchor: dt.date, month: int, day: int) -> dt.date | None:
    best: dt.date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - anchor).days) < abs((best - anchor).days):
            best = cand
    return best


def nearest_month(anchor: dt.date, month: int) -> str:
    here = anchor.year * 12 + anchor.month - 1
    best = min(
        (y * 12 + month - 1 for y in (anchor.year - 1, anchor.year, anchor.year + 1)),
        key=lambda idx: (abs(idx - here), idx > here),
    )
    return f"{best // 12}-{best % 12 + 1:02d}"


class _Finder:
    """Finds the date expressions of one document (state kept for one pass over its tokens)."""

    def __init__(self, doc: Document, dw: DateWords | None, nw: NumberWords | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.tokens = doc.tokens
        self.n = len(doc.tokens)
        self.dw = dw
        self.nw = nw
        self.anchor = parse_date(doc.date)
        self.out: list[DateMention] = []

    # -- helpers ----------------------------------------------------------------------------------------
    def phrase_at(self, i: int, kind: str) -> tuple[int, str] | None:
        """(end token, value) of the longest phrase of ``kind`` starting at token ``i``."""
        if self.dw is None or i >= self.n:
            return None
        for words in self.dw.by_first.get(self.tokens[i].lower, ()):
            kinds = self.dw.kinds[words]
            if kind not in kinds:
                continue
            end = i + len(words)
            if end <= self.n and all(self.tokens[i + m].lower == w for m, w in enumerate(words)):
                return end, kinds[kind]
        return None

    def phrase_before(self, i: int, phrases: tuple[tuple[str, ...], ...]) -> int | None:
        """Start token of the longest of ``phrases`` that ends just before token ``i`` in the same sentence."""
        sent = self.tokens[i].sent if i < self.n else -1
        for words in phrases:
            k = len(words)
            if i - k >= 0 and self.tokens[i - k].sent == sent:
                if all(self.tokens[i - k + m].lower == w for m, w in enumerate(words)):
                    return i - k
        return None

    def has_kind(self, i: int, kind: str) -> bool:
        return self.phrase_at(i, kind) is not None

    def small_number(self, i: int) -> int | None:
        """A whole number written in digits or as a word at token ``i`` (for "преди два дни")."""
        if i >= self.n:
            return None
        low = self.tokens[i].lower
        if low[0].isdigit():
            value = digit_value(self.tokens[i].text)
            return int(value) if value is not None and value.is_integer() else None
        if self.nw is not None and low in self.nw.cardinal:
            return self.nw.cardinal[low]
        if low in ("a", "an"):
            return 1
        return None

    def year_at(self, i: int) -> int | None:
        if i >= self.n:
            return None
        low = self.tokens[i].lower
        if len(low) == 4 and low.isdigit() and YEAR_MIN <= int(low) <= YEAR_MAX:
            return int(low)
        return None

    def year_mark_end(self, i: int) -> int:
        """Token after an optional year mark at ``i`` ("г." takes its full stop along)."""
        hit = self.phrase_at(i, "year_mark")
        if hit is None:
            return i
        end = hit[0]
        if (
            end < self.n
            and len(self.tokens[end - 1].text) <= 2  # an abbreviation ("г.", "р."), not "года."
            and self.tokens[end].text == "."
            and self.tokens[end].start == self.tokens[end - 1].end
        ):
            end += 1
        return end

    def future_in_sentence(self, i: int) -> bool:
        sent = self.tokens[i].sent
        j = i
        while j > 0 and self.tokens[j - 1].sent == sent:
            j -= 1
        while j < self.n and self.tokens[j].sent == sent:
            if self.has_kind(j, "future"):
                return True
            j += 1
        return False

    def emit(self, first: int, end: int, value: str, relative: bool) -> int:
        start, stop = self.tokens[first].start, self.tokens[end - 1].end
        self.out.append(DateMention(self.text[start:stop], start, stop, value, relative))
        return end

    def with_qualifier(self, i: int) -> int:
        if self.dw is None:
            return i
        q = self.phrase_before(i, self.dw.qualifiers)
        return i if q is None else q

    # -- rules ------------------------------------------------------------------------------------------
    def at(self, i: int) -> int | None:
        """Emit the date expression starting at token ``i``; return the token after it, or None."""
        tok = self.tokens[i]
        low = tok.lower
        if low[0].isdigit():
            return self.number_rule(i)
        if self.dw is None:
            return None
        for rule in (self.period_rule, self.ago_rule, self.month_rule, self.weekday_rule):
            end = rule(i)
            if end is not None:
                return end
        return None

    def number_rule(self, i: int) -> int | None:
        year = self.year_at(i)
        if year is not None:
            end = self.year_mark_end(i + 1)
            nxt = self.tokens[i + 1] if i + 1 < self.n else None
            prep = (
                i > 0 and self.tokens[i - 1].sent == self.tokens[i].sent and self.has_kind(i - 1, "year_prep")
            )
            if end > i + 1 or prep or nxt is None or not nxt.is_word or nxt.sent != self.tokens[i].sent:
                first = self.with_qualifier(i)
                return self.emit(first, end, str(year), False)
            return None
        day = self.small_number(i)
        if day is None or not 1 <= day <= 31 or self.dw is None:
            return self.ago_rule(i)
        parsed = self.day_month_at(i)
        if parsed is None:
            listed = self.listed_day(i, day)
            return listed if listed is not None else self.ago_rule(i)
        month, year, end = parsed
        if year is not None:
            try:
                day_date = dt.date(year, month, day)
            except ValueError:
                return end  # "31 февруари 2024": skipped whole, not read as a month
            return self.emit(i, end, day_date.isoformat(), False)
        if self.anchor is None:
            return end
        near = nearest_year_date(self.anchor, month, day)
        return None if near is None else self.emit(i, end, near.isoformat(), True)

    def skip_ordinal(self, j: int) -> int:
        """Token after an ordinal suffix glued to a day number ("5-и", "5th")."""
        while (
            j < self.n
            and self.tokens[j].lower in _ORDINAL_SUFFIX
            and self.tokens[j].start == self.tokens[j - 1].end
        ):
            j += 1
        return j

    def day_month_at(self, i: int) -> tuple[int, int | None, int] | None:
        """(month, year or None, end token) of "5 декември [2025 г.]" starting with the day at ``i``."""
        month = self.phrase_at(self.skip_ordinal(i + 1), "month")
        if month is None:
            return None
        end = month[0]
        k = end + 1 if end < self.n and self.tokens[end].text == "," else end
        year = self.year_at(k)
        if year is None:
            return int(month[1]), None, end
        return int(month[1]), year, self.year_mark_end(k + 1)

    def listed_day(self, i: int, day: int) -> int | None:
        """The first day of "22 и 23 март", "22-23 March": it takes the month (and year) of the second."""
        j = i + 1
        if j + 1 >= self.n or not (self.has_kind(j, "day_link") or self.tokens[j].text in ",-–"):
            return None
        second = self.small_number(j + 1)
        if second is None or not self.tokens[j + 1].lower[0].isdigit() or not 1 <= second <= 31:
            return None
        parsed = self.day_month_at(j + 1)
        if parsed is None:
            return None
        month, year, _ = parsed
        if year is not None:
            try:
                value = dt.date(year, month, day).isoformat()
            except ValueError:
                return None
            self.emit(i, i + 1, value, False)
            return i + 1
        if self.anchor is None:
            return i + 1
        near = nearest_year_date(self.anchor, month, day)
        if near is not None:
            self.emit(i, i + 1, near.isoformat(), True)
        return i + 1

    def month_rule(self, i: int) -> int | None:
        month = self.phrase_at(i, "month")
        if month is None:
            return None
        if self.has_kind(i, "cased") and not self.tokens[i].is_cap:
            return None  # "may", "march" in lower case are verbs
        end, m = month[0], int(month[1])
        j = end + 1 if end < self.n and self.tokens[end].text == "." else end  # "дек. 2024"
        year = self.year_at(j)
        if year is not None:
            first = self.with_qualifier(i)
            return self.emit(first, self.year_mark_end(j + 1), f"{year}-{m:02d}", False)
        day = self.small_number(end)
        if day is not None and 1 <= day <= 31 and self.tokens[end].lower[0].isdigit():
            k = end + 1
            while (
                k < self.n
                and self.tokens[k].lower in _ORDINAL_SUFFIX
                and self.tokens[k].start == self.tokens[k - 1].end
            ):
                k += 1
            y_at = k + 1 if k < self.n and self.tokens[k].text == "," else k
            year = self.year_at(y_at)
            if year is not None:
                try:
                    value = dt.date(year, m, day).isoformat()
                except ValueError:
                    return None
                return self.emit(i, y_at + 1, value, False)
            if self.anchor is None:
                return k
            near = nearest_year_date(self.anchor, m, day)
            return None if near is None else self.emit(i, k, near.isoformat(), True)
        first = self.with_qualifier(i)
        prep = i > 0 and self.has_kind(i - 1, "year_prep")
        if first == i and not prep:
            return None
        if self.anchor is None:
            return end
        return self.emit(first, end, nearest_month(self.anchor, m), True)

    def weekday_rule(self, i: int) -> int | None:
        hit = self.phrase_at(i, "weekday")
        if hit is None or self.dw is None:
            return None
        end, weekday = hit[0], int(hit[1])
        first = i
        direction = "past"
        back = self.phrase_before(i, self.dw.backs)
        fwd = self.phrase_before(i, self.dw.forwards)
        if back is not None:
            first, direction = back, "before"
        elif fwd is not None:
            first, direction = fwd, "after"
        elif self.future_in_sentence(i):
            direction = "future"
        if (
            first == i
            and i > 0
            and self.tokens[i - 1].sent == self.tokens[i].sent
            and self.has_kind(i - 1, "weekday_prep")
        ):
            first = i - 1
        if self.anchor is None:
            return end
        return self.emit(first, end, weekday_date(self.anchor, weekday, direction).isoformat(), True)

    def period_rule(self, i: int) -> int | None:
        day = self.phrase_at(i, "day")
        period = self.phrase_at(i, "period")
        if day is not None and (period is None or day[0] >= period[0]):
            if self.anchor is None:
                return day[0]
            return self.emit(i, day[0], period_value(self.anchor, "day", int(day[1])), True)
        if period is None:
            return None
        unit, _, offset = period[1].partition(":")
        if self.anchor is None:
            return period[0]
        return self.emit(i, period[0], period_value(self.anchor, unit, int(offset or 0)), True)

    def ago_rule(self, i: int) -> int | None:
        """ "преди два дни" (ago word first) or "two days ago" (ago word last); "преди месец" means one."""
        before = self.phrase_at(i, "ago_before")
        if before is not None:
            j = before[0]
            amount = self.small_number(j)
            if amount is not None:
                j += 1
            unit = self.phrase_at(j, "unit")
            if unit is None:
                return None
            if amount is None and self.tokens[j].lemma != self.tokens[j].lower:
                return None  # "преди дни" (days ago) says no number; "преди месец" means one
            if self.anchor is None:
                return unit[0]
            return self.emit(i, unit[0], period_value(self.anchor, unit[1], -(amount or 1)), True)
        amount = self.small_number(i)
        if amount is None:
            return None
        unit = self.phrase_at(i + 1, "unit")
        if unit is None:
            return None
        ago = self.phrase_at(unit[0], "ago_after")
        if ago is None:
            return None
        if self.anchor is None:
            return ago[0]
        return self.emit(i, ago[0], period_value(self.anchor, unit[1], -amount), True)

    # -- driver -----------------------------------------------------------------------------------------
    def run(self) -> list[DateMention]:
        taken = self.numeric_dates()
        starters: frozenset[str] = self.dw.starters if self.dw is not None else frozenset()
        if self.dw is not None and self.dw.has_ago_after and self.nw is not None:
            starters = starters | frozenset(self.nw.cardinal) | {"a", "an"}  # "two days ago", "a week ago"
        tokens = self.tokens
        next_taken = 0
        i = 0
        while i < self.n:
            tok = tokens[i]
            low = tok.lower
            if not tok.is_word or not (low[0].isdigit() or low in starters):
                i += 1
                continue
            while next_taken < len(taken) and taken[next_taken][1] <= tok.start:
                next_taken += 1
            if next_taken < len(taken) and taken[next_taken][0] <= tok.start:
                i += 1
                continue
            end = self.at(i)
            i = end if end is not None and end > i else i + 1
        self.out.sort(key=lambda d: d.start)
        return self.out

    def numeric_dates(self) -> list[tuple[int, int]]:
        taken: list[tuple[int, int]] = []
        text = self.text
        for hint in _NUMERIC_HINT.finditer(text):
            m = _NUMERIC.match(text, hint.start())
            if m is None:
                continue
            g = m.groups()
            y, mo, d = (g[0], g[1], g[2]) if g[0] else (g[5], g[4], g[3]) if g[3] else (g[8], g[7], g[6])
            try:
                value = dt.date(int(y), int(mo), int(d)).isoformat()
            except ValueError:
                continue
            self.out.append(DateMention(m.group(), m.start(), m.end(), value, False))
            taken.append((m.start(), m.end()))
        return taken


def find_dates(doc: Document) -> list[DateMention]:
    """The date expressions of ``doc`` in text order (see the module docstring for the rules)."""
    if not doc.tokens:
        return []
    return _Finder(doc, date_words(doc.language), number_words(doc.language)).run()


class DateStage(Stage):
    name = "dates"
    requires = ("tokens",)
    assigns = ("dates",)

    def __call__(self, doc: Document) -> Document:
        doc.dates = find_dates(doc)
        return doc
