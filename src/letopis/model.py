"""The records letopis produces and the working document its stages annotate.

Two kinds of types live here:

* Output records (``DocumentRecord`` and the structs it holds) are frozen ``msgspec.Struct``s that follow
  ``shared/OUTPUT_CONTRACT.md`` field for field. They cross every boundary: CLI output, store, API, runners.
* Annotations (``Token``, ``Sentence``, ``EntityAnn``, ``ActorAnn``...) are the mutable working parts that
  stages add to a ``Document``. They are standoff: every span is a pair of character offsets into
  ``Document.text``; nothing keeps a copied substring that could drift from the text.

``to_record`` turns an annotated ``Document`` into its ``DocumentRecord``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

# ---------------------------------------------------------------------------------------------------------
# Output records (the contract)
# ---------------------------------------------------------------------------------------------------------


class Mention(msgspec.Struct, frozen=True):
    start: int
    end: int
    text: str
    kind: str = "name"  # name | reference


class Entity(msgspec.Struct, frozen=True):
    id: str
    name: str
    native_name: str
    type: str  # PERSON | ORGANIZATION | LOCATION | COUNTRY
    country: str | None
    actor_code: str | None
    mentions: list[Mention]


class Quote(msgspec.Struct, frozen=True):
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_name: str | None
    verb: str | None
    direct: bool = True


class ActorRef(msgspec.Struct, frozen=True):
    code: str | None
    name: str | None
    entity: str | None = None


class EventPlace(msgspec.Struct, frozen=True):
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None


class Evidence(msgspec.Struct, frozen=True):
    start: int
    end: int
    text: str
    trigger: str


class Event(msgspec.Struct, frozen=True):
    source: ActorRef | None
    target: ActorRef | None
    code: str
    root_code: str
    quad_class: int
    goldstein: float
    plover: str | None
    date: str | None
    background: bool
    place: EventPlace | None
    evidence: Evidence
    rule: str
    confidence: float


class Count(msgspec.Struct, frozen=True):
    type: str  # KILL | WOUND | ARREST | RELEASE | PROTEST | EVACUATE | DISPLACE | AFFECT | CANCEL | OTHER
    number: int
    approximate: bool
    object: str | None
    start: int
    end: int


class DateMention(msgspec.Struct, frozen=True):
    text: str
    start: int
    end: int
    value: str  # YYYY-MM-DD | YYYY-Www | YYYY-MM | YYYY
    relative: bool


class PlaceMention(msgspec.Struct, frozen=True):
    start: int
    end: int
    text: str


class Place(msgspec.Struct, frozen=True):
    name: str
    country: str | None
    kind: str  # country | city | region | other
    lat: float | None
    lon: float | None
    geonames_id: int | None
    mentions: list[PlaceMention]


class Tone(msgspec.Struct, frozen=True):
    tone: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    polarity: float = 0.0
    activity: float = 0.0
    self_group: float = 0.0
    word_count: int = 0


class DocumentRecord(msgspec.Struct, frozen=True, omit_defaults=True):
    """One document's record (shared/OUTPUT_CONTRACT.md). ``title`` and ``text`` are left out when None."""

    id: str
    source: str
    date: str | None
    language: str | None
    entities: list[Entity]
    quotes: list[Quote]
    events: list[Event]
    counts: list[Count]
    dates: list[DateMention]
    places: list[Place]
    tone: Tone
    errors: list[str]
    title: str | None = None  # omitted when unknown
    text: str | None = None


# ---------------------------------------------------------------------------------------------------------
# Annotations (what stages add to a Document)
# ---------------------------------------------------------------------------------------------------------


class Sentence(msgspec.Struct):
    start: int
    end: int


class Token(msgspec.Struct):
    start: int
    end: int
    text: str  # the token as written (a view of the text kept for speed; never edited)
    lower: str
    lemma: str  # lower-case lemma
    sent: int  # index into Document.sentences
    is_word: bool = True  # False for punctuation and symbols
    is_cap: bool = False  # starts with an upper-case letter


class MentionAnn(msgspec.Struct):
    start: int
    end: int
    kind: str = "name"  # name | reference


class EntityAnn(msgspec.Struct):
    id: str
    name: str  # canonical Latin-script name
    native_name: str  # base form in the document's language
    type: str  # PERSON | ORGANIZATION | LOCATION | COUNTRY
    country: str | None = None
    actor_code: str | None = None
    mentions: list[MentionAnn] = []
    roles: list[str] = []  # role words seen with it (президент, министър...)
    source: str = "rule"  # dictionary | model | rule: what found it


class ActorAnn(msgspec.Struct):
    """A span that names an actor for event coding: an entity mention, or a generic group such as
    "беларуските власти" (BLRGOV) or "демонстрантите" (OPP) that is no named entity."""

    start: int
    end: int
    code: str | None  # CAMEO actor code, e.g. BLRGOV; a role alone ("OPP") when no country is known
    name: str | None  # canonical name to show
    entity: str | None = None  # EntityAnn.id when it is an entity mention
    head: int = -1  # token index of the head word, -1 when unknown


class Document:
    """One article as it moves through the pipeline. Stages read and extend it in place and return it."""

    __slots__ = (
        "id",
        "source",
        "date",
        "text",
        "title",
        "language",
        "sentences",
        "tokens",
        "entities",
        "actors",
        "quotes",
        "events",
        "counts",
        "dates",
        "places",
        "tone",
        "errors",
        "meta",
    )

    def __init__(
        self,
        text: str,
        date: str | None = None,
        source: str = "",
        id: str | None = None,
        language: str | None = None,
        title: str | None = None,
    ) -> None:
        self.text = text
        self.date = date
        self.source = source
        self.id = id or document_id(date, text)
        self.language = language
        self.title = title
        self.sentences: list[Sentence] = []
        self.tokens: list[Token] = []
        self.entities: list[EntityAnn] = []
        self.actors: list[ActorAnn] = []
        self.quotes: list[Quote] = []
        self.events: list[Event] = []
        self.counts: list[Count] = []
        self.dates: list[DateMention] = []
        self.places: list[Place] = []
        self.tone: Tone = Tone()
        self.errors: list[str] = []
        self.meta: dict[str, Any] = {}

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def entity(self, entity_id: str | None) -> EntityAnn | None:
        if entity_id is None:
            return None
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None


def document_id(date: str | None, text: str) -> str:
    """sha256 hex of date + body: stable across runs and machines."""
    h = hashlib.sha256()
    h.update((date or "").encode("utf-8"))
    h.update(b"\n")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def to_record(doc: Document, with_text: bool = False) -> DocumentRecord:
    """The contract record of an annotated document. Mentions are sorted by offset."""
    text = doc.text
    entities = [
        Entity(
            id=e.id,
            name=e.name,
            native_name=e.native_name,
            type=e.type,
            country=e.country,
            actor_code=e.actor_code,
            mentions=[
                Mention(m.start, m.end, text[m.start : m.end], m.kind)
                for m in sorted(e.mentions, key=lambda m: (m.start, m.end))
            ],
        )
        for e in doc.entities
    ]
    return DocumentRecord(
        id=doc.id,
        source=doc.source,
        date=doc.date,
        language=doc.language,
        entities=entities,
        quotes=list(doc.quotes),
        events=list(doc.events),
        counts=list(doc.counts),
        dates=list(doc.dates),
        places=list(doc.places),
        tone=doc.tone,
        errors=list(doc.errors),
        title=doc.title,
        text=text if with_text else None,
    )


def failed_record(source: str, error: str, date: str | None = None, text: str = "") -> DocumentRecord:
    """The record of a document that could not be read or processed: no annotations, one error."""
    return DocumentRecord(
        id=document_id(date, text) if text else hashlib.sha256(source.encode("utf-8", "replace")).hexdigest(),
        source=source,
        date=date,
        language=None,
        entities=[],
        quotes=[],
        events=[],
        counts=[],
        dates=[],
        places=[],
        tone=Tone(),
        errors=[error],
    )


_encoder = msgspec.json.Encoder()


def encode_json(record: Any) -> bytes:
    return _encoder.encode(record)
