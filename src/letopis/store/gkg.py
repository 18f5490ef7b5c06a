"""Rows of the GDELT Global Knowledge Graph 2.1 file, built from one ``DocumentRecord``.

A GKG row is 27 tab-separated fields (``data/gdelt_columns.tsv``). Inside a field, entries are separated by
``;`` (``#`` in Quotations, ``,`` in GCAM) and the parts of an entry by ``#`` (``|`` in Quotations, ``,`` in
the name and amount lists), so every value written into an entry has those delimiters replaced by a space.
Offsets are characters into the original document text (GDELT's point into its English translation).
Themes are coarse ones derived from events and counts (``data/gdelt_themes.tsv``); what letopis does not
produce (GCAM beyond the word count, images, embeds) is left blank; see docs/export.md for each field.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from letopis.model import Count, DocumentRecord, Place
from letopis.resources import data_table
from letopis.store.gdelt import (
    GEO_NONE,
    Geo,
    action_offset,
    clean,
    fallback_geo,
    num,
    period_start,
    place_geo,
    source_kind,
    source_name,
    timestamp,
    translation_info,
)

# GDELT's own count types; letopis's others (RELEASE, EVACUATE, DISPLACE, CANCEL, OTHER) go to Amounts only.
GKG_COUNT_TYPES = frozenset({"AFFECT", "ARREST", "KIDNAP", "KILL", "PROTEST", "SEIZE", "WOUND"})
_COUNT_WINDOW = 200  # characters either side of a count in which a place mention may locate it
_YEAR_ONLY = re.compile(r"^\d{4}$")
_MONTH_ONLY = re.compile(r"^\d{4}-\d{2}$")


@functools.cache
def _blanking(delimiters: str) -> dict[int, str]:
    return str.maketrans({ch: " " for ch in delimiters})


def part(value: object, delimiters: str = "#;") -> str:
    """A value fit to sit inside an entry: None -> "", each delimiter character and any run of white space
    (tabs and line breaks too) -> one space, ends trimmed."""
    if value is None:
        return ""
    return " ".join(str(value).translate(_blanking(delimiters)).split())


def geo_v1(geo: Geo) -> str:
    """``Type#FullName#CountryCode#ADM1#Lat#Long#FeatureID`` (V1 Locations; also inside Counts)."""
    if geo.type == GEO_NONE:
        return "0######"
    return "#".join([str(geo.type), part(geo.full_name), geo.country, geo.adm1, num(geo.lat), num(geo.lon),
                     part(geo.feature_id)])


def _geo_v2_head(geo: Geo) -> str:
    """A V2 location entry without its offset (the same for every mention of a place)."""
    return "#".join([str(geo.type), part(geo.full_name), geo.country, geo.adm1, geo.adm2, num(geo.lat),
                     num(geo.lon), part(geo.feature_id)])


def geo_v2(geo: Geo, offset: int) -> str:
    """``Type#FullName#CountryCode#ADM1#ADM2#Lat#Long#FeatureID#Offset`` (V2 Locations)."""
    return f"{_geo_v2_head(geo)}#{offset}"


def _place_geo(p: Place) -> Geo:
    return place_geo(p.name, p.country, p.lat, p.lon, p.kind, p.geonames_id)


def locations(rec: DocumentRecord) -> tuple[str, str]:
    """(V1 Locations, V2 Locations). V1 has one entry per distinct place name, V2 one per mention, sorted by
    offset. Places whose country has no FIPS code are left out."""
    v1: dict[str, None] = {}
    v2: list[tuple[int, str]] = []
    for p in rec.places:
        geo = _place_geo(p)
        if geo.type == GEO_NONE:
            continue
        v1[geo_v1(geo)] = None
        head = _geo_v2_head(geo)
        v2.extend((m.start, f"{head}#{m.start}") for m in p.mentions)
    return ";".join(v1), ";".join(entry for _, entry in sorted(v2))


def _named(rec: DocumentRecord) -> list[tuple[str, str, list[int]]]:
    """(type, name fit for a name list, offsets of its name mentions) of each entity that has any."""
    out = []
    for ent in rec.entities:
        spots = [m.start for m in ent.mentions if m.kind == "name"]
        name = part(ent.name, "#;,") if spots else ""
        if name:
            out.append((ent.type, name, spots))
    return out


def names(rec: DocumentRecord, types: Iterable[str] | None,
          named: list[tuple[str, str, list[int]]] | None = None) -> tuple[str, str]:
    """(V1 list, V2 list) of the entities of the given types (all types for None): V1 lower-case names once
    each, V2 ``Name,offset`` for each name mention (references such as pronouns are left out). ``named`` is
    ``_named(rec)`` when the caller has it already."""
    wanted = set(types) if types is not None else None
    v1: dict[str, None] = {}
    v2: list[tuple[int, str]] = []
    for typ, name, spots in named if named is not None else _named(rec):
        if wanted is not None and typ not in wanted:
            continue
        v1[name.lower()] = None
        v2.extend((start, f"{name},{start}") for start in spots)
    return ";".join(v1), ";".join(entry for _, entry in sorted(v2))


def count_geo(rec: DocumentRecord, count: Count) -> Geo:
    """Where a count happened: the place of an event whose evidence holds the count (without one, the
    event's fallback: its actors' country), else the nearest place mention within 200 characters, else none."""
    for ev in rec.events:
        if ev.evidence.start <= count.start < ev.evidence.end:
            geo = (place_geo(ev.place.name, ev.place.country, ev.place.lat, ev.place.lon) if ev.place
                   else fallback_geo(ev.code, ev.source.code if ev.source else None,
                                     ev.target.code if ev.target else None))
            if geo.type != GEO_NONE:
                return geo
    best: tuple[int, Place] | None = None
    for p in rec.places:
        for m in p.mentions:
            gap = abs(m.start - count.start)
            if gap <= _COUNT_WINDOW and (best is None or gap < best[0]):
                best = (gap, p)
    return _place_geo(best[1]) if best else Geo()


def counts(rec: DocumentRecord) -> tuple[str, str, str]:
    """(V1 Counts, V2 Counts, Amounts). Counts hold only GDELT's count types; Amounts every count as
    ``Amount,Object,Offset``."""
    v1: dict[str, None] = {}
    v2: list[str] = []
    amounts: list[str] = []
    for c in sorted(rec.counts, key=lambda c: c.start):
        obj = part(c.object or "")
        amounts.append(f"{c.number},{part(c.object or '', '#;,')},{c.start}")
        if c.type not in GKG_COUNT_TYPES:
            continue
        entry = f"{c.type}#{c.number}#{obj}#{geo_v1(count_geo(rec, c))}"
        v1[entry] = None
        v2.append(f"{entry}#{c.start}")
    return ";".join(v1), ";".join(v2), ";".join(amounts)


def dates(rec: DocumentRecord) -> str:
    """V2.1 Dates: ``Resolution#Month#Day#Year#Offset`` per date mention (1 year, 2 month, 3 day). A week is
    written as its Monday with resolution 3; values of no known form are left out."""
    out = []
    for d in sorted(rec.dates, key=lambda d: d.start):
        day = period_start(d.value)
        if day is None:
            continue
        if _YEAR_ONLY.match(d.value):
            out.append(f"1#0#0#{day.year}#{d.start}")
        elif _MONTH_ONLY.match(d.value):
            out.append(f"2#{day.month}#0#{day.year}#{d.start}")
        else:
            out.append(f"3#{day.month}#{day.day}#{day.year}#{d.start}")
    return ";".join(out)


def quotations(rec: DocumentRecord) -> str:
    """V2.1 Quotations: ``Offset|Length|Verb|Quote`` joined by ``#``."""
    return "#".join(
        f"{q.start}|{q.end - q.start}|{part(q.verb or '', '#|;')}|{part(q.text, '#|')}"
        for q in sorted(rec.quotes, key=lambda q: q.start)
    )


@functools.cache
def _theme_table() -> tuple[tuple[tuple[str, str], ...], dict[str, tuple[str, ...]]]:
    """((CAMEO prefix, theme) pairs, {count type: themes}) from data/gdelt_themes.tsv."""
    events: list[tuple[str, str]] = []
    counts: dict[str, tuple[str, ...]] = {}
    for row in data_table("gdelt_themes"):
        if row["what"] == "event":
            events.append((row["key"], row["theme"]))
        else:
            counts[row["key"]] = counts.get(row["key"], ()) + (row["theme"],)
    return tuple(events), counts


def themes(rec: DocumentRecord) -> tuple[str, str]:
    """(V1 Themes, V2 Themes) derived from the record's events (at the trigger) and counts (at the number):
    V1 each theme once, in order of first offset; V2 ``THEME,offset`` per occurrence, by offset."""
    by_prefix, by_count = _theme_table()
    found: list[tuple[int, str]] = []
    for ev in rec.events:
        at = action_offset(ev)
        found.extend((at, theme) for prefix, theme in by_prefix if ev.code.startswith(prefix))
    for c in rec.counts:
        found.extend((c.start, theme) for theme in by_count.get(c.type, ()))
    found = sorted(set(found))
    return ";".join(dict.fromkeys(theme for _, theme in found)), ";".join(f"{t},{at}" for at, t in found)


def tone(rec: DocumentRecord) -> str:
    """V1.5 Tone: tone, positive, negative, polarity, activity density, self/group density, word count."""
    t = rec.tone
    return ",".join([num(t.tone), num(t.positive), num(t.negative), num(t.polarity), num(t.activity),
                     num(t.self_group), str(t.word_count)])


def _xml(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def extras(rec: DocumentRecord) -> str:
    """V2 Extras XML: the page title when known and letopis's document id (to join back to the store)."""
    out = f"<PAGE_TITLE>{_xml(rec.title)}</PAGE_TITLE>" if rec.title else ""
    return out + f"<LETOPIS_DOCUMENT_ID>{_xml(rec.id)}</LETOPIS_DOCUMENT_ID>"


def gkg_record_id(batch: str, serial: int, language: str | None) -> str:
    """``YYYYMMDDHHMMSS-N``, or ``-TN`` for a document not in English (GDELT's mark of a translated source)."""
    return f"{batch}-{'' if not language or language == 'en' else 'T'}{serial}"


def gkg_row(rec: DocumentRecord, serial: int = 1, date_added: str | None = None, identifier: str | None = None,
            common_name: str | None = None) -> list[str]:
    """The 27 fields of a GKG 2.1 row for one record. ``date_added`` (ISO or YYYYMMDDHHMMSS) names the batch in
    GKGRECORDID and stands in for DATE when the document has no date; it defaults to the document date.
    ``serial`` numbers records within a batch. ``identifier`` (the URL) and ``common_name`` (the outlet)
    default to the record's source and its host or file name."""
    added = (date_added if date_added and date_added.isdigit() else timestamp(date_added)) or timestamp(rec.date)
    published = timestamp(rec.date) or added
    c1, c2, amounts = counts(rec)
    l1, l2 = locations(rec)
    named = _named(rec)
    p1, p2 = names(rec, ("PERSON",), named)
    o1, o2 = names(rec, ("ORGANIZATION",), named)
    _, all_names = names(rec, None, named)
    t1, t2 = themes(rec)
    identifier = identifier or rec.source
    return [
        gkg_record_id(added or "00000000000000", serial, rec.language),
        published,
        str(source_kind(identifier)),
        clean(common_name or source_name(identifier)),
        clean(identifier),
        c1, c2,
        t1, t2,
        l1, l2,
        p1, p2,
        o1, o2,
        tone(rec),
        dates(rec),
        f"wc:{rec.tone.word_count}",
        "", "", "", "",  # sharing image, related images, social image and video embeds: not in plain text
        quotations(rec),
        all_names,
        amounts,
        translation_info(rec.language),
        extras(rec),
    ]
