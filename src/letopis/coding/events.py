"""events: CAMEO events from the language's trigger lexicon, with source and target actors, own date, place.

How it works (docs/events.md has the full rules):

1. Every sentence is cut into clauses at commas, colons, quote marks and clause words ("че", "докато",
   "that", "while"...; ``lang/<code>/event_modifiers.tsv``).
2. Triggers: patterns of ``lang/<code>/verbs.tsv`` (lemmas or word beginnings, ``event_rules``); the longest
   match wins; a word inside an actor's span never triggers.
3. Modality, from the trigger's clause: a negation just before it drops the event (or gives the entry's
   ``negated`` code); a conditional ("ако", "if") drops it; a hedge ("биха могли", "could") or a question
   drops material events and keeps verbal ones; an intent ("иска да", "с цел") turns a material event into
   the codebook's intent code.
4. Actors (``doc.actors``): the source is found the entry's way (``subj``: the nearest actor before the trigger
   that follows no preposition, across commas but not into a clause of its own; ``gen``: "на X"/"of X" after a
   noun; ``speaker``: who makes the statement; ``role:OPP``; ``govoftarget``); the target after the trigger as
   a direct object or after one of the entry's prepositions, or "между X и Y", then the entry's fallbacks.
   A passive ("бяха арестувани от", "was released by") swaps them. An event needs a source, and a target
   unless the entry allows none.
5. Reported speech ("X заяви, че ...", quotations with a speaker): verbal events belong to the speaker; a
   material conflict event told by the speaker about another side becomes the speaker's accusation (112,
   1123 for force), as CAMEO codes "X said Y attacked".
6. Date and background: see ``event_date``; place: the first place mentioned in the clause.

Bad input: a document without tokens, actors or a lexicon for its language gets no events; nothing raises.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re

from letopis import resources
from letopis.coding import cameo
from letopis.coding.event_rules import Lexicon, Pattern, lexicon, phrase_at
from letopis.errors import DataError
from letopis.model import ActorAnn, ActorRef, DateMention, Document, Event, EventPlace, Evidence, Token
from letopis.pipeline import Stage

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


class EventStage(Stage):
    name = "events"
    requires = ("tokens", "sentences", "actors", "dates", "places")
    assigns = ("events",)

    def __call__(self, doc: Document) -> Document:
        doc.events = code_events(doc)
        return doc


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
# The coder
# ---------------------------------------------------------------------------------------------------------


def _country(code: str | None) -> str | None:
    if not code or len(code) < 3 or code[:3] in ROLE_CODES:
        return None
    return code[:3]


def _role(code: str | None) -> str:
    if not code:
        return ""
    return code[:3] if code[:3] in ROLE_CODES else code[3:6]


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    try:
        return {r["cameo"]: r["name"] for r in resources.data_table("countries")}
    except DataError:
        return {}


class _Act:
    """An actor span in token indices."""

    __slots__ = ("first", "last", "ann", "country", "modifier")

    def __init__(self, first: int, last: int, ann: ActorAnn) -> None:
        self.first = first
        self.last = last
        self.ann = ann
        self.country = _country(ann.code)
        self.modifier = False  # an adjective before a noun ("руски дрона"): an object's owner, never a doer


class _Synth:
    """An actor the text does not name but the rule implies (the government of the detainees' country)."""

    __slots__ = ("code", "country", "name")

    def __init__(self, code: str, name: str | None) -> None:
        self.code = code
        self.country = _country(code)
        self.name = name


def _ref(actor: _Act | _Synth | None) -> ActorRef | None:
    if actor is None:
        return None
    if isinstance(actor, _Synth):
        return ActorRef(actor.code, actor.name, None)
    return ActorRef(actor.ann.code, actor.ann.name, actor.ann.entity)


def _code(actor: _Act | _Synth | None) -> str | None:
    if actor is None:
        return None
    return actor.code if isinstance(actor, _Synth) else actor.ann.code


class _Speech:
    """What someone said: a token range, its speakers, the day it was said and whether it is the speaker's own
    statement (a quotation, "заяви, че", "said that") or a report attributed at the end (", officials said")."""

    __slots__ = ("start", "end", "speakers", "date", "statement", "quoted")

    def __init__(
        self,
        start: int,
        end: int,
        speakers: list[_Act],
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
    def speaker(self) -> _Act:
        return self.speakers[0]

    def own_side(self, actor: _Act | _Synth | None) -> bool:
        if actor is None:
            return False
        return any(actor is s or bool(actor.country and actor.country == s.country) for s in self.speakers)


class _Coder:
    """Codes one document. Built per document; holds the token-level views the rules need."""

    def __init__(self, doc: Document, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        toks = doc.tokens
        self.toks = toks
        self.lows = [t.lower for t in toks]
        self.starts = [t.start for t in toks]
        n = len(toks)
        # Actor spans in tokens; a span inside a longer one is dropped (the outer one names the actor).
        spans: list[_Act] = []
        for a in doc.actors:
            if not a.code:
                continue
            first = bisect.bisect_left(self.starts, a.start)
            last = bisect.bisect_left(self.starts, a.end) - 1
            if first <= last < n:
                spans.append(_Act(first, last, a))
        spans.sort(key=lambda s: (s.first, -s.last))
        acts: list[_Act] = []
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
        self.act_at: list[_Act | None] = [None] * n
        for s in acts:
            for i in range(s.first, s.last + 1):
                self.act_at[i] = s
        # Sentences as token ranges, and paragraphs (a line break between two sentences starts one).
        sents = [t.sent for t in toks]
        bounds = [bisect.bisect_left(sents, si) for si in range(len(doc.sentences) + 1)]
        self.sent_range: list[tuple[int, int]] = list(zip(bounds, bounds[1:], strict=False))
        self.para: list[int] = []
        p = 0
        for si, s in enumerate(doc.sentences):
            if si and "\n" in doc.text[doc.sentences[si - 1].end : s.start]:
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
        self.speeches: list[_Speech] = []
        self._quote_speech()

    def prepare(self, si: int) -> None:
        """Modifier phrases, clauses and speech of sentence ``si`` (call in text order)."""
        a, b = self.sent_range[si]
        lows, lex = self.lows, self.lex
        has = lex.has_phrases
        for i in range(a, b):
            if has(lows[i]):
                for kind, length in lex.phrases_at(lows, i).items():
                    self.kind_pos.setdefault(kind, []).append(i)
                    self.kind_len[(kind, i)] = length
        self._clauses(a, b, si)
        self._find_speech(a, b)

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

    def prep_before(self, act: _Act) -> str | None:
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

    def coordinated(self, act: _Act, forward: bool) -> list[_Act]:
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
                lex.is_kind("coordination", lows[j]) or lows[j] == "," or lex.is_kind("det", lows[j])
            ):
                seen_conj = seen_conj or lex.is_kind("coordination", lows[j])
                j += step
            nxt = self.act_at[j] if a <= j < b else None
            if not seen_conj or nxt is None or nxt in out:
                break
            out.append(nxt)
            cur = nxt
        return sorted(out, key=lambda s: s.first)

    def subject(self, first: int) -> _Act | None:
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
    ) -> _Act | None:
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

    def subject_form(self, act: _Act) -> bool:
        """Whether the actor's first word has a subject-only ending (Bulgarian "премиерът", "бившият")."""
        return any(phrase_at(self.lows, act.first, e) for e in self.lex.phrases.get("subject_end", ()))

    def inverted_subject(self, last: int, end: int) -> _Act | None:
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

    def between(self, a: int, b: int) -> list[_Act]:
        lows = self.lows
        for i in range(a, b):
            if lows[i] in ("между", "between", "among"):
                j = i + 1
                while j < b and self.act_at[j] is None and self.lex.is_kind("det", lows[j]):
                    j += 1
                if j < b and self.act_at[j] is not None:
                    return self.coordinated(self.act_at[j], forward=True)  # type: ignore[arg-type]
        return []

    def pronoun_antecedent(self, i: int, not_country: str | None, person: bool = False) -> _Act | None:
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

    def country_reference(self, a: int, b: int, not_country: str | None) -> _Synth | None:
        """ "посетиха страната", "visited the country": the country last named before, as a target."""
        if not any(self.lex.is_kind("country_ref", self.lows[k]) for k in range(a, b)):
            return None
        names = _country_names()
        lo = self.sent_range[max(self.toks[a].sent - 3, 0)][0]
        for j in range(a - 1, lo - 1, -1):
            act = self.act_at[j]
            if act is not None and act.country in names and act.country != not_country:
                return _Synth(act.country, names[act.country])
        return None

    def nearest_other(self, first: int, last: int, not_country: str | None, exclude: set[int]) -> _Act | None:
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

    # --- reported speech ----------------------------------------------------------------------------------

    def _speaker_of_verb(self, i: int, length: int) -> list[_Act]:
        subj = self.subject(i)
        if subj is not None:
            return self.coordinated(subj, forward=False)
        a, b = self.sent_range[self.toks[i].sent]
        for j in range(i + length, min(i + length + 4, b)):
            act = self.act_at[j]
            if act is not None:
                return [act]
            low = self.lows[j]
            if self.lex.is_kind("pronoun3", low):
                ante = self.pronoun_antecedent(j, None, person=True)
                return [ante] if ante is not None else []
            if self.lex.is_kind("complementizer", low) or self.lex.is_kind("clause", low):
                break
        return []

    def _quote_speech(self) -> None:
        """Quotations the quotes stage found, with their speakers."""
        toks = self.toks
        for q in self.doc.quotes:
            if not q.speaker:
                continue
            spk = [s for s in self.acts if s.ann.entity == q.speaker]
            if not spk:
                continue
            best = min(spk, key=lambda s: abs(toks[s.first].start - q.start))
            a = bisect.bisect_left(self.starts, q.start)
            b = bisect.bisect_left(self.starts, q.end)
            self.speeches.append(_Speech(a, b, [best], None, True, quoted=True))

    def _find_speech(self, sa: int, sb: int) -> None:
        """Speech verbs of one sentence (token range [sa, sb)) and what was said."""
        lex, lows, toks = self.lex, self.lows, self.toks
        pos = self.kind_pos.get("speech", [])
        last_end = -1
        for i in pos[bisect.bisect_left(pos, sa) :]:
            if i >= sb:
                break
            if i < last_end:
                continue
            length = self.kind_len[("speech", i)]
            a, b = self.sent_range[toks[i].sent]
            if (
                not toks[i].is_word
                or self.act_at[i] is not None
                or (i + length < b and lex.is_kind("relative", lows[i + length]))
            ):
                # "според които ..." is no one's statement
                continue
            speakers = self._speaker_of_verb(i, length)
            if speakers:
                ca, cb = self.clause_range(i)
                date = self.date_in(ca, cb, i)
                value = date.value if date else None
                after = range(i + length, min(i + length + 5, b))
                if any(lex.is_kind("complementizer", lows[k]) or lows[k] == ":" for k in after):
                    self.speeches.append(_Speech(i + length, b, speakers, value, True))
                elif any(lows[k] in PUNCT_HARD for k in range(max(a, i - 3), i)):
                    # '"...", каза той': the quotation before the verb is his own statement
                    self.speeches.append(_Speech(a, i, speakers, value, True))
                elif self.clause_open[self.clause[i]] == "comma" and ca > a:
                    # "..., a police officer said Wednesday": a report of what others did
                    self.speeches.append(_Speech(a, ca, speakers, value, False))
                else:
                    self.speeches.append(_Speech(i + length, b, speakers, value, True))
            last_end = i + length

    def speech_at(self, i: int) -> _Speech | None:
        best = None
        for sp in self.speeches:
            if sp.start <= i < sp.end and (
                best is None
                or (sp.quoted and not best.quoted)
                or (sp.quoted == best.quoted and sp.end - sp.start < best.end - best.start)
            ):
                best = sp
        return best

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

    # --- matching -------------------------------------------------------------------------------------------

    def matches(self, a: int, b: int) -> list[tuple[Pattern, list[int]]]:
        found: list[tuple[Pattern, list[int]]] = []
        toks, act_at, lex = self.toks, self.act_at, self.lex
        for i in range(a, b):
            t = toks[i]
            if not t.is_word:
                continue
            inside = act_at[i]
            if inside is not None and (inside.first != inside.last or t.is_cap):
                continue
            for pat in lex.candidates(t):
                if not pat.slots[0].matches(t) or (inside is not None and pat.noun):
                    continue  # a verb tagged as a one-word actor ("протестираха") still triggers
                idx = [i]
                ok = True
                for k in range(1, len(pat.slots)):
                    slot = pat.slots[k]
                    j = idx[-1] + 1
                    limit = min(b, j + pat.gaps[k - 1] + 1)
                    hit = -1
                    while j < limit:
                        tj = toks[j]
                        if not tj.is_word and tj.lower not in ("-",):
                            break
                        if slot.matches(tj):  # a later word may sit in an actor ("military exercises")
                            hit = j
                            break
                        j += 1
                    if hit < 0:
                        ok = False
                        break
                    idx.append(hit)
                if ok:
                    found.append((pat, idx))
        # longest pattern first; a token serves one trigger
        found.sort(key=lambda m: (-len(m[1]), m[1][-1] - m[1][0], m[1][0]))
        used: set[int] = set()
        out = []
        for pat, idx in found:
            if used.intersection(idx):
                continue
            used.update(idx)
            out.append((pat, idx))
        out.sort(key=lambda m: m[1][0])
        return out

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

    # --- one trigger to its events ------------------------------------------------------------------------------

    def modality(self, pat: Pattern, idx: list[int]) -> tuple[str, float, bool] | None:
        """(code, confidence, conditional-but-factual) after negation, conditionals, hedges and intent;
        None when the trigger gives no event."""
        lows = self.lows
        first, last = idx[0], idx[-1]
        ca, _ = self.clause_range(first)
        sb = self.sent_range[self.toks[first].sent][1]
        code = pat.code
        conf = 0.85 if not pat.noun else 0.75
        neg_zone = list(range(max(ca, first - 3), first)) + [k for k in range(first, last) if k not in idx]
        if any(self.has_phrase("negation", k, k + 1) for k in neg_zone):
            if not pat.negated:
                return None
            code = pat.negated
        entry = cameo.lookup(code)
        conditional = self.has_phrase("conditional", ca, first)
        factual = conditional and self.has_phrase("factual_past", ca, last + 1)
        if conditional and not factual:
            return None
        if self.has_phrase("intent", ca, first) and entry.material and entry.intent:
            code = entry.intent
            entry = cameo.lookup(code)
            conf -= 0.1
        if any(("intent", k) not in self.kind_len for k in self.positions("irrealis", ca, first)):
            return (
                None  # "призоваха САЩ да наложат санкции", "wants Putin to attack": asked or wished, not done
            )
        if self.has_phrase("hedge", ca, last) or lows[sb - 1] == "?":
            if entry.material:
                return None
            conf -= 0.15
        if self.has_phrase("future", ca, first):
            conf -= 0.1
        return code, conf, conditional

    def events(self, pat: Pattern, idx: list[int]) -> list[Event]:
        mod = self.modality(pat, idx)
        if mod is None:
            return []
        code, conf, conditional = mod
        entry = cameo.lookup(code)
        lex, lows, toks = self.lex, self.lows, self.toks
        first, last = idx[0], idx[-1]
        ca, cb = self.clause_range(first)
        sa, sb = self.sent_range[toks[first].sent]
        speech = self.speech_at(first)
        statement = speech is not None and speech.statement
        # --- passive: "бяха арестувани от", "was released by", "victims killed by"
        passive = reduced = False
        if not pat.noun:
            j = first - 1
            while j >= sa and lows[j] in ("се", "not", "also", "then"):
                j -= 1
            ends = lex.phrases.get("passive_end", ())
            participle = (not ends or any(phrase_at(lows, first, e) for e in ends)) and not any(
                phrase_at(lows, first, e) for e in lex.phrases.get("active_end", ())
            )
            if j >= sa and lex.is_kind("passive_aux", lows[j]):
                passive = participle
            elif participle and any(
                lex.is_kind("agent", lows[k]) and not any(self.act_at[x] for x in range(last + 1, k))
                for k in range(last + 1, min(last + 4, sb))
            ):
                # "victims killed by", "a poll released Sunday by": a participle with its agent right after it
                passive = reduced = True
            elif (
                participle
                and first > sa
                and self.act_at[first - 1] is not None
                and "obj" in pat.target
                and last + 1 < sb
                and lex.is_kind("prep", lows[last + 1])
                and lows[last + 1] not in pat.target
            ):
                # "a contractor accused of spying": a participle after its noun with no object is passive
                passive = reduced = True
        sources: list[_Act | _Synth] = []
        targets: list[_Act | _Synth] = []
        by_speaker = (
            False  # the source is the speaker because the clause names none ("he said they attacked")
        )
        preps = tuple(t for t in pat.target if t not in ("obj", "between", "none", "subj"))
        allow_obj = "obj" in pat.target
        agents = tuple(" ".join(p) for p in lex.phrases.get("agent", ()))
        if passive:
            agent = self.after(last, agents, False, cb)
            if agent is not None:
                sources = list(self.coordinated(agent, forward=True))
            if reduced:
                before = self.act_at[first - 1] if first > sa else None
                if before is not None:
                    targets = [before]
            else:
                subj = self.subject(first)
                if subj is not None and self.clause[subj.first] == self.clause[first]:
                    targets = list(self.coordinated(subj, forward=False))
            conf -= 0.05
        else:
            between = self.between(ca, cb) if "between" in pat.target else []
            for way in pat.source:
                if sources:
                    break
                if way == "subj":
                    s = self.subject(first)
                    if s is None and not pat.noun:
                        s = self.inverted_subject(last, cb)
                    if s is not None:
                        sources = list(self.coordinated(s, forward=False))
                    elif speech is not None and (statement or not entry.material):
                        sources = list(speech.speakers)
                        by_speaker = True
                        conf -= 0.1
                elif way == "speaker" and statement and speech is not None:
                    sources = list(speech.speakers)
                elif way == "gen":
                    gens = tuple(" ".join(p) for p in lex.phrases.get("gen", ()))
                    g = self.after(last, gens, False, min(cb, last + 4))
                    if g is not None:
                        sources = [g]
                    elif first - 1 >= ca and self.act_at[first - 1] is not None:
                        sources = [self.act_at[first - 1]]  # type: ignore[list-item]
                elif way == "agent":
                    g = self.after(last, agents, False, cb)
                    if g is not None:
                        sources = [g]
                elif way == "poss":
                    if first - 1 >= ca and self.act_at[first - 1] is not None:
                        sources = [self.act_at[first - 1]]  # type: ignore[list-item]
                elif way == "near":
                    j = first - 1
                    while j >= ca and (self.act_at[j] is None or self.act_at[j].modifier):  # type: ignore[union-attr]
                        j -= 1
                    if j >= ca:
                        sources = [self.act_at[j]]  # type: ignore[list-item]
                        conf -= 0.1
                elif way == "role":
                    for act in self.acts:
                        if sa <= act.first < sb and _role(act.ann.code) in pat.roles:
                            sources = [act]
                            break
            if between:
                src_c = sources[0].country if sources else None
                others = [x for x in between if x.country != src_c]
                if not sources and len(between) >= 2:
                    sources, others = [between[0]], between[1:]
                targets = list(others[:1])
            if not targets and "subj" in pat.target:
                s = self.subject(first)
                if s is not None and s not in sources:
                    targets = [s]
            if not targets and (preps or allow_obj):
                t = self.after(first, preps, allow_obj, cb, trigger_end=last)
                if t is None and speech is None:
                    t = self.after(first, preps, False, sb)
                if t is not None:
                    targets = [x for x in self.coordinated(t, forward=True) if x not in sources]
        if not sources and "govoftarget" in pat.source and targets and targets[0].country:
            country = targets[0].country
            sources = [_Synth(country + "GOV", _gov_name(country))]
            conf -= 0.15
        if not sources:
            return []
        # --- the speaker's statement about a conflict: an accusation, or a claim of his own side's act
        if statement and speech is not None and entry.root in ("18", "19", "20") and not passive:
            src = sources[0]
            if not speech.own_side(src) and isinstance(src, _Act):
                pairs = [(spk, src) for spk in speech.speakers]
                return self.build(pat, idx, "1123", pairs, 0.6, speech, ca, cb, accusation=True)
            if conditional:
                return []
            future = self.has_phrase("future", ca, last)
            if targets and (by_speaker or (future and speech.own_side(src))):
                # "they attacked Iraq", said by them: a claim of responsibility; "we will attack": a threat
                own = entry.intent if future and entry.intent else "015"
                pairs = [(spk, t) for spk in speech.speakers for t in targets]
                return self.build(pat, idx, own, pairs, 0.5, speech, ca, cb, accusation=True)
        elif conditional:
            return []
        # --- fallbacks when the clause names no target
        if not targets:
            for fb in pat.fallback:
                if targets:
                    break
                if fb == "pron":
                    # "легитимността му": the possessive is never the subject, so look before the subject
                    before = min([first] + [s.first for s in sources if isinstance(s, _Act)])
                    for k in range(last + 1, cb):
                        if lex.is_kind("pronoun3", lows[k]):
                            t = self.pronoun_antecedent(before, sources[0].country)
                            targets = [t] if t is not None else []
                            break
                elif fb == "other":
                    if len(sources) >= 2 and _mutual(code):
                        break
                    t = self.country_reference(last + 1, cb, sources[0].country)
                    if t is None:
                        t = self.nearest_other(first, last, sources[0].country, {id(s) for s in sources})
                    targets = [t] if t is not None else []
                elif fb == "gov":
                    s0 = sources[0]
                    if s0.country in _country_names() and _role(_code(s0)) != "GOV":
                        targets = [_Synth(s0.country + "GOV", _gov_name(s0.country))]
                elif fb == "place":
                    t = self.place_actor(last + 1, cb)
                    targets = [t] if t is not None else []
                if targets:
                    conf -= 0.2
        pairs: list[tuple[_Act | _Synth, _Act | _Synth | None]] = []
        if targets:
            pairs = [(s, t) for s in sources for t in targets]
        elif len(sources) >= 2 and _mutual(code):
            # "X и Y подписаха споразумение", "The US, Russia and Switzerland met": each with each
            pairs = [(s, t) for s in sources for t in sources if s is not t]
            conf -= 0.1
        elif "none" in pat.target:
            pairs = [(s, None) for s in sources]
        return self.build(pat, idx, code, pairs, conf, speech, ca, cb)

    def build(
        self,
        pat: Pattern,
        idx: list[int],
        code: str,
        pairs: list[tuple[_Act | _Synth, _Act | _Synth | None]],
        conf: float,
        speech: _Speech | None,
        ca: int,
        cb: int,
        accusation: bool = False,
    ) -> list[Event]:
        toks = self.toks
        entry = cameo.lookup(code)
        first = idx[0]
        sa, sb = self.sent_range[toks[first].sent]
        verbal = entry.quad_class in (1, 3)
        if speech is not None and speech.statement and (accusation or verbal):
            date = speech.date or self.stmt_date
            background = False
        else:
            date, _ = self.narrative_date(first)
            if speech is not None and speech.statement and date == self.doc.date:
                date = speech.date or self.stmt_date
            background = is_background(date, self.doc.date)
        ev_a, ev_b = (sa, sb) if accusation else (ca, cb)
        ev_start = toks[ev_a].start
        ev_end = toks[ev_b - 1].end
        evidence = Evidence(
            ev_start, ev_end, self.doc.text[ev_start:ev_end], " ".join(toks[k].text for k in idx)
        )
        place = self.place_in(ca, cb)
        out = []
        for source, target in pairs:
            if target is not None and (target is source or _code(target) == _code(source)):
                continue  # an actor against the very same code says nothing about who did what to whom
            if (
                target is not None
                and entry.root in ("03", "04", "05", "06")
                and _code(target) == source.country
            ):
                continue  # a government visiting or praising its own country is no relation between two sides
            out.append(
                Event(
                    source=_ref(source),
                    target=_ref(target),
                    code=code,
                    root_code=entry.root,
                    quad_class=entry.quad_class,
                    goldstein=entry.goldstein,
                    plover=entry.plover,
                    date=date,
                    background=background,
                    place=place,
                    evidence=evidence,
                    rule=pat.id,
                    confidence=round(max(0.1, min(conf, 0.95)), 2),
                )
            )
        return out

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

    def place_actor(self, a: int, b: int) -> _Synth | None:
        """The country of a place named in tokens [a, b) as a target ("посети Украйна"); a place that is
        also an actor's span is that actor, not a target of its own."""
        while a < b and self.act_at[a] is not None:
            a += 1
        place = self.place_in(a, b)
        if place is None or not place.country:
            return None
        return _Synth(place.country, place.name)

    def run(self) -> list[Event]:
        out: list[Event] = []
        seen: set[tuple] = set()
        for si, (a, b) in enumerate(self.sent_range):
            found = self.matches(a, b)
            if found:
                self.prepare(si)
            for pat, idx in found:
                for ev in self.events(pat, idx):
                    key = (
                        ev.source.code if ev.source else None,
                        ev.target.code if ev.target else None,
                        ev.code,
                        ev.date,
                        ev.background,
                    )
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(ev)
        return out


def _mutual(code: str) -> bool:
    """Codes two coordinated actors do to each other: consult, cooperate, agree (roots 03, 04, 06; 057)."""
    return code[:2] in ("03", "04", "06") or code == "057"


def _gov_name(country: str) -> str | None:
    name = _country_names().get(country)
    return f"{name} government" if name else None


def code_events(doc: Document) -> list[Event]:
    """The CAMEO events of an annotated document (tokens, sentences, actors; dates and places if any)."""
    if not doc.tokens or not doc.actors:
        return []
    lex = lexicon(doc.language)
    if not lex.by_word and not lex.by_prefix:
        return []
    return _Coder(doc, lex).run()


__all__ = ["EventStage", "code_events", "is_background", "period_end", "statement_date", "Token"]
