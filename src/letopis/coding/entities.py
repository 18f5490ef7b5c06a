"""entities: named entities with CAMEO actor codes, and the generic groups that can act in events.

How a document is read (docs/actors.md says more):

1. Dictionary matches (``letopis.coding.actors``): country names, capitals, adjectives of countries,
   peoples, regions, people and organisations, and role words.
2. Names the dictionary does not know come from ``letopis.nlp.ner.tag_names``, reconciled with the
   dictionary matches by ``letopis.coding.names.reconcile_tagged`` ("Беларус Джон Коул" -> Belarus by the
   dictionary and a new "Джон Коул"; "Казах" opening a quote is a verb, not a name).
3. Phrases: ``[adjective or country] role [на/of X] [за/for X] [name]``. With a name after it the phrase is
   an apposition ("американският пратеник за Беларус Джон Коул"): the name's entity takes the country and
   role (unless the dictionary knows better) and the phrase becomes a reference mention of it. Without a name,
   a group role ("беларуските власти", "демонстрантите") or a plural title ("американски представители") is a
   generic actor; a singular title ("беларуският президент") is left to the references stage.
4. Groups with no country word take the document's focus country: the country with the most mentions
   (names, capitals, adjectives, peoples, and people or organisations of that country; ties go to the one
   named first), else the language's home country (``# home:`` in names.tsv).

Countries are COUNTRY, capitals LOCATION with the government's code (Минск -> BLRGOV), adjectives and
peoples are actors only, never entity mentions. Entity ids e1, e2... follow the first mention.
A document without tokens gets no entities.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from dataclasses import dataclass, field

from letopis.coding.actors import (
    Lexicon,
    Match,
    Role,
    actors,
    countries,
    lexicon,
    match_tokens,
    transliterate,
)
from letopis.coding.names import (
    base_form,
    given_names,
    place_key,
    reconcile_tagged,
)
from letopis.coding.places import gazetteer
from letopis.model import ActorAnn, Document, EntityAnn, MentionAnn, Token
from letopis.pipeline import Stage

_NER_TYPES = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}


@dataclass(slots=True)
class Title:
    """A role phrase not attached to a name: left for the references stage (``doc.meta['titles']``)."""

    start: int
    end: int
    head: int
    code: str
    country: str | None
    gloss: str


@dataclass(slots=True)
class _Ent:
    key: str
    name: str
    native: str
    type: str
    country: str | None
    code: str | None
    source: str
    mentions: list[MentionAnn] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    last: str = ""  # last word of a person's name, for "Коул" after "Джон Коул"


def _year(doc: Document) -> int | None:
    if doc.date and doc.date[:4].isdigit():
        return int(doc.date[:4])
    return None


def _is_plural(tok: Token, lang: str) -> bool:
    if tok.lower == tok.lemma:
        return False
    if lang == "en":
        return tok.lower.endswith("s")
    # "-ата" is left out: it is mostly the feminine singular article ("папата", "министърката")
    return tok.lower.endswith(("и", "ите", "ове", "овете", "ища", "ищата"))


class EntityStage(Stage):
    name = "entities"
    requires = ("tokens",)
    assigns = ("entities", "actors")

    def __call__(self, doc: Document) -> Document:
        doc.entities, doc.actors = [], []
        if not doc.tokens:
            return doc
        lex = lexicon(doc.language or "")
        run_entities(doc, lex)
        return doc


def run_entities(doc: Document, lex: Lexicon) -> None:
    toks = doc.tokens
    lang = lex.lang
    matches = match_tokens(toks, lex)
    named = reconcile_tagged(doc, toks, matches, lang)
    # items in token order: dictionary matches and tagged names
    items: list[tuple[int, int, Match | None, str | None]] = [(m.i, m.j, m, None) for m in matches]
    items += [(i, j, None, t) for i, j, t in named]
    items.sort(key=lambda it: it[0])

    year = _year(doc)
    table = actors()
    ents: dict[str, _Ent] = {}
    ner_index: dict[str, str] = {}
    types: dict[str, Counter[str]] = {}  # model entity -> the tagger's types for its mentions
    country_votes: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    # token index -> (entity key) for the name items, so phrases can find the name after a role
    name_at: dict[int, tuple[int, str]] = {}
    name_end: dict[int, str] = {}  # last token of a name -> its entity key

    cmap = countries()

    def lowers_of(a: int, b: int) -> tuple[str, ...]:
        return tuple(t.lower for t in toks[a:b] if t.is_word)

    first_names = given_names(lang)
    text_of = doc.text

    for i, j, m, ntype in items:
        start, end = toks[i].start, toks[j - 1].end
        ent: _Ent | None = None
        if m is not None:
            e = m.entry
            if e is None:
                continue
            kind = e.kind
            if kind == "adjective" or kind == "people" or kind == "region":
                if e.key in cmap:
                    country_votes[e.key] += 1
                    first_seen.setdefault(e.key, i)
                continue
            key = e.key if kind == "country" else ("capital:" if kind == "capital" else "actor:") + e.key
            have = ents.get(key)
            if have is None:
                if kind == "country":
                    ent = _Ent(key, cmap[e.key].name, e.base, "COUNTRY", e.key, e.key, "dictionary")
                elif kind == "capital":
                    ent = _Ent(
                        key, cmap[e.key].capital, e.base, "LOCATION", e.key, e.key + "GOV", "dictionary"
                    )
                else:
                    a = table[e.key]
                    ent = _Ent(key, a.name, e.base, a.type, a.country, a.code_on(year), "dictionary")
                    if a.role:
                        ent.roles.append(a.role)
            elif len(e.base) > len(have.native):
                have.native = e.base
            ent_country = (have or ent).country  # type: ignore[union-attr]
            if ent_country in cmap:
                country_votes[ent_country] += 1
                first_seen.setdefault(ent_country, i)
        else:
            text = text_of[start:end]
            low = text.lower()
            key = ner_index.get(low) or ""
            last_word = toks[j - 1].lower
            if not key and j - i == 1:
                for other in ents.values():
                    if other.last == last_word and other.source == "model":
                        key = other.key  # "Щерев" after "Петър Щерев"
                        break
            if not key:
                key = "ner:" + low
                ner_index[low] = key
            of_country = None
            if ntype and ntype.startswith("ORG:"):
                ntype, of_country = "ORG", ntype[4:]
            have = ents.get(key)
            tally = types.get(key)
            if tally is None:  # not setdefault: that would build a Counter for every mention
                tally = types[key] = Counter()
            tally[_NER_TYPES.get(ntype or "", "LOCATION")] += 1
            if have is None:
                etype = _NER_TYPES.get(ntype or "", "LOCATION")
                if (j - i > 1 and toks[i].lower in first_names) or _after_honorific(toks, i, lex):
                    etype = "PERSON"  # a known first name opens it, or "г-н"/"Mr" stands before it
                native = base_form(toks, i, j, text, lex) if etype != "PERSON" else text
                latin = native if native.isascii() else transliterate(native, lang)
                ent = _Ent(
                    key, latin, native, etype, None, None, "model", last=last_word if j - i > 1 else ""
                )
                if etype != "PERSON" and place_key(lang, lowers_of(i, j)) is not None:
                    ent.type = "LOCATION"  # a place of the gazetteer, whatever the tagger said ("Пловдив")
                if ent.type == "LOCATION":
                    _locate(ent, lowers_of(i, j), lang)
                elif of_country in cmap:
                    ent.country = of_country
            elif len(text) > len(have.native) and have.country is None:
                have.native = base_form(toks, i, j, text, lex) if have.type != "PERSON" else text
                have.name = have.native if have.native.isascii() else transliterate(have.native, lang)
        if ent is not None:
            ents[key] = have = ent
            if ent.source == "model" and ent.country in cmap:
                country_votes[ent.country] += 1
                first_seen.setdefault(ent.country, i)
        have.mentions.append(MentionAnn(start, end, "name"))  # type: ignore[union-attr]
        name_at[i] = (j, key)
        name_end[j - 1] = key

    _merge_surnames(ents, name_at)
    name_end = {j - 1: key for _i, (j, key) in name_at.items()}  # after the merge: keys may have changed
    for key, votes in types.items():
        if key not in ents:
            continue
        ent = ents[key]
        if len(votes) > 1 and ent.type != "COUNTRY" and not ent.roles and ent.country is None:
            # one type per name: the tagger's most frequent type for it (ties keep the first)
            best = max(votes.values())
            if votes[ent.type] < best:
                ent.type = next(t for t, c in votes.items() if c == best)
    focus = _focus(country_votes, first_seen) or lex.home
    doc.meta["focus_country"] = focus
    titles: list[Title] = []
    groups: list[ActorAnn] = []
    in_phrase: set[int] = set()  # token indexes of names inside an apposition phrase

    in_name = {k for i, j, m, _t in items if m is None for k in range(i, j)}  # tokens of tagged names
    for idx, (i, j, m, _t) in enumerate(items):
        if m is None:
            continue
        if i in in_name:
            # "съд" in "Върховния съд" is part of a name, no group; it gives an unknown organisation its role
            if m.role is not None and m.role.kind in ("group", "title") and m.role.code:
                owner = _owner(items, idx, name_at, ents)
                if owner is not None and owner.type == "ORGANIZATION" and owner.code is None:
                    owner_country = owner.country or focus
                    owner.code = _join(owner_country, m.role.code)
                    owner.country = owner_country if owner_country in countries() else None
            continue
        e, role = m.entry, m.role
        if e is not None and e.kind == "people" and j - i >= 1:
            groups.append(ActorAnn(toks[i].start, toks[j - 1].end, e.key, _name(e.key), None, j - 1))
            continue
        if e is not None and e.kind == "adjective" and not _next_role(items, idx, j):
            # "беларуска територия", "Israeli tank shelling": the country, as PETRARCH codes it
            groups.append(ActorAnn(toks[i].start, toks[j - 1].end, e.key, _name(e.key), None, j - 1))
            continue
        if e is not None and e.kind == "region" and not _next_role(items, idx, j):
            groups.append(ActorAnn(toks[i].start, toks[j - 1].end, e.key, _name(e.key), None, j - 1))
            continue
        if role is None or role.kind not in ("title", "group", "modgroup"):
            continue
        # modifier before the role: adjective, people, region, or a country name directly before it
        country: str | None = None
        first = i
        if idx > 0:
            pi, pj, pm, _ = items[idx - 1]
            if pj == i and pm is not None and pm.entry is not None and pm.entry.kind != "capital":
                pe = pm.entry
                if pe.kind == "actor":
                    country = table[pe.key].code if table[pe.key].type == "ORGANIZATION" else None
                else:
                    country = pe.key
                if country is not None:
                    first = pi
                    in_phrase.add(pi)
        last = j  # exclusive token end of the phrase so far
        k = j
        # "на X" / "of X" gives the country; "за X" / "for X" only extends the span
        while k < len(toks) and toks[k].sent == toks[j - 1].sent:
            link = lex.roles.get((toks[k].lower,))
            q = k + 1
            if (link is None or link.kind not in ("of", "for")) and lex.bare_of and k == j and k in name_at:
                # a case language's genitive needs no link word: "президент России", "армии Украины"
                link, q = Role("of", "", "", ""), k
            elif link is None or link.kind not in ("of", "for"):
                break
            if q < len(toks):
                det = lex.roles.get((toks[q].lower,))
                if det is not None and det.kind == "det":
                    q += 1
            target = name_at.get(q)
            if target is None:
                if link.kind == "of" and role.kind == "title":
                    # "министърът на културата Марян Бачев": a lower-case complement, then the person
                    r = q
                    while r < len(toks) and r - q < 5 and toks[r].is_word and not toks[r].is_cap:
                        r += 1
                    person_at = name_at.get(r) if r > q and toks[r - 1].sent == toks[q].sent else None
                    if person_at is not None and ents[person_at[1]].type == "PERSON":
                        last = r  # only a person: "кметът на община Пловдив" names a town
                break
            tkey = target[1]
            tent = ents[tkey]
            if link.kind == "of" and role.kind != "title" and tent.type == "ORGANIZATION":
                break  # "гражданите на ЕС" are not the EU; "генералният секретар на НАТО" is NATO's
            if link.kind == "of" and role.kind == "modgroup":
                break  # "от страна на САЩ" is "on the part of", not a country's group
            if link.kind == "of" and country is None and tent.type in ("COUNTRY", "ORGANIZATION", "LOCATION"):
                country = tent.code if tent.type == "ORGANIZATION" else tent.country
            elif link.kind == "of" and tent.type == "PERSON":
                break
            in_phrase.add(q)
            last = k = target[0]
        if role.kind == "modgroup" and country is None:
            continue
        code = _join(country, role.code)
        person = name_at.get(last)
        before = name_end.get(first - 2) if first > 1 and toks[first - 1].text == "," else None
        if (
            person is None
            and before is not None
            and role.kind == "title"
            and not _is_plural(toks[j - 1], lang)
        ):
            # "Марян Бачев, министър на културата, заяви": the title after the name is his
            pent = ents[before]
            if pent.type == "PERSON":
                gloss = role.gloss.split("|")[0]
                if gloss and gloss not in pent.roles:
                    pent.roles.append(gloss)
                if pent.source == "model" and pent.code is None:
                    pent.country = country if country in countries() else focus
                    pent.code = _join(country or pent.country, role.code)
                continue
        if (
            person is not None
            and last not in in_phrase
            and (ents[person[1]].type in ("PERSON", "ORGANIZATION") or ents[person[1]].source == "model")
        ):
            pent = ents[person[1]]
            if pent.source == "model" and role.kind == "title" and role.code != "MED":
                pent.type = "PERSON"  # a name after a person's title is a person, whatever the tagger said
            if pent.source != "dictionary" or not pent.code:
                # a title without a country word: the person is taken to be of the focus country
                pent.country = pent.country or (country if country in countries() else None)
                pent.country = pent.country or (focus if country is None else None)
                pent.code = _join(country or pent.country, role.code)
            gloss = role.gloss.split("|")[0]
            if gloss and gloss not in pent.roles:
                pent.roles.append(gloss)
            span_start, span_end = toks[first].start, toks[last - 1].end
            pent.mentions.append(MentionAnn(span_start, span_end, "reference"))
            groups.append(
                ActorAnn(span_start, toks[person[0] - 1].end, pent.code, pent.name, pent.key, person[0] - 1)
            )
            in_phrase.add(last)
            continue
        plural = _is_plural(toks[j - 1], lang)
        if role.kind == "title" and not plural:
            titles.append(Title(toks[first].start, toks[j - 1].end, j - 1, role.code, country, role.gloss))
            continue
        if country is None:
            country = _place_after(toks, j, lex, name_at, ents) or focus
        code = _join(country, role.code)
        if first > 0 and toks[first - 1].text[0].isdigit():
            first -= 1  # "123 задържани лица": the number belongs to the group
        groups.append(ActorAnn(toks[first].start, toks[last - 1].end, code, _name(code), None, j - 1))

    _finish(doc, ents, groups, name_at, in_phrase, titles)


def _next_role(items: list, idx: int, j: int) -> bool:
    if idx + 1 < len(items):
        ni, _nj, nm, _ = items[idx + 1]
        return (
            ni == j
            and nm is not None
            and nm.role is not None
            and nm.role.kind in ("title", "group", "modgroup")
        )
    return False


def _after_honorific(toks: list[Token], i: int, lex: Lexicon) -> bool:
    k = i - 1
    if k >= 0 and toks[k].text == ".":
        k -= 1
    if k < 0:
        return False
    role = lex.roles.get((toks[k].lower,))
    return role is not None and role.kind == "honorific"


def _join(country: str | None, role: str) -> str:
    """Country + role code; an organisation's or group's full code ("IGOUNO", "BGRLEG") stays as it is."""
    if country and (len(country) > 3 or country.endswith(role)):
        return country
    return (country or "") + role


def _name(code: str | None) -> str | None:
    """The name to show for a group's code: its country's, or its region's ("EURGOV" -> Europe)."""
    if not code:
        return None
    c = countries().get(code[:3])
    if c is not None:
        return c.name
    return _region_names().get(code[:3])


@functools.cache
def _region_names() -> dict[str, str]:
    return {a.code: a.name for a in actors().values() if a.type == "LOCATION" and a.country is None}


def _focus(votes: Counter[str], first_seen: dict[str, int]) -> str | None:
    if not votes:
        return None
    return min(votes, key=lambda c: (-votes[c], first_seen[c]))


def _owner(items: list, idx: int, name_at: dict[int, tuple[int, str]], ents: dict[str, _Ent]) -> _Ent | None:
    """The tagged name whose span holds item ``idx``."""
    i = items[idx][0]
    for ni, nj, nm, _t in items:
        if nm is None and ni <= i < nj and ni in name_at:
            return ents[name_at[ni][1]]
    return None


def _place_after(
    toks: list[Token], j: int, lex: Lexicon, name_at: dict[int, tuple[int, str]], ents: dict[str, _Ent]
) -> str | None:
    """The country of "в X" / "in X" right after a group ("протестиращите в Минск" -> BLR), or None."""
    if j + 1 >= len(toks) or toks[j].sent != toks[j - 1].sent:
        return None
    link = lex.roles.get((toks[j].lower,))
    if link is None or link.kind != "in":
        return None
    target = name_at.get(j + 1)
    if target is None:
        return None
    ent = ents[target[1]]
    return ent.country if ent.type in ("COUNTRY", "LOCATION") else None


def _merge_surnames(ents: dict[str, _Ent], name_at: dict[int, tuple[int, str]]) -> None:
    """A one-word tagged name that is the last word of exactly one longer tagged person ("Мей" before or
    after "Тереза Мей") is that person."""
    by_last: dict[str, list[_Ent]] = {}
    for e in ents.values():
        if e.source == "model" and e.last:
            by_last.setdefault(e.last, []).append(e)
    if not by_last:
        return
    for key, e in list(ents.items()):
        if e.source != "model" or e.last or " " in e.native:
            continue
        owners = by_last.get(e.native.lower(), [])
        if len(owners) != 1 or owners[0] is e:
            continue
        owner = owners[0]
        owner.mentions.extend(e.mentions)
        if owner.type != "PERSON" and e.type == "PERSON":
            owner.type = "PERSON"
        del ents[key]
        for i, (j, k) in list(name_at.items()):
            if k == key:
                name_at[i] = (j, owner.key)


def _locate(ent: _Ent, words: tuple[str, ...], lang: str) -> None:
    """Give a tagged place the country and English name of the places gazetteer (Харков -> Kharkiv, UKR).
    A place that is a country becomes a COUNTRY; a city or region stands for its country (PETRARCH codes
    "Zurich" as CHE). Unknown places stay as they are."""
    key = place_key(lang, words)
    if key is None:
        return
    info = gazetteer()[0][key]
    if info.country is None:
        return
    ent.name, ent.country = info.name, info.country
    if info.kind == "country":
        ent.type, ent.code = "COUNTRY", info.country
    elif info.name == countries()[info.country].capital:
        ent.code = info.country + "GOV"
    else:
        ent.code = info.country


def _contained(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the sorted spans."""
    k = bisect.bisect_right(spans, (start, 1 << 62)) - 1
    while k >= 0:
        a, b = spans[k]
        if b >= end:
            return True
        k -= 1
        if k >= 0 and spans[k][1] < start:
            break
    return False


def _finish(
    doc: Document,
    ents: dict[str, _Ent],
    groups: list[ActorAnn],
    name_at: dict[int, tuple[int, str]],
    in_phrase: set[int],
    titles: list[Title],
) -> None:
    order = sorted(ents.values(), key=lambda e: min(m.start for m in e.mentions))
    ids = {e.key: f"e{n}" for n, e in enumerate(order, 1)}
    doc.entities = [
        EntityAnn(
            id=ids[e.key],
            name=e.name,
            native_name=e.native,
            type=e.type,
            country=e.country,
            actor_code=e.code,
            mentions=sorted(e.mentions, key=lambda m: m.start),
            roles=e.roles,
            source=e.source,
        )
        for e in order
    ]
    toks = doc.tokens
    acts: list[ActorAnn] = []
    for g in groups:
        if g.entity is not None:
            g.entity = ids[g.entity]
        acts.append(g)
    inside = {a.head for a in acts}  # a name that heads a phrase or group is already its actor
    starts = sorted((a.start, a.end) for a in acts)
    for i, (j, key) in name_at.items():
        s, e = toks[i].start, toks[j - 1].end
        if i in in_phrase or (j - 1) in inside or _contained(starts, s, e):
            continue
        ent = ents[key]
        acts.append(ActorAnn(s, e, ent.code, ent.name, ids[key], j - 1))
    acts.sort(key=lambda a: (a.start, -a.end))
    doc.actors = acts
    doc.meta["titles"] = titles
