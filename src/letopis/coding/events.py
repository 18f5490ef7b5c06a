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
5. Reported speech ("X заяви, че ...", quotations with a speaker): verbal events belong to the speaker;
   fighting told by the speaker about another side becomes the speaker's accusation (1123), as CAMEO codes
   "X said Y attacked"; the speaker's own side's fighting is a claim (015) or, in the future, a threat.
6. Date and background (``DocView.narrative_date``, ``statement_date``, ``is_background``); place: the first
   place mentioned in the clause.

The text analysis (clauses, actor roles, dates, places) lives in ``event_rules.DocView``; this module decides.

Bad input: a document without tokens, actors or a lexicon for its language gets no events; nothing raises.
"""

from __future__ import annotations

import bisect

from letopis.coding import cameo
from letopis.coding.event_rules import (
    PUNCT_HARD,
    ROLE_CODES,
    ActorSpan,
    DocView,
    ImpliedActor,
    Lexicon,
    Pattern,
    Speech,
    actor_code,
    actor_ref,
    candidate_cache,
    country_names,
    is_background,
    lexicon,
    period_end,
    phrase_at,
    role_of,
    statement_date,
)
from letopis.model import Document, Event, Evidence
from letopis.pipeline import Stage

Pair = tuple[ActorSpan | ImpliedActor, ActorSpan | ImpliedActor | None]  # (source, target) of one event


class EventStage(Stage):
    name = "events"
    requires = ("tokens", "sentences", "actors", "dates", "places")
    assigns = ("events",)

    def __call__(self, doc: Document) -> Document:
        doc.events = code_events(doc)
        return doc


class _Coder(DocView):
    """Codes one document: finds reported speech, matches triggers and decides each trigger's events."""

    def __init__(self, doc: Document, lex: Lexicon) -> None:
        super().__init__(doc, lex)
        self.speeches: list[Speech] = []
        self._quote_speech()

    def prepare(self, si: int) -> None:
        """Modifier phrases, clauses and speech of sentence ``si`` (call in text order)."""
        super().prepare(si)
        a, b = self.sent_range[si]
        self._find_speech(a, b)

    # --- reported speech ----------------------------------------------------------------------------------

    def _speaker_of_verb(self, i: int, length: int) -> list[ActorSpan]:
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
            self.speeches.append(Speech(a, b, [best], None, True, quoted=True))

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
                    self.speeches.append(Speech(i + length, b, speakers, value, True))
                elif any(lows[k] in PUNCT_HARD for k in range(max(a, i - 3), i)):
                    # '"...", каза той': the quotation before the verb is his own statement
                    self.speeches.append(Speech(a, i, speakers, value, True))
                elif self.clause_open[self.clause[i]] == "comma" and ca > a:
                    # "..., a police officer said Wednesday": a report of what others did
                    self.speeches.append(Speech(a, ca, speakers, value, False))
                else:
                    # "Той допусна възможността за ...", "Ukraine says it has ...": what follows, in the clause
                    self.speeches.append(Speech(i + length, cb, speakers, value, True))
            last_end = i + length

    def speech_at(self, i: int) -> Speech | None:
        best = None
        for sp in self.speeches:
            if sp.start <= i < sp.end and (
                best is None
                or (sp.quoted and not best.quoted)
                or (sp.quoted == best.quoted and sp.end - sp.start < best.end - best.start)
            ):
                best = sp
        return best

    # --- matching -------------------------------------------------------------------------------------------

    def matches(self, a: int, b: int) -> list[tuple[Pattern, list[int]]]:
        found: list[tuple[Pattern, list[int]]] = []
        toks, act_at, lex = self.toks, self.act_at, self.lex
        known = candidate_cache(lex).get  # most words were seen before: their answer is cached
        for i in range(a, b):
            t = toks[i]
            if not t.is_word:
                continue
            inside = act_at[i]
            if inside is not None and (inside.first != inside.last or t.is_cap):
                continue
            cached = known((t.lemma, t.lower))
            for pat in cached if cached is not None else lex.candidates(t):
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
        sources: list[ActorSpan | ImpliedActor] = []
        targets: list[ActorSpan | ImpliedActor] = []
        pairs: list[Pair] = []
        t: ActorSpan | ImpliedActor | None
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
                prev = self.act_at[first - 1] if first > sa else None
                if prev is not None:
                    targets = [prev]
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
                        if sa <= act.first < sb and role_of(act.ann.code) in pat.roles:
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
            sources = [ImpliedActor(country + "GOV", _gov_name(country))]
            conf -= 0.15
        if not sources:
            return []
        # --- the speaker's statement about a conflict: an accusation, or a claim of his own side's act
        if statement and speech is not None and entry.root in ("18", "19", "20") and not passive:
            src = sources[0]
            if not speech.own_side(src) and isinstance(src, ActorSpan):
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
                    before = min([first] + [s.first for s in sources if isinstance(s, ActorSpan)])
                    for k in range(first + 1, cb):  # "отказа да я признае": the pronoun may sit inside
                        if k not in idx and lex.is_kind("pronoun3", lows[k]):
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
                    if s0.country in country_names() and role_of(actor_code(s0)) != "GOV":
                        targets = [ImpliedActor(s0.country + "GOV", _gov_name(s0.country))]
                elif fb == "place":
                    t = self.place_actor(last + 1, cb)
                    targets = [t] if t is not None else []
                if targets:
                    conf -= 0.2
        pairs = []
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
        pairs: list[Pair],
        conf: float,
        speech: Speech | None,
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
            # the statement is the event: its day, not the day of what it is about ("атака ... през 2020 г.")
            date = speech.date or self.stmt_date
            background = is_background(date, self.doc.date)
        else:
            date, where = self.narrative_date(first)
            if speech is not None and speech.statement and where == "article":
                date = speech.date or self.stmt_date
            elif verbal and where == "article":
                date = self.stmt_date  # "Вучич обвини Запада" in an article about an interview of Tuesday
            background = is_background(date, self.doc.date)
        ev_a, ev_b = (sa, sb) if accusation else (ca, cb)
        ev_start = toks[ev_a].start
        ev_end = toks[ev_b - 1].end
        evidence = Evidence(
            ev_start, ev_end, self.doc.text[ev_start:ev_end], " ".join(toks[k].text for k in idx)
        )
        place = None if accusation else self.place_in(ca, cb)  # an accusation happens where it is said
        out = []
        for source, target in pairs:
            if target is not None and (target is source or actor_code(target) == actor_code(source)):
                continue  # an actor against the very same code says nothing about who did what to whom
            if (
                target is not None
                and entry.root in ("03", "04", "05", "06")
                and actor_code(target) == source.country
            ):
                continue  # a government visiting or praising its own country is no relation between two sides
            out.append(
                Event(
                    source=actor_ref(source),
                    target=actor_ref(target),
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

    def run(self) -> list[Event]:
        out: list[Event] = []
        seen: set[tuple] = set()
        for si, (a, b) in enumerate(self.sent_range):
            found = self.matches(a, b)
            if found:
                self.prepare(si)
            consulting: set[str | None] = set()  # sources of a consultation (root 04) in this sentence
            for pat, idx in found:
                events = self.events(pat, idx)
                for ev in events:
                    src = ev.source.code if ev.source else None
                    if ev.root_code == "04" and src in consulting:
                        continue  # "will meet in Zurich to discuss": one consultation, not two
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
                consulting.update(
                    ev.source.code if ev.source else None for ev in events if ev.root_code == "04"
                )
        return out


def _mutual(code: str) -> bool:
    """Codes two coordinated actors do to each other: consult, cooperate, agree (roots 03, 04, 06; 057)."""
    return code[:2] in ("03", "04", "06") or code == "057"


def _gov_name(country: str) -> str | None:
    name = country_names().get(country)
    return f"{name} government" if name else None


def code_events(doc: Document) -> list[Event]:
    """The CAMEO events of an annotated document (tokens, sentences, actors; dates and places if any)."""
    if not doc.tokens or not doc.actors:
        return []
    lex = lexicon(doc.language)
    if not lex.by_word and not lex.by_prefix:
        return []
    return _Coder(doc, lex).run()


__all__ = ["ROLE_CODES", "EventStage", "code_events", "is_background", "period_end", "statement_date"]
