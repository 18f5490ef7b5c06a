"""counts: how many people were killed, wounded, arrested, released... (GDELT's count types, per clause).

A count is a number phrase (digits such as "123", "1 200", "1,200", "3,5 хиляди", or number words from
``lang/<code>/numbers.tsv``: "двама", "десетки хиляди", "hundreds") followed by the counted object ("123
задържани лица", "хиляди демонстранти"). Its type comes from a trigger word of ``lang/<code>/count_words.tsv``,
looked for in this order, because the word that governs the number decides ("освобождаването на 123 задържани
лица" is a release, although "задържани" alone is an arrest):

1. up to four words before the number, in the same clause (hedges such as "около" are skipped);
2. the words of the counted object;
3. up to four words after the object, in the same clause.

A number with no trigger is no count. Never counted: years and dates (spans of ``doc.dates``, or a 4-digit number
before a year mark such as "г."), ordinals ("10-ти", "5th": a number glued to letters), parts of names ("F-16",
"COVID-19"), measures ("20 %", "5 км": a unit word after the number) and fractions left without a scale word.
Ordinal words ("шести мандат") are not in the number table, so they are never numbers. A document in a language
without a numbers table gets no counts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from letopis import resources
from letopis.errors import DataError
from letopis.model import Count, Document, Token
from letopis.pipeline import Stage

COUNT_TYPES = frozenset(
    ("KILL", "WOUND", "ARREST", "RELEASE", "PROTEST", "EVACUATE", "DISPLACE", "AFFECT", "CANCEL", "OTHER")
)
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_DECIMAL = re.compile(r"\d+[.,]\d+")
_ONE_GROUP = re.compile(r"\d{1,3}[.,]\d{3}")
LEFT_WINDOW = 4  # words looked at before the number for its governing word ("освобождаването на 123")
RIGHT_WINDOW = 3  # and after the object for its predicate ("10 души са загинали", "12 people were killed")
MAX_OBJECT = 3  # words of the counted object ("123 задържани лица" has two)


@dataclass(frozen=True)
class NumberWords:
    """A language's number words (``lang/<code>/numbers.tsv``)."""

    cardinal: dict[str, int]
    approx: dict[str, int]
    scale: dict[str, int]
    hedges: tuple[tuple[str, ...], ...]
    links: frozenset[str]
    starters: frozenset[str]  # words a number phrase can start with


@functools.cache
def number_words(lang: str | None) -> NumberWords | None:
    """The number words of ``lang``, or None when it has no ``numbers.tsv``. Raises DataError on a bad row."""
    table = resources.lang_table_optional(lang, "numbers") if lang else None
    if table is None:
        return None
    cardinal: dict[str, int] = {}
    approx: dict[str, int] = {}
    scale: dict[str, int] = {}
    hedges: list[tuple[str, ...]] = []
    links: set[str] = set()
    for row in table:
        word, kind = row["word"].lower(), row["kind"]
        try:
            value = int(row["value"])
        except ValueError as exc:
            raise DataError(f"{table.path}: value of '{word}' is not a whole number") from exc
        if kind == "cardinal":
            cardinal[word] = value
        elif kind == "approx":
            approx[word] = value
        elif kind == "scale":
            scale[word] = value
        elif kind == "hedge":
            hedges.append(tuple(word.split()))
        elif kind == "link":
            links.add(word)
        else:
            raise DataError(f"{table.path}: unknown kind '{kind}' for '{word}'")
    return NumberWords(
        cardinal,
        approx,
        scale,
        tuple(sorted(hedges, key=len, reverse=True)),
        frozenset(links),
        frozenset(cardinal) | frozenset(approx) | frozenset(scale),
    )


def digit_value(text: str) -> float | None:
    """The value of a digit token: "1 200", "1,200" and "1.200" are 1200; "3,5" is 3.5. None when unreadable."""
    s = text.replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS.fullmatch(s):
        return float(s.replace(",", "").replace(".", ""))
    if _DECIMAL.fullmatch(s):
        return float(s.replace(",", "."))
    if s.isdigit():
        return float(s)
    return None


def _hyphen_number(lower: str, nw: NumberWords) -> int | None:
    parts = lower.split("-")
    if len(parts) < 2 or any(p not in nw.cardinal for p in parts):
        return None
    return sum(nw.cardinal[p] for p in parts)  # "twenty-five"


def read_number(tokens: list[Token], i: int, nw: NumberWords) -> tuple[int, float, bool] | None:
    """The number phrase starting at token ``i``: (end token exclusive, value, approximate), or None.

    "3 хиляди" is 3000 exactly; "хиляди" alone is about 1000; "десетки хиляди" about 10000; "двадесет и пет"
    is 25; "hundreds of thousands" about 100000.
    """
    n = len(tokens)
    tok = tokens[i]
    low = tok.lower
    approx = scaled = False
    j = i + 1
    if low[0].isdigit():
        value = digit_value(tok.text)
        if value is None:
            return None
        nxt = tokens[j].lower if j < n else ""
        if (nxt in nw.scale or nxt in nw.approx) and _ONE_GROUP.fullmatch(tok.text):
            value = float(tok.text.replace(",", "."))  # "1,806 млн." is 1.806 million, not 1806 million
    elif low in nw.cardinal:
        value = float(nw.cardinal[low])
        # additive compounds: "сто двадесет и пет", "двадесет и пет"
        while j < n:
            nxt = tokens[j].lower
            if nxt in nw.cardinal and nw.cardinal[nxt] < value:
                value += nw.cardinal[nxt]
                j += 1
            elif nxt in ("и", "and") and j + 1 < n and tokens[j + 1].lower in nw.cardinal:
                add = nw.cardinal[tokens[j + 1].lower]
                if add >= value:
                    break
                value += add
                j += 2
            else:
                break
    elif low in nw.approx:
        value, approx = float(nw.approx[low]), True
    elif low in nw.scale:
        value = float(nw.scale[low])
    else:
        hyphen = _hyphen_number(low, nw)
        if hyphen is None:
            return None
        value = float(hyphen)
    while j < n:
        nxt = tokens[j].lower
        if (
            nxt in nw.links
            and j + 1 < n
            and (tokens[j + 1].lower in nw.scale or tokens[j + 1].lower in nw.approx)
        ):
            j += 1
            continue
        mult = nw.scale.get(nxt) or nw.approx.get(nxt)
        if mult is None:
            break
        value *= mult
        scaled = True
        j += 1
        if j < n and tokens[j].text == "." and tokens[j].start == tokens[j - 1].end and len(nxt) <= 4:
            j += 1  # "3 млн. души": the abbreviation's full stop belongs to the number
    if scaled:
        value = float(round(value))  # 1.806 * 1e6 is 1805999.9999999998 in floating point
    if not value.is_integer() or value <= 0:
        return None
    return j, value, approx


@dataclass(frozen=True)
class CountWords:
    """A language's count triggers, object heads, units and clause stops (``lang/<code>/count_words.tsv``)."""

    exact: dict[str, str]
    prefix: dict[str, str]
    prefix_lengths: tuple[int, ...]
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]
    heads: frozenset[str]
    units: frozenset[str]  # one-word units
    unit_phrases: tuple[tuple[str, ...], ...]  # units of several words ("на сто", "per cent")
    labels: frozenset[str]
    stops: frozenset[str]  # words that close a clause
    function: frozenset[str]  # words that close an object: clause stops and the language's stop words


@functools.cache
def count_words(lang: str | None) -> CountWords | None:
    """The count words of ``lang``, or None without ``count_words.tsv``. Raises DataError on an unknown kind."""
    table = resources.lang_table_optional(lang, "count_words") if lang else None
    if table is None:
        return None
    exact: dict[str, str] = {}
    prefix: dict[str, str] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    heads: set[str] = set()
    units: set[str] = set()
    unit_phrases: list[tuple[str, ...]] = []
    labels: set[str] = set()
    stops: set[str] = set()
    for row in table:
        form, kind = row["form"].lower(), row["kind"]
        if kind == "head":
            heads.add(form)
        elif kind == "unit":
            if " " in form:
                unit_phrases.append(tuple(form.split()))
            else:
                units.add(form)
        elif kind == "label":
            labels.add(form)
        elif kind == "stop":
            stops.add(form)
        elif kind in COUNT_TYPES:
            if " " in form:
                words = tuple(form.split())
                phrases.setdefault(words[0], []).append((words, kind))
            elif form.endswith("*"):
                prefix[form[:-1]] = kind
            else:
                exact[form] = kind
        else:
            raise DataError(f"{table.path}: unknown kind '{kind}' for '{form}'")
    # the language's function words close an object ("един от тях") but not a clause
    function = frozenset(w.lower() for w in resources.lang_words(lang, "stopwords")) | stops
    lengths = tuple(sorted({len(p) for p in prefix}, reverse=True))
    return CountWords(
        exact,
        prefix,
        lengths,
        phrases,
        frozenset(heads),
        frozenset(units),
        tuple(unit_phrases),
        frozenset(labels),
        frozenset(stops),
        function,
    )


def trigger_at(tokens: list[Token], j: int, cw: CountWords) -> str | None:
    """The count type the word at ``j`` triggers, or None."""
    tok = tokens[j]
    low = tok.lower
    hit = cw.exact.get(low) or cw.exact.get(tok.lemma)
    if hit:
        return hit
    for k in cw.prefix_lengths:
        if len(low) >= k:
            hit = cw.prefix.get(low[:k])
            if hit:
                return hit
    for words, kind in cw.phrases.get(low, ()):
        end = j + len(words)
        if end <= len(tokens) and all(tokens[j + m].lower == w for m, w in enumerate(words)):
            return kind
    return None


def _glued(tokens: list[Token], i: int, end: int) -> bool:
    """True when the number is part of a word: "F-16", "COVID-19", "10-ти", "5th", "10-годишен"."""
    first, last = tokens[i], tokens[end - 1]
    if i > 0:
        prev = tokens[i - 1]
        if prev.end == first.start and (prev.text == "-" or prev.is_word) and not prev.lower[0].isdigit():
            return True
    if end < len(tokens):
        nxt = tokens[end]
        if nxt.start == last.end and (nxt.is_word or nxt.text in "-–"):
            return nxt.text != "." and not nxt.lower[0].isdigit()
    return False


def _hedged(tokens: list[Token], i: int, nw: NumberWords) -> bool:
    for words in nw.hedges:
        k = len(words)
        if i - k >= 0 and all(tokens[i - k + m].lower == w for m, w in enumerate(words)):
            return True
    return False


def _year_mark(tokens: list[Token], end: int) -> bool:
    return end < len(tokens) and tokens[end].lower in ("г", "година", "годината", "year")


def find_counts(doc: Document) -> list[Count]:
    nw = number_words(doc.language)
    cw = count_words(doc.language)
    if nw is None or cw is None:
        return []
    tokens = doc.tokens
    n = len(tokens)
    date_spans = [(d.start, d.end) for d in doc.dates]
    out: list[Count] = []
    starters = nw.starters
    barrier = 0  # token after the previous number phrase and its object
    i = 0
    while i < n:
        tok = tokens[i]
        low = tok.lower
        if not tok.is_word or not (
            low[0].isdigit() or low in starters or ("-" in low and low.split("-")[0] in starters)
        ):
            i += 1
            continue
        parsed = read_number(tokens, i, nw)
        if parsed is None:
            i += 1
            continue
        end, value, approx = parsed
        count = _count_at(doc, tokens, i, end, int(value), approx, nw, cw, date_spans, barrier)
        if count is not None:
            out.append(count)
            while end < n and tokens[end].start < count.end:
                end += 1
        barrier = end
        i = end
    return out


def _count_at(
    doc: Document,
    tokens: list[Token],
    i: int,
    end: int,
    value: int,
    approx: bool,
    nw: NumberWords,
    cw: CountWords,
    date_spans: list[tuple[int, int]],
    barrier: int,
) -> Count | None:
    n = len(tokens)
    start_char = tokens[i].start
    if any(ds <= start_char < de for ds, de in date_spans):
        return None
    if (
        tokens[i].lower.isdigit()
        and len(tokens[i].lower) == 4
        and 1000 <= value <= 2100
        and _year_mark(tokens, end)
    ):
        return None
    first = tokens[i]
    if first.lower[0].isdigit():
        if _glued(tokens, i, end) or (first.lower[0] == "0" and len(first.lower) > 1):
            return None  # "F-16", "10-ти", "06" of a clock time
        if i > 0 and tokens[i - 1].text in (":", "/", "№", "#") and tokens[i - 1].end == first.start:
            return None
        if end < n and tokens[end].text == ":" and tokens[end].start == tokens[end - 1].end:
            return None  # "4:01", a clock time
    if i > 0 and tokens[i - 1].lower in cw.labels:
        return None  # "член 50", "article 50"
    sent = tokens[i].sent
    # the counted object: words after the number up to the first head noun
    j = end
    if j < n and tokens[j].lower in nw.links:
        j += 1  # "thousands of protesters"
    if j < n and (tokens[j].lower in cw.units or (tokens[j].is_word and tokens[j].lower[0].isdigit())):
        return None
    for words in cw.unit_phrases:
        if j + len(words) <= n and all(tokens[j + m].lower == w for m, w in enumerate(words)):
            return None
    obj_end = j
    k = j
    while k < n and k - j < MAX_OBJECT:
        t = tokens[k]
        if not t.is_word or t.sent != sent or t.lower in cw.function or t.lower[0].isdigit():
            break
        if t.lower in cw.heads or t.lemma in cw.heads:
            obj_end = k + 1
            break
        k += 1
    if (
        obj_end == j
        and j < n
        and tokens[j].is_word
        and tokens[j].sent == sent
        and tokens[j].lower not in cw.function
    ):
        obj_end = j + 1
    if value == 1 and not first.lower[0].isdigit() and not _has_head(tokens, j, obj_end, cw):
        return None  # "един от тях", "един доминиран от Германия": "one" counts only people ("един човек")
    if len(first.lower) == 4 and first.lower.isdigit() and 1800 <= value <= 2100:
        if not _has_head(tokens, j, obj_end, cw):
            return None  # "Bill 2018 аннулирует": a year-like number counts only people ("2020 души")
    kind = _left_trigger(tokens, i, sent, nw, cw, barrier)
    if kind is None:
        for m in range(j, obj_end):
            kind = trigger_at(tokens, m, cw)
            if kind:
                break
    if kind is None:
        kind = _right_trigger(tokens, obj_end, sent, cw)
    if kind is None:
        return None
    approx = approx or _hedged(tokens, i, nw)
    obj = doc.text[tokens[j].start : tokens[obj_end - 1].end] if obj_end > j else None
    stop_char = tokens[obj_end - 1].end if obj_end > j else tokens[end - 1].end
    return Count(type=kind, number=value, approximate=approx, object=obj, start=start_char, end=stop_char)


def _has_head(tokens: list[Token], j: int, obj_end: int, cw: CountWords) -> bool:
    return any(tokens[m].lower in cw.heads or tokens[m].lemma in cw.heads for m in range(j, obj_end))


def _left_trigger(
    tokens: list[Token], i: int, sent: int, nw: NumberWords, cw: CountWords, barrier: int
) -> str | None:
    """The trigger before the number; the scan stops at ``barrier``, the token after the previous count, whose
    words are its own ("194 хил. починали от 7,620 млн. заразени": "починали" is not the second number's)."""
    seen = 0
    j = i - 1
    while j >= barrier and seen < LEFT_WINDOW:
        t = tokens[j]
        if t.sent != sent or not t.is_word or t.lower in cw.stops or t.lower[0].isdigit():
            return None
        kind = trigger_at(tokens, j, cw)
        if kind:
            return kind
        if t.is_cap and j > 0 and tokens[j - 1].sent == sent:
            return None  # a name between: "на митинге в Пакистане 7 человек погибли" is not about the rally
        if not any(t.lower in h for h in nw.hedges):
            seen += 1
        j -= 1
    return None


def _right_trigger(tokens: list[Token], k: int, sent: int, cw: CountWords) -> str | None:
    n = len(tokens)
    for j in range(k, min(n, k + RIGHT_WINDOW)):
        t = tokens[j]
        if t.sent != sent or not t.is_word or t.lower in cw.stops or t.lower[0].isdigit():
            return None
        kind = trigger_at(tokens, j, cw)
        if kind:
            return kind
    return None


class CountStage(Stage):
    name = "counts"
    requires = ("tokens",)  # dates too when present: their spans are never counts
    assigns = ("counts",)

    def __call__(self, doc: Document) -> Document:
        doc.counts = find_counts(doc)
        return doc
