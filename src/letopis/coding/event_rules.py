"""The event lexicons of one language, compiled for matching: trigger patterns and modifier words.

``lang/<code>/verbs.tsv`` holds the triggers (see docs/events.md for every column). A pattern is one or more
slots separated by a space (the next slot may follow after up to 2 other words) or by `` ~ `` (up to 8
words). A slot lists alternatives with ``|``; an alternative ending in ``*`` matches any word that starts
with it (on the lower-cased word as written, so a lemmatiser's mistakes do not matter), a plain one matches
the word's lemma or the lower-cased word. ``lang/<code>/event_modifiers.tsv`` holds the function words:
negation, conditionals, hedges, intent and future words, speech verbs, clause openers, prepositions...

``lexicon(lang)`` reads both once per process. A malformed row raises DataError naming file and line; a
language without ``verbs.tsv`` gets an empty lexicon (no events), never an error.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import msgspec

from letopis import resources
from letopis.coding import cameo
from letopis.errors import DataError
from letopis.model import Token

NEAR_GAP = 2  # words allowed between two slots joined by a space
FAR_GAP = 8  # ... and by " ~ "
SOURCE_WAYS = {"subj", "speaker", "gen", "agent", "poss", "near", "govoftarget", "role"}
FALLBACKS = {"other", "gov", "pron", "place", "none"}
MODIFIER_KINDS = {
    "negation", "conditional", "hedge", "intent", "future", "speech", "complementizer", "clause", "factual_past",
    "clause_weak", "relative", "prep", "agent", "passive_aux", "passive_end", "det", "pronoun3", "pronoun1",
    "coordination", "gen", "irrealis", "quantity", "perfect", "adjective_end", "active_end", "subject_end", "country_ref",
}  # fmt: skip


class Slot(msgspec.Struct, frozen=True):
    words: frozenset[str]
    prefixes: tuple[str, ...]
    surface: bool = False  # match the word as written only (noun entries: "attack" must not take "attacked")

    def matches(self, tok: Token) -> bool:
        if tok.lower in self.words or (not self.surface and tok.lemma in self.words):
            return True
        low = tok.lower
        return any(low.startswith(p) for p in self.prefixes)


class Pattern(msgspec.Struct, frozen=True):
    id: str  # "bg/verbs.tsv:arrest": language, file and entry
    slots: tuple[Slot, ...]
    gaps: tuple[int, ...]  # gaps[i]: most words allowed between slot i and slot i + 1
    code: str
    noun: bool
    source: tuple[str, ...]  # ways to find the source, tried in order
    target: tuple[str, ...]  # "obj", "between", "none" or prepositions
    fallback: tuple[str, ...]
    negated: str | None  # the code when negated ("would not provide support" -> 121), None: no event
    roles: frozenset[str]  # for source way "role": actor roles that may be the source (OPP, CVL...)


class Lexicon(msgspec.Struct, frozen=True):
    lang: str
    by_word: dict[str, tuple[Pattern, ...]]
    by_prefix: dict[str, tuple[tuple[str, Pattern], ...]]  # first 3 letters of a prefix -> (prefix, pattern)
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # kind -> phrases as word tuples (with * for endings)
    words: dict[str, frozenset[str]]  # kind -> single plain words of that kind
    first: dict[
        str, tuple[tuple[str, tuple[str, ...]], ...]
    ]  # plain first word -> (kind, phrase), longest first
    wild: dict[
        str, tuple[tuple[str, tuple[str, ...]], ...]
    ]  # first 3 letters -> (kind, phrase) with "word*" first
    wild_any: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, phrase) whose first word is "*ending"

    def has_phrases(self, word: str) -> bool:
        """Whether some modifier phrase may start with ``word`` (a quick test before ``phrases_at``)."""
        return word in self.first or word[:3] in self.wild or bool(self.wild_any)

    def phrases_at(self, words: Sequence[str], i: int) -> dict[str, int]:
        """Kind -> length of the longest phrase of that kind starting at ``words[i]``."""
        out: dict[str, int] = {}
        for kind, ph in self.first.get(words[i], ()):
            if kind not in out and (len(ph) == 1 or phrase_at(words, i, ph)):
                out[kind] = len(ph)
        for kind, ph in self.wild.get(words[i][:3], ()) + self.wild_any:
            if kind not in out and phrase_at(words, i, ph):
                out[kind] = len(ph)
        return out

    def candidates(self, tok: Token) -> list[Pattern]:
        low = tok.lower
        if tok.lemma not in self.by_word and low not in self.by_word and low[:3] not in self.by_prefix:
            return []
        out = list(self.by_word.get(tok.lemma, ()))
        if tok.lower != tok.lemma:
            out.extend(p for p in self.by_word.get(tok.lower, ()) if p not in out)
        for prefix, pat in self.by_prefix.get(tok.lower[:3], ()):
            if tok.lower.startswith(prefix) and pat not in out:
                out.append(pat)
        return out

    def is_kind(self, kind: str, word: str) -> bool:
        return word in self.words.get(kind, ())


def _slot(text: str, where: str) -> Slot:
    words: set[str] = set()
    prefixes: list[str] = []
    for alt in text.split("|"):
        alt = alt.strip().lower()
        if not alt:
            raise DataError(f"{where}: empty alternative in '{text}'")
        if alt.endswith("*"):
            if len(alt) < 4:
                raise DataError(f"{where}: prefix '{alt}' is shorter than 3 letters")
            prefixes.append(alt[:-1])
        else:
            words.add(alt)
    return Slot(frozenset(words), tuple(prefixes))


def parse_pattern(text: str, where: str) -> tuple[tuple[Slot, ...], tuple[int, ...]]:
    """Slots and gaps of a pattern string. Raises DataError for an empty or malformed pattern."""
    slots: list[Slot] = []
    gaps: list[int] = []
    gap = NEAR_GAP
    for part in text.split():
        if part == "~":
            if not slots:
                raise DataError(f"{where}: pattern '{text}' starts with ~")
            gap = FAR_GAP
            continue
        if slots:
            gaps.append(gap)
        slots.append(_slot(part, where))
        gap = NEAR_GAP
    if not slots or len(gaps) != len(slots) - 1:
        raise DataError(f"{where}: malformed pattern '{text}'")
    return tuple(slots), tuple(gaps)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip().lower() for v in value.replace(">", "|").split("|") if v.strip())


def _pattern(row: dict[str, str], where: str) -> Pattern:
    slots, gaps = parse_pattern(row["pattern"], where)
    if row["pos"].upper() == "N":
        slots = tuple(Slot(s.words, s.prefixes, True) for s in slots)
    code = row["code"]
    if cameo.get(code) is None:
        raise DataError(f"{where}: '{code}' is not a GDELT CAMEO event code")
    negated = row.get("negated") or None
    if negated and cameo.get(negated) is None:
        raise DataError(f"{where}: negated code '{negated}' is not a GDELT CAMEO event code")
    source = _split(row["source"])
    roles: set[str] = set()
    ways: list[str] = []
    for way in source:
        if way.startswith("role:"):
            roles.update(r.upper() for r in way[5:].split(","))
            way = "role"
        if way not in SOURCE_WAYS:
            raise DataError(f"{where}: unknown source way '{way}' (known: {', '.join(sorted(SOURCE_WAYS))})")
        ways.append(way)
    fallback = _split(row.get("fallback") or "")
    for fb in fallback:
        if fb not in FALLBACKS:
            raise DataError(f"{where}: unknown fallback '{fb}' (known: {', '.join(sorted(FALLBACKS))})")
    pos = row["pos"].upper()
    if pos not in ("V", "N"):
        raise DataError(f"{where}: pos must be V or N, not '{pos}'")
    return Pattern(
        id=where,
        slots=slots,
        gaps=gaps,
        code=code,
        noun=pos == "N",
        source=tuple(ways),
        target=_split(row["target"]),
        fallback=fallback,
        negated=negated,
        roles=frozenset(roles),
    )


@functools.cache
def lexicon(lang: str | None) -> Lexicon:
    """The compiled lexicon of ``lang`` (empty when the language has no ``verbs.tsv``)."""
    verbs = resources.lang_table_optional(lang, "verbs") if lang else None
    mods = resources.lang_table_optional(lang, "event_modifiers") if lang else None
    by_word: dict[str, list[Pattern]] = {}
    by_prefix: dict[str, list[tuple[str, Pattern]]] = {}
    seen: set[str] = set()
    for row in verbs or ():
        where = f"{lang}/verbs.tsv:{row['id']}"
        if where in seen:
            raise DataError(f"{verbs.path if verbs else ''}: duplicate id {row['id']}")  # pragma: no cover
        seen.add(where)
        pat = _pattern(row, where)
        first = pat.slots[0]
        for w in first.words:
            by_word.setdefault(w, []).append(pat)
        for p in first.prefixes:
            by_prefix.setdefault(p[:3], []).append((p, pat))
    phrases: dict[str, list[tuple[str, ...]]] = {}
    words: dict[str, set[str]] = {}
    for i, row in enumerate(mods or ()):
        kind = row["kind"].lower()
        if kind not in MODIFIER_KINDS:
            raise DataError(f"{mods.path if mods else ''}: row {i + 1}: unknown kind '{kind}'")
        phrase = tuple(row["phrase"].lower().replace(",", " ,").split())
        phrases.setdefault(kind, []).append(phrase)
        if len(phrase) == 1 and "*" not in phrase[0]:
            words.setdefault(kind, set()).add(phrase[0])
    first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    wild: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    wild_any: list[tuple[str, tuple[str, ...]]] = []
    for kind, phs in phrases.items():
        if kind in (
            "passive_end",
            "adjective_end",
            "active_end",
            "subject_end",
        ):  # checked on one given word only
            continue
        for ph in set(phs):
            if ph[0].startswith("*") or (ph[0].endswith("*") and len(ph[0]) < 4):
                wild_any.append((kind, ph))
            elif ph[0].endswith("*"):
                wild.setdefault(ph[0][:3], []).append((kind, ph))
            else:
                first.setdefault(ph[0], []).append((kind, ph))
    return Lexicon(
        first={k: tuple(sorted(v, key=lambda x: -len(x[1]))) for k, v in first.items()},
        wild={k: tuple(v) for k, v in wild.items()},
        wild_any=tuple(wild_any),
        lang=lang or "",
        by_word={k: tuple(v) for k, v in by_word.items()},
        by_prefix={k: tuple(v) for k, v in by_prefix.items()},
        phrases={k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in phrases.items()},
        words={k: frozenset(v) for k, v in words.items()},
    )


def phrase_at(words: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` (lower-case words, ``*`` for any ending) starts at ``words[i]``."""
    if i + len(phrase) > len(words):
        return False
    for k, p in enumerate(phrase):
        w = words[i + k]
        if p.endswith("*"):
            if not w.startswith(p[:-1]):
                return False
        elif p.startswith("*"):
            if not w.endswith(p[1:]) or len(w) <= len(p):
                return False
        elif w != p:
            return False
    return True


def phrase_ending_at(words: Sequence[str], end: int, phrases: Sequence[tuple[str, ...]]) -> int:
    """Length of the longest phrase that ends at ``words[end]`` (inclusive), 0 when none does."""
    for ph in phrases:
        start = end - len(ph) + 1
        if start >= 0 and phrase_at(words, start, ph):
            return len(ph)
    return 0
