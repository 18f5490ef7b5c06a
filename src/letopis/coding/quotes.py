"""quotes: direct quotations and who said them (the stage; the rules in full are in docs/quotes.md).

Three steps, all on character offsets into ``Document.text``:

1. **Marks** (``quote_marks.find_spans``): quote marks are paired with a stack, straight ones by position;
   apostrophes inside words are no marks; only outermost spans count; a quotation over several paragraphs is
   a chain of parts.
2. **Frames** (``quote_frames.find_candidates``): the speech verb and speaker slot beside each span, with the
   words of ``lang/<code>/quote_verbs.tsv`` ("…", каза той / X заяви: „…“ / по думите му / "…," he said).
   A span is a quotation when a verb frames it or when it holds a clause (four words or more, or a sentence
   of two or more); a quoted name of one to three words with no verb beside it ("Newsmax", "Северен поток")
   is not.
3. **Speakers** (here): the entity, or generic actor, whose mention covers the slot's speaker word (``той`` ->
   a reference mention of Lukashenko added by the references stage). When no resolved mention is there, the
   nearest PERSON entity mention before the quotation in the same or the previous paragraph; else null.

Bad input: an empty text, stray marks or a document without entities give quotations without speakers or
none; nothing raises.
"""

from __future__ import annotations

import bisect

from letopis.coding.quote_frames import Candidate, build_lexicon, find_candidates, lexicon
from letopis.coding.quote_marks import Span, find_spans
from letopis.model import Document, Quote, Token
from letopis.pipeline import Stage

__all__ = [
    "Candidate",
    "QuoteStage",
    "Span",
    "build_lexicon",
    "find_candidates",
    "find_spans",
    "lexicon",
    "resolve",
]

_PLACES = frozenset(("LOCATION", "COUNTRY"))


class _Speakers:
    """Mentions of the document sorted by offset, for "which mention covers this word" and "the nearest
    PERSON before this offset"."""

    def __init__(self, doc: Document) -> None:
        covers: list[tuple[int, int, str | None, str | None, str]] = []  # start, end, id, name, type
        persons: list[tuple[int, str, str]] = []
        for ent in doc.entities:
            for m in ent.mentions:
                covers.append((m.start, m.end, ent.id, ent.name, ent.type))
                if ent.type == "PERSON":
                    persons.append((m.start, ent.id, ent.name))
        seen = {(c[0], c[1]) for c in covers}
        by_id = {ent.id: ent for ent in doc.entities}
        for a in doc.actors:
            if (a.start, a.end) not in seen:
                owner = by_id.get(a.entity) if a.entity else None
                covers.append(
                    (
                        a.start,
                        a.end,
                        a.entity,
                        owner.name if owner else a.name,
                        owner.type if owner else "GROUP",
                    )
                )
        covers.sort(key=lambda c: (c[0], c[1]))  # ids and names may be None: never compare them
        persons.sort(key=lambda p: p[0])
        self.covers = covers
        self.cover_starts = [c[0] for c in covers]
        self.persons = persons
        self.person_starts = [p[0] for p in persons]

    def covering(self, start: int, end: int) -> tuple[str | None, str | None, str] | None:
        """(entity id, name, type) of the shortest mention covering [start, end); type GROUP for an actor
        that is no entity."""
        i = bisect.bisect_right(self.cover_starts, start) - 1
        best = None
        while i >= 0 and self.covers[i][0] > start - 200:  # mentions are short; 200 bounds the look-back
            s, e, ent_id, name, kind = self.covers[i]
            if s <= start and e >= end and (best is None or e - s < best[0]):
                best = (e - s, ent_id, name, kind)
            i -= 1
        return (best[1], best[2], best[3]) if best else None

    def in_slot(self, tokens: list[Token], first: int, last: int, pronouns: frozenset[str]) -> tuple | None:
        """The speaker among the slot words after a verb: the first PERSON mention ("каза в интервю министърът
        Асен Василев"), else the first organisation, else the first other actor, where a place counts only as
        the first word ("заяви Москва", not "базираният във Виена анализатор"). A pronoun no stage resolved,
        first, stops the search."""
        org = other = None
        for n, k in enumerate(range(first, last)):
            who = self.covering(tokens[k].start, tokens[k].end)
            if who is None:
                if n == 0 and tokens[k].lower in pronouns:
                    return None
                continue
            if who[2] == "PERSON":
                return who
            if org is None and who[2] == "ORGANIZATION":
                org = who
            if other is None and (n == 0 or who[2] not in _PLACES):
                other = who
        return org or other

    def nearest_person(self, before: int, floor: int) -> tuple[str, str] | None:
        i = bisect.bisect_left(self.person_starts, before) - 1
        if i >= 0 and self.persons[i][0] >= floor:
            return self.persons[i][1], self.persons[i][2]
        return None


def _paragraph_floor(text: str, offset: int) -> int:
    """Start of the paragraph before the one holding ``offset`` (0 when there is none)."""
    first = text.rfind("\n", 0, offset)
    if first < 0:
        return 0
    j = first
    while j > 0 and text[j - 1].isspace():
        j -= 1
    second = text.rfind("\n", 0, j)
    return second + 1


def resolve(doc: Document, cands: list[Candidate]) -> list[Quote]:
    """Quotes with speakers: the mention covering the slot's head word, else the nearest preceding PERSON
    mention in the same or previous paragraph, else none."""
    if not cands:
        return []
    speakers = _Speakers(doc)
    tokens = doc.tokens
    pronouns = lexicon(doc.language).pronouns
    quotes: list[Quote] = []
    for c in cands:
        who: tuple | None = None
        if c.slot_first >= 0 and c.head_from_end:
            # before the verb only the last word is the speaker ("a Clinton spokesman said" is not Clinton)
            k = c.slot_last - 1
            who = speakers.covering(tokens[k].start, tokens[k].end)
        elif c.slot_first >= 0:
            who = speakers.in_slot(tokens, c.slot_first, c.slot_last, pronouns)
        if who is None:
            who = speakers.nearest_person(c.span.open, _paragraph_floor(doc.text, c.span.open))
        quotes.append(
            Quote(
                text=doc.text[c.span.start : c.span.end],
                start=c.span.start,
                end=c.span.end,
                speaker=who[0] if who else None,
                speaker_name=who[1] if who else None,
                verb=c.verb,
                direct=True,
            )
        )
    return quotes


class QuoteStage(Stage):
    name = "quotes"
    requires = ("tokens", "entities", "actors")
    assigns = ("quotes",)

    def __call__(self, doc: Document) -> Document:
        doc.quotes = resolve(doc, find_candidates(doc))
        return doc
