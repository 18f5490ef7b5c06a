"""What event coding reads: the lexicons of a language, dates, and a token-level view of one document.

The lexicons, compiled for matching: trigger patterns and modifier words.

``lang/<code>/verbs.tsv`` holds the triggers (see docs/events.md for every column). A pattern is one or more
slots separated by a space (the next slot may follow after up to 2 other words) or by `` ~ `` (up to 8
words). A slot lists alternatives with ``|``; an alternative ending in ``*`` matches any word that starts
with it (on the lower-cased word as written, so a lemmatiser's mistakes do not matter), a plain one matches
the word's lemma or the lower-cased word. ``lang/<code>/event_modifiers.tsv`` holds the function words:
negation, conditionals, hedges, intent and future words, speech verbs, clause openers, prepositions...

``lexicon(lang)`` reads both once per process. A malformed row raises DataError naming file and line; a
language without ``verbs.tsv`` gets an empty lexicon (no events), never an error.

Dates: ``period_end`` (the last day of YYYY, YYYY-MM, YYYY-Www, YYYY-MM-DD; None for anything else),
``is_background`` and ``statement_date``. ``DocView`` holds one document's actor spans (in tokens), sentences,
paragraphs, clauses and modifier phrases, and answers the questions the coder asks: the subject before a
trigger, the object or prepositional actor after it, "между X и Y", a pronoun's antecedent, the date of a
clause, the place named in it. Offsets outside the text and actors without a code are ignored.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from collections.abc import Sequence

import msgspec

from letopis import resources
from letopis.coding import cameo
from letopis.errors import DataError
from letopis.model import ActorAnn, ActorRef, DateMention, Document, EventPlace, Token

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

    def candidates(self, tok: Token) -> Sequence[Pattern]:
        """Patterns whose first slot may match ``tok``, found by its lemma, form and 3-letter prefix. The
        answer depends on the two strings only and is cached per lexicon (news repeats its words)."""
        key = (tok.lemma, tok.lower)
        cache = candidate_cache(self)
        hit = cache.get(key)
        if hit is None:
            hit = tuple(self._candidates(tok))
            if len(cache) >= _CANDIDATES_SIZE:
                cache.clear()
            cache[key] = hit
        return hit

    def _candidates(self, tok: Token) -> list[Pattern]:
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


_CANDIDATES_SIZE = 100_000
# Lexicon.candidates' caches, by lexicon identity (a frozen struct takes no cache field); each entry keeps its
# lexicon so that an id is never reused while its cache lives
_CANDIDATES: dict[int, tuple[Lexicon, dict[tuple[str, str], tuple[Pattern, ...]]]] = {}


def candidate_cache(lex: Lexicon) -> dict[tuple[str, str], tuple[Pattern, ...]]:
    """``lex.candidates``' answers so far, by (lemma, lower-case form); read-only for callers."""
    hit = _CANDIDATES.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _CANDIDATES[id(lex)] = (lex, {})
    return hit[1]


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
    first_words: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
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
                first_words.setdefault(ph[0], []).append((kind, ph))
    return Lexicon(
        first={k: tuple(sorted(v, key=lambda x: -len(x[1]))) for k, v in first_words.items()},
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


# CAMEO actor type codes: an actor code made of these alone names no country ("OPP", "GOV").
# IGO, NGO, IMG, MNC and NGM stand in the country place of a code (IGOUNO) and count as its "country".
ROLE_CODES = frozenset(
    "GOV MIL OPP CVL MED BUS JUD COP REB REL LEG LAB EDU HLH SPY UAF INS SEP REF AGR ELI CRM "
    "DEV ENV HRI MOD RAD PTY ETH PRO RES".split()
)
PUNCT_COMMA = frozenset({",", "-", "–", "—", "(", ")"})
PUNCT_HARD = frozenset({";", ":", '"', "„", "“", "”", "«", "»", "'", "‘", "’", "?", "!"})
BACKGROUND_DAYS = 31  # an event whose date ends more than a month before the article's date is history
OBJ_WINDOW = 4  # words from the trigger to a direct object's first word
CARRY_SENTENCES = 2  # a date carries over to at most the next two sentences of its paragraph
STATEMENT_DAYS = 7  # "в сряда", "on Monday": a day this close before the article dates its statements
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(W?)(\d{2})(?:-(\d{2}))?)?$")


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------


def period_end(value: str | None) -> dt.date | None:
    """Last day of a date value (YYYY, YYYY-MM, YYYY-Www, YYYY-MM-DD); None when it cannot be read."""
    if not value:
        return None
    m = _DATE_VALUE.match(value)
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3) is None:
            return dt.date(year, 12, 31)
        if m.group(2):
            return dt.date.fromisocalendar(year, int(m.group(3)), 7)
        month = int(m.group(3))
        if m.group(4) is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, month, int(m.group(4)))
    except ValueError:
        return None


def is_background(value: str | None, article_date: str | None) -> bool:
    """Restated history: the event's date ends more than BACKGROUND_DAYS before the article's date."""
    end = period_end(value)
    ref = period_end(article_date)
    if end is None or ref is None:
        return False
    return (ref - end).days > BACKGROUND_DAYS


def statement_date(doc: Document) -> str | None:
    """The day the article's statements were made: the first day-precise date in the text that lies within
    STATEMENT_DAYS before the article's date ("публикувано в сряда" -> 2025-12-17), else the article's date."""
    ref = period_end(doc.date)
    if ref is None:
        return doc.date
    for d in sorted(doc.dates, key=lambda d: d.start):
        if len(d.value) == 10:
            day = period_end(d.value)
            if day is not None and 0 <= (ref - day).days <= STATEMENT_DAYS:
                return d.value
    return doc.date


# ---------------------------------------------------------------------------------------------------------
# Actors and the document view
# ---------------------------------------------------------------------------------------------------------


def country_of(code: str | None) -> str | None:
    if not code or len(code) < 3 or code[:3] in ROLE_CODES:
        return None
    return code[:3]


def role_of(code: str | None) -> str:
    if not code:
        return ""
    return code[:3] if code[:3] in ROLE_CODES else code[3:6]


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    try:
        return {r["cameo"]: r["name"] for r in resources.data_table("countries")}
    except DataError:
        return {}


class ActorSpan:
    """An actor span in token indices."""

    __slots__ = ("first", "last", "ann", "country", "modifier")

    def __init__(self, first: int, last: int, ann: ActorAnn) -> None:
        self.first = first
        self.last = last
        self.ann = ann
        self.country = country_of(ann.code)
        self.modifier = False  # an adjective before a noun ("руски дрона"): an object's owner, never a doer


class ImpliedActor:
    """An actor the text does not name but the rule implies (the government of the detainees' country)."""

    __slots__ = ("code", "country", "name")

    def __init__(self, code: str, name: str | None) -> None:
        self.code = code
        self.country = country_of(code)
        self.name = name


def actor_ref(actor: ActorSpan | ImpliedActor | None) -> ActorRef | None:
    if actor is None:
        return None
    if isinstance(actor, ImpliedActor):
        return ActorRef(actor.code, actor.name, None)
    return ActorRef(actor.ann.code, actor.ann.name, actor.ann.entity)


def actor_code(actor: ActorSpan | ImpliedActor | None) -> str | None:
    if actor is None:
        return None
    return actor.code if isinstance(actor, ImpliedActor) else actor.ann.code


class Speech:
    """What someone said: a token range, its speakers, the day it was said and whether it is the speaker's own
    statement (a quotation, "заяви, че", "said that") or a report attributed at the end (", officials said")."""

    __slots__ = ("start", "end", "speakers", "date", "statement", "quoted")

    def __init__(
        self,
        start: int,
        end: int,
        speakers: list[ActorSpan],
        date: str | None,
        statement: bool,
        quoted: bool = False,
    ) -> None:
        self.start = start  # token range of what was said (end exclusive)
        self.end = end
        self.speakers = speakers
        self.date = date
        self.statement = statement
        self.quoted = quoted  # a quotation of the quotes stage, whose speaker wins over ours

    @property
    def speaker(self) -> ActorSpan:
        return self.speakers[0]

    def own_side(self, actor: ActorSpan | ImpliedActor | None) -> bool:
        if actor is None:
            return False
        return any(actor is s or bool(actor.country and actor.country == s.country) for s in self.speakers)


class DocView:
    """The token-level views event coding needs of one document: actor spans, sentences and paragraphs,
    clauses, modifier phrases, dates and places. Built per document; clauses and phrases are found per
    sentence by ``prepare`` (in text order), so sentences without a trigger cost nothing."""

    def __init__(self, doc: Document, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        toks = doc.tokens
        self.toks = toks
        self.lows = [t.lower for t in toks]
        self.starts = [t.start for t in toks]
        n = len(toks)
        # Actor spans in tokens; a span inside a longer one is dropped (the outer one names the actor).
        spans: list[ActorSpan] = []
        for a in doc.actors:
            if not a.code:
                continue
            first = bisect.bisect_left(self.starts, a.start)
            last = bisect.bisect_left(self.starts, a.end) - 1
            if first <= last < n:
                spans.append(ActorSpan(first, last, a))
        spans.sort(key=lambda s: (s.first, -s.last))
        acts: list[ActorSpan] = []
        lows = self.lows
        adjective = lex.phrases.get("adjective_end", ())
        for s in spans:
            if acts and s.first >= acts[-1].first and s.last <= acts[-1].last:
                continue
            if (
                s.first == s.last
                and not toks[s.first].is_cap
                and s.last + 1 < n
                and toks[s.last + 1].is_word
                and not toks[s.last + 1].is_cap
                and any(phrase_at(lows, s.first, e) for e in adjective)
                and not any(
                    lex.is_kind(k, lows[s.last + 1]) for k in ("prep", "coordination", "det", "clause")
                )
            ):
                s.modifier = True  # "беларуска територия": the adjective only describes the noun
            acts.append(s)
        self.acts = acts
        self.act_at: list[ActorSpan | None] = [None] * n
        for s in acts:
            for i in range(s.first, s.last + 1):
                self.act_at[i] = s
        # Sentences as token ranges, and paragraphs (a line break between two sentences starts one).
        sents = [t.sent for t in toks]
        bounds = [bisect.bisect_left(sents, si) for si in range(len(doc.sentences) + 1)]
        self.sent_range: list[tuple[int, int]] = list(zip(bounds, bounds[1:], strict=False))
        self.para: list[int] = []
        p = 0
        for si, sentence in enumerate(doc.sentences):
            if si and "\n" in doc.text[doc.sentences[si - 1].end : sentence.start]:
                p += 1
            self.para.append(p)
        # Modifier phrases (kind -> sorted start tokens; (kind, start) -> length), clauses and speech are found
        # per sentence, only for sentences with a trigger (``prepare``), in text order.
        self.kind_pos: dict[str, list[int]] = {}
        self.kind_len: dict[tuple[str, int], int] = {}
        self.clause = [0] * n
        self.clause_start: dict[int, int] = {}
        self.clause_end: dict[int, int] = {}
        self.clause_open: dict[int, str] = {}
        self.dates = sorted(doc.dates, key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]
        self.stmt_date = statement_date(doc)

    def prepare(self, si: int) -> None:
        """Modifier phrases and clauses of sentence ``si`` (call in text order)."""
        a, b = self.sent_range[si]
        lows, lex = self.lows, self.lex
        # lex.has_phrases inlined: it is asked of every word of the sentence
        first, wild, any_wild = lex.first, lex.wild, bool(lex.wild_any)
        for i in range(a, b):
            w = lows[i]
            if w in first or w[:3] in wild or any_wild:
                for kind, length in lex.phrases_at(lows, i).items():
                    self.kind_pos.setdefault(kind, []).append(i)
                    self.kind_len[(kind, i)] = length
        self._clauses(a, b, si)

    # --- clauses ------------------------------------------------------------------------------------------

    def _clauses(self, a: int, b: int, si: int) -> None:
        lex, lows, toks = self.lex, self.lows, self.toks
        cid = (si << 12) + 0
        self.clause_start[cid] = a
        self.clause_open[cid] = "start"
        words_in = 0
        i = a
        while i < b:
            low = lows[i]
            opener = None
            if not toks[i].is_word:
                if low in PUNCT_COMMA:
                    opener = "comma"
                elif low in PUNCT_HARD:
                    opener = "hard"
            elif lex.is_kind("relative", low):
                opener = "relative"
            elif ("clause", i) in self.kind_len:
                opener = "clause"
            elif i > a and lows[i - 1] == "," and ("clause_weak", i) in self.kind_len:
                opener = "clause"
            if opener is not None:
                if words_in == 0 and i > a:
                    # two openers in a row (", че"): one clause, opened by the stronger
                    if opener != "comma":
                        self.clause_open[cid] = opener
                elif i > a:
                    self.clause_end[cid] = i
                    cid += 1
                    self.clause_start[cid] = i
                    self.clause_open[cid] = opener
                    words_in = 0
                else:
                    self.clause_open[cid] = opener
            elif toks[i].is_word:
                words_in += 1
            self.clause[i] = cid
            i += 1
        self.clause_end[cid] = b

    def clause_range(self, i: int) -> tuple[int, int]:
        c = self.clause[i]
        return self.clause_start[c], self.clause_end[c]

    # --- actor helpers --------------------------------------------------------------------------------------

    def prep_before(self, act: ActorSpan) -> str | None:
        """The preposition (or agent phrase) right before an actor, skipping determiners; None when none."""
        lex, lows = self.lex, self.lows
        j = act.first - 1
        sent_start = self.sent_range[self.toks[act.first].sent][0]
        while j >= sent_start:
            if lex.is_kind("det", lows[j]) and not lex.is_kind("prep", lows[j]):
                j -= 1
            elif (
                j - 1 >= sent_start
                and lows[j] in ("of", "от")
                and (lex.is_kind("quantity", lows[j - 1]) or lows[j - 1][0].isdigit())
            ):
                j -= 2  # "dozens of protesters", "част от депутатите": a quantity, not a preposition
            else:
                break
        if j < sent_start:
            return None
        for ph in lex.phrases.get("agent", ()):
            k = j - len(ph) + 1
            if k >= sent_start and phrase_at(lows, k, ph):
                return " ".join(ph)
        if lex.is_kind("prep", lows[j]):
            return lows[j]
        return None

    def coordinated(self, act: ActorSpan, forward: bool) -> list[ActorSpan]:
        """The actor and those joined to it by "и"/"and"/commas, in text order."""
        out = [act]
        lex, lows = self.lex, self.lows
        sent = self.toks[act.first].sent
        a, b = self.sent_range[sent]
        cur = act
        seen_conj = False  # "A, B and C": once "and" is seen, a comma alone joins too
        while True:
            j = cur.last + 1 if forward else cur.first - 1
            step = 1 if forward else -1
            while a <= j < b and (
                lex.is_kind("coordination", lows[j])
                or lows[j] == ","
                or lex.is_kind("det", lows[j])
                # "с Русия и с ЕС": the preposition repeated after "и"
                or (
                    forward
                    and seen_conj
                    and lex.is_kind("prep", lows[j])
                    and self.prep_before(cur) == lows[j]
                )
            ):
                seen_conj = seen_conj or lex.is_kind("coordination", lows[j])
                j += step
            nxt = self.act_at[j] if a <= j < b else None
            if not seen_conj or nxt is None or nxt in out:
                break
            out.append(nxt)
            cur = nxt
        return sorted(out, key=lambda s: s.first)

    def subject(self, first: int) -> ActorSpan | None:
        """The nearest actor before token ``first`` that follows no preposition, walking back over commas and
        relative clauses, stopping at a clause word ("че", "докато", "that")."""
        c = self.clause[first]
        start = self.clause_start[c]
        j = first - 1
        origin = c
        while True:
            while j >= start:
                act = self.act_at[j]
                if act is not None:
                    if (
                        not act.modifier
                        and self.prep_before(act) is None
                        and not (
                            self.lex.is_kind("pronoun1", self.lows[act.first])
                            and not self.toks[act.first].text.isupper()
                        )
                    ):
                        return act
                    j = act.first - 1
                    continue
                j -= 1
            opener = self.clause_open[c]
            if opener not in ("comma", "relative"):
                return None
            if (
                c == origin
                and opener == "comma"
                and not any(
                    self.toks[k].is_word and not self.lex.is_kind("det", self.lows[k])
                    for k in range(start, first)
                )
            ):
                # ", предупреждава бившият посланик": a verb opening its clause after a comma has its subject
                # after it, unless a relative clause stands between ("Коул, който ..., е съдействал")
                if not (c - 1 in self.clause_open and self.clause_open[c - 1] == "relative"):
                    return None
            # step into the previous clause; skip a relative clause we are not inside
            c -= 1
            while c in self.clause_open and self.clause_open[c] == "relative" and c != origin:
                c -= 1
            if c not in self.clause_start or self.clause_start[c] >= start:
                return None
            start = self.clause_start[c]
            j = self.clause_end[c] - 1

    def after(
        self, last: int, preps: tuple[str, ...], allow_obj: bool, end: int, trigger_end: int = -1
    ) -> ActorSpan | None:
        """The first actor after ``last`` (up to ``end``) that follows one of ``preps``, or no preposition when
        ``allow_obj``. A preposition that is part of the trigger ("called on X") makes X an object."""
        j = last + 1
        while j < end:
            act = self.act_at[j]
            if act is not None:
                k = act.first - 1
                while k > trigger_end and self.lex.is_kind("det", self.lows[k]):
                    k -= 1
                if k <= trigger_end:
                    # a preposition that is part of the trigger ("срещна с X", "called on X") introduces X
                    p = self.lows[k] if k > last and self.lex.is_kind("prep", self.lows[k]) else None
                    if p is not None and allow_obj:
                        p = None
                else:
                    p = self.prep_before(act)
                # a direct object starts within OBJ_WINDOW words of the trigger ("arrested two opposition
                # leaders"); a bare actor further on belongs to another phrase ("his position on the US")
                near = act.first - max(last, trigger_end) <= OBJ_WINDOW and not self.subject_form(act)
                if (p is None and allow_obj and near) or (p is not None and p in preps):
                    return act
                if allow_obj and near and p is not None and self.lex.is_kind("gen", p):
                    # "released the mayor of Nablus", "арестуваха лидера на опозицията": the object's owner
                    # stands for the object when the object itself is no actor
                    if not any(
                        self.lex.is_kind("prep", self.lows[x]) for x in range(max(last, trigger_end) + 1, k)
                    ):
                        return act
                j = act.last + 1
                continue
            j += 1
        return None

    def subject_form(self, act: ActorSpan) -> bool:
        """Whether the actor's first word has a subject-only ending (Bulgarian "премиерът", "бившият")."""
        return any(phrase_at(self.lows, act.first, e) for e in self.lex.phrases.get("subject_end", ()))

    def inverted_subject(self, last: int, end: int) -> ActorSpan | None:
        """A subject after its verb (", предупреди премиерът", "посети Москва премиерът"): the first actor in
        subject form within 5 words."""
        for j in range(last + 1, min(last + 6, end)):
            act = self.act_at[j]
            if (
                act is not None
                and act.first == j
                and self.subject_form(act)
                and self.prep_before(act) is None
            ):
                return act
        return None

    def between(self, a: int, b: int) -> list[ActorSpan]:
        lows = self.lows
        for i in range(a, b):
            if lows[i] in ("между", "between", "among"):
                j = i + 1
                while j < b and self.act_at[j] is None and self.lex.is_kind("det", lows[j]):
                    j += 1
                if j < b and self.act_at[j] is not None:
                    return self.coordinated(self.act_at[j], forward=True)  # type: ignore[arg-type]
        return []

    def pronoun_antecedent(self, i: int, not_country: str | None, person: bool = False) -> ActorSpan | None:
        """The nearest actor before token ``i`` (this or the previous sentence) of another country; with
        ``person``, the nearest person ("каза той") within three sentences, else the nearest actor."""
        sent = self.toks[i].sent
        lo = self.sent_range[max(sent - (3 if person else 1), 0)][0]
        j = i - 1
        first = None
        while j >= lo:
            act = self.act_at[j]
            if act is not None and act.country and act.country != not_country:
                if not person:
                    return act
                ent = self.doc.entity(act.ann.entity)
                if ent is not None and ent.type == "PERSON":
                    return act
                first = first or act
            j -= 1
        return first

    def country_reference(self, a: int, b: int, not_country: str | None) -> ImpliedActor | None:
        """ "посетиха страната", "visited the country": the country last named before, as a target."""
        if not any(self.lex.is_kind("country_ref", self.lows[k]) for k in range(a, b)):
            return None
        names = country_names()
        lo = self.sent_range[max(self.toks[a].sent - 3, 0)][0]
        for j in range(a - 1, lo - 1, -1):
            act = self.act_at[j]
            if act is not None and act.country in names and act.country != not_country:
                return ImpliedActor(act.country, names[act.country])
        return None

    def nearest_other(
        self, first: int, last: int, not_country: str | None, exclude: set[int]
    ) -> ActorSpan | None:
        a, b = self.sent_range[self.toks[first].sent]
        best = None
        best_d = 10**9
        for act in self.acts:
            if act.first < a or act.last >= b or id(act) in exclude or not act.country:
                continue
            if act.country == not_country:
                continue
            d = act.first - last if act.first > last else first - act.last
            if d < best_d:
                best, best_d = act, d
        return best

    def positions(self, kind: str, a: int, b: int) -> list[int]:
        """Start tokens of the phrases of ``kind`` in [a, b)."""
        pos = self.kind_pos.get(kind, [])
        return pos[bisect.bisect_left(pos, a) : bisect.bisect_left(pos, b)]

    def has_phrase(self, kind: str, a: int, b: int) -> bool:
        """Whether a phrase of ``kind`` starts at a token in [a, b)."""
        pos = self.kind_pos.get(kind)
        if not pos:
            return False
        k = bisect.bisect_left(pos, a)
        return k < len(pos) and pos[k] < b

    # --- dates ------------------------------------------------------------------------------------------------

    def date_in(self, a: int, b: int, near: int) -> DateMention | None:
        """The date mention within tokens [a, b) nearest to token ``near``."""
        if a >= b:
            return None
        lo = self.toks[a].start
        hi = self.toks[b - 1].end
        k = bisect.bisect_left(self.date_starts, lo)
        best = None
        pos = self.toks[near].start
        while k < len(self.dates) and self.dates[k].start < hi:
            d = self.dates[k]
            if best is None or abs(d.start - pos) < abs(best.start - pos):
                best = d
            k += 1
        return best

    def narrative_date(self, first: int) -> tuple[str | None, str]:
        """Date of a narrated event: its clause's date, else its sentence's, else the last date mentioned
        in the two sentences before it in its paragraph (not for a present perfect: "has accused"), else the
        article's. Returns (value, where it came from)."""
        d = self.date_in(*self.clause_range(first), first)
        if d is not None:
            return d.value, "clause"
        sent = self.toks[first].sent
        d = self.date_in(*self.sent_range[sent], first)
        if d is not None:
            return d.value, "sentence"
        if self.has_phrase("perfect", max(first - 2, self.sent_range[sent][0]), first):
            return self.doc.date, "article"
        para = self.para[sent]
        s = sent - 1
        while s >= max(sent - CARRY_SENTENCES, 0) and self.para[s] == para:
            a, b = self.sent_range[s]
            if a < b:
                d = self.date_in(a, b, b - 1)
                if d is not None:
                    return d.value, "paragraph"
            s -= 1
        return self.doc.date, "article"

    # --- places -------------------------------------------------------------------------------------------------

    def place_in(self, a: int, b: int) -> EventPlace | None:
        if a >= b:
            return None
        lo, hi = self.toks[a].start, self.toks[b - 1].end
        for p in self.doc.places:
            for m in p.mentions:
                if lo <= m.start < hi:
                    return EventPlace(p.name, p.country, p.lat, p.lon)
        return None

    def place_actor(self, a: int, b: int) -> ImpliedActor | None:
        """The country of a place named in tokens [a, b) as a target ("посети Украйна"); a place that is
        also an actor's span is that actor, not a target of its own."""
        while a < b and self.act_at[a] is not None:
            a += 1
        place = self.place_in(a, b)
        if place is None or not place.country:
            return None
        return ImpliedActor(place.country, place.name)
