"""references: role nouns and pronouns that point back to a person entity.

Two kinds of reference are resolved, in text order, each against the person mentions before it (names and
references already resolved, so a chain "Лукашенко ... Президентът ... Той" holds):

* titles the entity stage left in ``doc.meta['titles']`` ("беларуският президент", "Президентът", "the
  president", "the US leader"): the most recent PERSON whose roles include the title's role word and, when
  the title names a country, whose country is that one. A title with a country and no such person still
  becomes a group actor (country + role, e.g. USAGOV) with no entity.
* pronouns (``kind`` pronoun in ``lang/<code>/roles.tsv``, gloss m or f): the nearest sentence before it
  (or its own sentence before it) that mentions persons, looking back at most ``LOOKBACK`` sentences; it is
  resolved only when that sentence holds exactly one person of a compatible gender. Otherwise nothing.

Each resolved reference is added to its entity as a mention of kind "reference" and to ``doc.actors`` with
the entity's actor code. A document without entities or titles gets nothing.
"""

from __future__ import annotations

import bisect
from typing import Any

from letopis.coding.actors import actors, countries, lexicon
from letopis.model import ActorAnn, Document, EntityAnn, MentionAnn
from letopis.pipeline import Stage

LOOKBACK = 5  # sentences; quotes split a speaker's words into several sentences before "каза той"
_FEMALE_ENDINGS = ("ова", "ева", "ина", "ска", "цка", "ая")


class ReferenceStage(Stage):
    name = "references"
    requires = ("entities",)
    assigns = ("entities", "actors")

    def __call__(self, doc: Document) -> Document:
        if doc.tokens and (doc.entities or doc.meta.get("titles")):
            resolve_references(doc)
        return doc


def _gender(ent: EntityAnn) -> str:
    for a in actors().values():
        if a.name == ent.name and a.gender:
            return a.gender
    last = ent.native_name.split()[-1].lower() if ent.native_name else ""
    if last.endswith(_FEMALE_ENDINGS):
        return "f"
    return ""


def resolve_references(doc: Document) -> None:
    lex = lexicon(doc.language or "")
    toks = doc.tokens
    persons = [e for e in doc.entities if e.type == "PERSON"]
    by_id = {e.id: e for e in persons}
    genders = {e.id: _gender(e) for e in persons}
    # timeline of person mentions: (start, sentence, entity id), kept sorted
    timeline = sorted((m.start, _sent_of(doc, m.start), e.id) for e in persons for m in e.mentions)
    starts = [t[0] for t in timeline]
    refs: list[tuple[int, int, int, str, Any]] = []  # start, end, head, kind, payload (a title or a gloss)
    for t in doc.meta.get("titles", []):
        refs.append((t.start, t.end, t.head, "title", t))
    for n, tok in enumerate(toks):
        if tok.is_word:
            role = lex.roles.get((tok.lower,))
            if role is not None and role.kind == "pronoun":
                refs.append((tok.start, tok.end, n, "pronoun", role.gloss))
    refs.sort(key=lambda r: r[0])
    covered = [(m.start, m.end) for e in doc.entities for m in e.mentions]
    for start, end, head, kind, payload in refs:
        if any(a <= start and end <= b for a, b in covered):
            continue
        pos = bisect.bisect_left(starts, start)
        before = timeline[:pos]
        sent = toks[head].sent
        ent_id: str | None = None
        if kind == "title":
            t = payload
            for _s, _sent, eid in reversed(before):
                e = by_id[eid]
                if any(g in e.roles for g in t.gloss.split("|")) and (
                    t.country is None or e.country == t.country
                ):
                    ent_id = eid
                    break
            if ent_id is None:
                if t.country:
                    code = (
                        t.country if len(t.country) > 3 or t.country.endswith(t.code) else t.country + t.code
                    )
                    country = countries().get(code[:3])
                    doc.actors.append(
                        ActorAnn(start, end, code, country.name if country else None, None, head)
                    )
                continue
        else:
            ent_id = _pronoun_target(before, sent, str(payload), genders)
            if ent_id is None:
                continue
            if payload == "m" and lex.rival_endings and _rival_noun(doc, before[-1][0], head, lex, covered):
                continue
        ent = by_id[ent_id]
        ent.mentions.append(MentionAnn(start, end, "reference"))
        ent.mentions.sort(key=lambda m: m.start)
        doc.actors.append(ActorAnn(start, end, ent.actor_code, ent.name, ent.id, head))
        timeline.insert(pos, (start, sent, ent_id))
        starts.insert(pos, start)
    doc.actors.sort(key=lambda a: (a.start, -a.end))


def _rival_noun(doc: Document, after: int, head: int, lex, covered: list[tuple[int, int]]) -> bool:
    """Whether a masculine noun with its article ("закона", "законът") stands between the person's last
    mention (character offset ``after``) and the pronoun (token ``head``): then "той" may mean it."""
    toks = doc.tokens
    k = head - 1
    while k >= 0 and toks[k].end > after:
        t = toks[k]
        k -= 1
        if (
            not t.is_word
            or t.lemma == t.lower
            or not t.lemma[-1:].isalpha()
            or t.lemma[-1] in "аеиоуъюяaeiou"
        ):
            continue
        if not any(t.lower == t.lemma + ending for ending in lex.rival_endings):
            continue
        if lex.roles.get((t.lemma,)) is not None or any(a <= t.start < b for a, b in covered):
            continue
        return True
    return False


def _pronoun_target(
    before: list[tuple[int, int, str]], sent: int, gender: str, genders: dict[str, str]
) -> str | None:
    if not before:
        return None
    nearest = before[-1][1]
    if sent - nearest > LOOKBACK:
        return None
    found = {eid for _s, s, eid in before if s == nearest}
    ok = [eid for eid in found if not genders.get(eid) or not gender or genders[eid] == gender]
    if len(ok) == 1 and len(found) == 1:
        return ok[0]
    return None


def _sent_of(doc: Document, offset: int) -> int:
    sents = doc.sentences
    lo, hi = 0, len(sents) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sents[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo
