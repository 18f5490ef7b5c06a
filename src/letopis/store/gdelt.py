"""Rows of the GDELT 2.0 Event and Mentions files, built from letopis's own facts.

The builders here know nothing of DuckDB: ``export.py`` reads the store and hands them plain structs
(``EventFacts``, ``MentionFacts``); ``record_events`` makes the same structs from one ``DocumentRecord`` so the
rows can be built and checked without a store. Every row is a list of strings in the codebook's column order
(``data/gdelt_columns.tsv``); a value GDELT leaves blank is ``""``.

Conventions (see docs/export.md):

* Dates: an event dated to a week, month or year gets the first day of that period (a week's Monday). An
  event without its own date takes its document's date. Background events keep their own (earlier) date.
* ``FractionDate`` is YYYY + ((month - 1) * 30 + day) / 365 to four places, as GDELT's files compute it
  (19790101 -> 1979.0027); the codebook's prose formula is off by one month.
* Geography uses FIPS 10-4 country codes (``countries.tsv``); a country without a FIPS code gets no geography.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re

import msgspec

from letopis.model import ActorRef, DocumentRecord, Event, Place
from letopis.resources import data_table

GEO_NONE, GEO_COUNTRY, GEO_WORLDCITY, GEO_WORLDSTATE = 0, 1, 4, 5
MENTION_WEB, MENTION_CITATION = 1, 2
_PLACE_KIND_GEO = {"country": GEO_COUNTRY, "city": GEO_WORLDCITY, "region": GEO_WORLDSTATE, "other": GEO_WORLDCITY}

# ---------------------------------------------------------------------------------------------------------
# Lookups (data files, read once)
# ---------------------------------------------------------------------------------------------------------


@functools.cache
def columns(table: str) -> tuple[tuple[str, str], ...]:
    """(name, codebook type) of each column of ``table`` (events | mentions | gkg), in file order.
    Raises KeyError for an unknown table."""
    rows = sorted((int(r["position"]), r["name"], r["type"]) for r in data_table("gdelt_columns") if r["table"] == table)
    if not rows:
        raise KeyError(f"no GDELT table named {table!r}")
    return tuple((name, typ) for _, name, typ in rows)


@functools.cache
def _countries() -> dict[str, dict[str, str]]:
    return {r["cameo"]: r for r in data_table("countries")}


@functools.cache
def _blocks() -> dict[str, str]:
    return {r["block"]: r["kind"] for r in data_table("gdelt_actor_blocks")}


@functools.cache
def _languages() -> dict[str, str]:
    return {r["iso639_1"]: r["iso639_2"] for r in data_table("gdelt_languages")}


def fips(cameo: str | None) -> str:
    """The FIPS 10-4 code of a CAMEO country code; "" for a region, an unknown code or None."""
    row = _countries().get((cameo or "")[:3])
    return row["fips"] if row else ""


# ---------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------

_WS = re.compile(r"[\t\r\n]+")


def clean(value: object) -> str:
    """A value as one TSV field: None -> "", tabs and line breaks -> one space."""
    if value is None:
        return ""
    return _WS.sub(" ", str(value)).strip()


def num(value: float | int | None) -> str:
    """A number as GDELT prints one: "" for None, no exponent, at most 6 decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    text = f"{float(value):.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def global_event_id(key: str) -> int:
    """A stable positive integer for a merged event id (or any string): the first 60 bits of its sha256, so
    it fits a signed 64-bit column and is the same on every machine and run."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") >> 4


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def period_start(value: str | None) -> dt.date | None:
    """The first day of a date value: YYYY-MM-DD itself, YYYY-Www its Monday, YYYY-MM its 1st, YYYY its 1
    January. None for None or a value of no known form (or an impossible date such as 2025-02-30)."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _WEEK.match(value):
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m := _MONTH.match(value):
            return dt.date(int(m[1]), int(m[2]), 1)
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1)
    except ValueError:
        return None
    return None


def period_end(value: str | None) -> dt.date | None:
    """The last day of a date value (a week's Sunday, a month's last day, 31 December); None as period_start."""
    first = period_start(value)
    if first is None or value is None:
        return None
    if _WEEK.match(value):
        return first + dt.timedelta(days=6)
    if _MONTH.match(value):
        return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1)
    if _YEAR.match(value):
        return dt.date(first.year, 12, 31)
    return first


def date_fields(day: dt.date | None) -> list[str]:
    """SQLDATE, MonthYear, Year, FractionDate of a day; four blanks for None."""
    if day is None:
        return ["", "", "", ""]
    fraction = ((day.month - 1) * 30 + day.day) / 365
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{day.year + fraction:.4f}"]


def timestamp(value: str | dt.date | dt.datetime | None) -> str:
    """YYYYMMDDHHMMSS of a datetime, a date (midnight) or an ISO string (any period_start form, or a full
    ISO datetime); "" when there is nothing to format."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            value = period_start(text)
            if value is None:
                return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y%m%d%H%M%S")
    return value.strftime("%Y%m%d") + "000000"


def translation_info(language: str | None) -> str:
    """``srclc:<ISO 639-2>;eng:letopis-native`` for a non-English document (letopis codes the original text,
    it does not translate); "" for English or an unknown language."""
    if not language or language == "en":
        return ""
    code = _languages().get(language, language)
    return f"srclc:{code};eng:letopis-native"


def source_kind(source: str) -> int:
    """MentionType / SourceCollectionIdentifier: 1 WEB for an http(s) URL, else 2 CITATIONONLY."""
    return MENTION_WEB if source.startswith(("http://", "https://")) else MENTION_CITATION


_HOST = re.compile(r"^https?://(?:www\.)?([^/:?#]+)", re.I)


def source_name(source: str) -> str:
    """MentionSourceName / SourceCommonName: a URL's host without ``www.``; otherwise the last path part."""
    if m := _HOST.match(source):
        return m[1].lower()
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------------------
# Actors and geography
# ---------------------------------------------------------------------------------------------------------


class ActorColumns(msgspec.Struct, frozen=True):
    code: str = ""
    name: str = ""
    country: str = ""
    known_group: str = ""
    ethnic: str = ""
    religion1: str = ""
    religion2: str = ""
    type1: str = ""
    type2: str = ""
    type3: str = ""

    def row(self) -> list[str]:
        return [self.code, self.name, self.country, self.known_group, self.ethnic, self.religion1,
                self.religion2, self.type1, self.type2, self.type3]


def split_actor(code: str | None, name: str | None = None) -> ActorColumns:
    """Break a CAMEO actor code into GDELT's actor columns. Blocks of three characters: a country or region
    (the first one seen) goes to CountryCode, a lower-case block to EthnicCode, religion codes to
    Religion1/2Code, role codes to Type1-3Code (further ones are dropped), and anything else to
    KnownGroupCode. Name is upper-cased as GDELT prints it. An empty or None code gives empty columns."""
    code = clean(code).replace(" ", "")
    if not code:
        return ActorColumns(name=clean(name).upper()) if name else ActorColumns()
    countries, blocks = _countries(), _blocks()
    country = group = ethnic = ""
    religions: list[str] = []
    types: list[str] = []
    for i in range(0, len(code), 3):
        block = code[i : i + 3]
        kind = blocks.get(block)
        if block.islower():
            ethnic = ethnic or block
        elif kind == "religion":
            religions.append(block)
        elif kind == "type":
            types.append(block)
        elif (block in countries or kind == "region") and not country:
            country = block
        elif not group:
            group = block
        else:
            types.append(block)
    religions += ["", ""]
    types += ["", "", ""]
    return ActorColumns(code, clean(name).upper(), country, group, ethnic, religions[0], religions[1], *types[:3])


class Geo(msgspec.Struct, frozen=True):
    """One GDELT geography block: Type, FullName, CountryCode (FIPS), ADM1Code, ADM2Code, Lat, Long, FeatureID."""

    type: int = GEO_NONE
    full_name: str = ""
    country: str = ""
    adm1: str = ""
    adm2: str = ""
    lat: float | None = None
    lon: float | None = None
    feature_id: str = ""

    def row(self) -> list[str]:
        if self.type == GEO_NONE:
            return [str(GEO_NONE), "", "", "", "", "", "", ""]
        return [str(self.type), self.full_name, self.country, self.adm1, self.adm2, num(self.lat), num(self.lon),
                self.feature_id]


def country_geo(cameo: str | None) -> Geo:
    """Country-level geography (type 1) of the country that begins a CAMEO code; type 0 (none) for a region,
    an unknown code, or a country without a FIPS code."""
    row = _countries().get((cameo or "")[:3])
    if not row or not row["fips"]:
        return Geo()
    code = row["fips"]
    return Geo(GEO_COUNTRY, row["name"], code, code, "", _float(row["lat"]), _float(row["lon"]), code)


def place_geo(name: str | None, country: str | None, lat: float | None = None, lon: float | None = None,
              kind: str | None = None, geonames_id: int | None = None) -> Geo:
    """Geography of a place. ``kind`` (country | city | region | other) sets the type; without it a place
    named like its country, or with no coordinates, is the country and anything else a world city. A
    country-level place uses the country's centroid and FIPS code as FeatureID (as GDELT does); a city or
    region uses its GeoNames id (GDELT uses GNS ids there). No ADM1 is known below country level, so ADM1Code
    holds the FIPS country code. Type 0 when the country has no FIPS code."""
    crow = _countries().get((country or "")[:3])
    if not crow or not crow["fips"]:
        return Geo()
    code = crow["fips"]
    if kind in _PLACE_KIND_GEO:
        gtype = _PLACE_KIND_GEO[kind]
    else:
        same = (name or "").casefold() == crow["name"].casefold()
        gtype = GEO_COUNTRY if same or lat is None or lon is None else GEO_WORLDCITY
    if gtype == GEO_COUNTRY:
        return country_geo(country)
    full = clean(name)
    full = f"{full}, {crow['name']}" if full and full != crow["name"] else crow["name"]
    return Geo(gtype, full, code, code, "", lat, lon, str(geonames_id) if geonames_id is not None else "")


# CAMEO codes whose action takes place in the target's country rather than the source's: 042 make a visit.
_AT_TARGET = ("042",)


def fallback_geo(code: str, source: str | None, target: str | None) -> Geo:
    """ActionGeo for an event with no place of its own: the country (type 1) of its source actor, else of its
    target (the target's first for a visit, 042); type 0 when neither actor has a country with a FIPS code."""
    first, second = (target, source) if code.startswith(_AT_TARGET) else (source, target)
    for code3 in (first, second):
        geo = country_geo(code3) if code3 and (code3[:3] in _countries()) else Geo()
        if geo.type != GEO_NONE:
            return geo
    return Geo()


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------
# Events and mentions
# ---------------------------------------------------------------------------------------------------------


class EventFacts(msgspec.Struct, frozen=True):
    """What one exported event row says. ``event_id`` is the GLOBALEVENTID: the merged event's id in the
    store (``global_event_id`` of a key without one); ``date`` the event's own date (any resolution) and
    ``report_date`` its first document's date (used when ``date`` is None); ``date_added`` is YYYYMMDDHHMMSS
    or an ISO datetime. ``is_root``: the event's first mention is in its document's first sentence."""

    event_id: int
    date: str | None
    report_date: str | None
    source: ActorRef | None
    target: ActorRef | None
    code: str
    quad_class: int
    goldstein: float
    is_root: bool
    num_mentions: int
    num_sources: int
    num_articles: int
    avg_tone: float
    action_geo: Geo
    date_added: str
    source_url: str


def event_day(date: str | None, report_date: str | None) -> dt.date | None:
    """The day an event row carries: the first day of its own date, else its document's date."""
    return period_start(date) or period_start(report_date)


def event_row(ev: EventFacts) -> list[str]:
    """The 61 fields of a GDELT 2.0 Event row."""
    a1 = split_actor(ev.source.code, ev.source.name) if ev.source else ActorColumns()
    a2 = split_actor(ev.target.code, ev.target.name) if ev.target else ActorColumns()
    code = clean(ev.code)
    added = ev.date_added if ev.date_added.isdigit() else timestamp(ev.date_added)
    return [
        str(ev.event_id),
        *date_fields(event_day(ev.date, ev.report_date)),
        *a1.row(),
        *a2.row(),
        "1" if ev.is_root else "0",
        code, code[:3], code[:2],
        str(ev.quad_class), num(ev.goldstein),
        str(ev.num_mentions), str(ev.num_sources), str(ev.num_articles), num(ev.avg_tone),
        *(country_geo(a1.code) if a1.country else Geo()).row(),
        *(country_geo(a2.code) if a2.country else Geo()).row(),
        *(ev.action_geo if ev.action_geo.type != GEO_NONE else fallback_geo(code, a1.code, a2.code)).row(),
        added,
        clean(ev.source_url),
    ]


class MentionFacts(msgspec.Struct, frozen=True):
    """What one exported mention row says. Offsets are characters into the original document text (GDELT's
    are into its English translation); -1 where there is no such actor. ``confidence`` is 0..1."""

    event_id: int
    event_added: str
    mention_added: str
    source: str
    sentence: int
    actor1_offset: int
    actor2_offset: int
    action_offset: int
    confidence: float
    doc_len: int
    doc_tone: float
    language: str | None


def mention_row(m: MentionFacts) -> list[str]:
    """The 16 fields of a GDELT 2.0 Mentions row."""
    def stamp(v: str) -> str:
        return v if v.isdigit() else timestamp(v)

    return [
        str(m.event_id),
        stamp(m.event_added),
        stamp(m.mention_added),
        str(source_kind(m.source)),
        clean(source_name(m.source)),
        clean(m.source),
        str(m.sentence),
        str(m.actor1_offset), str(m.actor2_offset), str(m.action_offset),
        "1",  # InRawText: every letopis event is coded from the text as written, never from a rewrite
        str(max(0, min(100, round(m.confidence * 100)))),
        str(m.doc_len),
        num(m.doc_tone),
        translation_info(m.language),
        "",
    ]


# ---------------------------------------------------------------------------------------------------------
# From one document record (no store needed)
# ---------------------------------------------------------------------------------------------------------


def record_event_key(rec: DocumentRecord, index: int) -> str:
    """The id of the ``index``-th event of a record when no store has merged it: document id and position."""
    return f"{rec.id}:{index}"


def actor_offset(rec: DocumentRecord, actor: ActorRef | None, ev: Event) -> int:
    """Offset of the actor's mention nearest to the event's evidence (inside it when one is), -1 when the
    actor has no entity or the entity no mention."""
    if actor is None or actor.entity is None:
        return -1
    for ent in rec.entities:
        if ent.id == actor.entity and ent.mentions:
            ev_start, ev_end = ev.evidence.start, ev.evidence.end
            inside = [m.start for m in ent.mentions if ev_start <= m.start < ev_end]
            if inside:
                return inside[0]
            return min((abs(m.start - ev_start), m.start) for m in ent.mentions)[1]
    return -1


def action_offset(ev: Event) -> int:
    """Offset of the trigger word in the evidence, else the evidence's start."""
    pos = ev.evidence.text.find(ev.evidence.trigger) if ev.evidence.trigger else -1
    return ev.evidence.start + (pos if pos >= 0 else 0)


# A sentence end: . ! ? (and a closing quote) then space and an opening quote or capital, or a blank line.
# Written without look-ahead so that DuckDB (RE2) counts exactly as Python does (export.py uses it in SQL).
SENTENCE_END = r"[.!?][\"»“”]?\s+[\"„«“A-ZА-ЯЁЇІЄҐ]|\n\s*\n"
_SENT_END = re.compile(SENTENCE_END)


def sentence_number(text: str | None, offset: int) -> int:
    """1-based sentence of an offset: 1 + the sentence ends wholly before it. Without the text, 1. A rough
    split (abbreviations such as "г." before a capital count as ends); GDELT's SentenceID is no finer."""
    if not text:
        return 1
    return 1 + len(_SENT_END.findall(text[: max(0, offset)]))


def action_place_geo(rec: DocumentRecord, ev: Event) -> Geo:
    """ActionGeo of an event: its place, typed by the document's place of the same name when there is one."""
    if ev.place is None:
        return Geo()
    match: Place | None = next((p for p in rec.places if p.name == ev.place.name), None)
    return place_geo(ev.place.name, ev.place.country or (match.country if match else None), ev.place.lat,
                     ev.place.lon, match.kind if match else None, match.geonames_id if match else None)


def record_events(rec: DocumentRecord, date_added: str | None = None) -> list[tuple[EventFacts, MentionFacts]]:
    """Event and mention facts of one record, each event unmerged (NumArticles 1). ``date_added`` defaults
    to the document's date. Without ``rec.text`` the sentence numbers are 1, the document length 0 and only
    the first event is a root event (as in the store export)."""
    added = timestamp(date_added) if date_added else timestamp(rec.date)
    text = rec.text
    out = []
    for i, ev in enumerate(rec.events):
        key = global_event_id(record_event_key(rec, i))
        sent = sentence_number(text, ev.evidence.start)
        facts = EventFacts(
            event_id=key, date=ev.date, report_date=rec.date, source=ev.source, target=ev.target, code=ev.code,
            quad_class=ev.quad_class, goldstein=ev.goldstein, is_root=sent == 1 if text else i == 0,
            num_mentions=1, num_sources=1,
            num_articles=1, avg_tone=rec.tone.tone, action_geo=action_place_geo(rec, ev), date_added=added,
            source_url=rec.source,
        )
        mention = MentionFacts(
            event_id=key, event_added=added, mention_added=added, source=rec.source, sentence=sent,
            actor1_offset=actor_offset(rec, ev.source, ev), actor2_offset=actor_offset(rec, ev.target, ev),
            action_offset=action_offset(ev), confidence=ev.confidence, doc_len=len(text or ""),
            doc_tone=rec.tone.tone, language=rec.language,
        )
        out.append((facts, mention))
    return out
