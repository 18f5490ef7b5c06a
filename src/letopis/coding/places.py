"""places: the countries, cities and regions an article names, with coordinates, one Place per distinct place.

Facts come from two compact tables: ``data/countries.tsv`` (countries and their capitals) and
``data/places.tsv`` (other cities, regions and seas). Surface forms per language are in
``lang/<code>/place_names.tsv``; a language with case endings may list them in ``place_inflections.tsv``
(ending -> replacement endings), which puts them on every one- or two-word form, and ``place_stopwords.txt``
lists forms that are never places (words and first names that look like inflected place names): form as written -> a place name of ``places.tsv``, a capital named in
``countries.tsv``, or a CAMEO country code.

Mentions come from:

* the gazetteer, matched over tokens (longest form first, up to the longest form's length). A match needs a
  capital letter in it ("ивицата Газа" has one); acronyms ("САЩ", "БиХ", "US") match only as written.
  When no form matches a capitalised word, its lemma is tried (Bulgarian definite forms, Russian and Ukrainian
  cases: "Москве" -> "москва"), unless another capitalised word follows (a first name: "Берні Сандерс");
* ``doc.entities`` of type COUNTRY or LOCATION (name mentions only): resolved by CAMEO country, English
  name or native name; a LOCATION that resolves to nothing is dropped unless a dictionary found it, so a
  capitalised word such as "Казах" or "Ако" never becomes a place.

Overlapping candidates keep the longest ("Ивицата Газа" beats "Газа"). Gazetteer matches of towns and regions
inside a PERSON mention are skipped ("Гоце Делчев" the man is not the town); countries are kept. Adjectives ("беларуска територия") are not in the
gazetteer and entity mentions that start in lower case are skipped, so a country named only through an
adjective is no place. A metonym is still a place ("Вашингтон" for the US government is Washington, a city).
A language without ``place_names.tsv`` gets places from entities only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from letopis import resources
from letopis.errors import DataError
from letopis.model import Document, Place, PlaceMention
from letopis.nlp.lemmas import lemmatizer_for
from letopis.nlp.tokens import _TOKEN
from letopis.pipeline import Stage

PLACE_TYPES = ("COUNTRY", "LOCATION")


@dataclass(frozen=True)
class PlaceInfo:
    name: str
    country: str | None
    kind: str  # country | city | region | other
    lat: float | None
    lon: float | None
    geonames_id: int | None


def _float(value: str) -> float | None:
    return float(value) if value else None


def _int(value: str) -> int | None:
    return int(value) if value else None


@functools.lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, PlaceInfo], dict[str, str]]:
    """(key -> place, lower-case English name -> key). Keys are CAMEO codes for countries and English names
    for the rest. Raises DataError on a malformed table."""
    places: dict[str, PlaceInfo] = {}
    names: dict[str, str] = {}
    countries = resources.data_table("countries")
    try:
        for row in countries:
            code = row["cameo"]
            places[code] = PlaceInfo(
                row["name"], code, "country", _float(row["lat"]), _float(row["lon"]), _int(row["geonames_id"])
            )
            names.setdefault(row["name"].lower(), code)
            capital = row.get("capital", "")
            if capital and capital not in places:
                places[capital] = PlaceInfo(
                    capital,
                    code,
                    "city",
                    _float(row["capital_lat"]),
                    _float(row["capital_lon"]),
                    _int(row["capital_geonames_id"]),
                )
                names.setdefault(capital.lower(), capital)
        table = resources.data_table("places")
        for row in table:
            name = row["name"]
            if name in places:
                continue
            places[name] = PlaceInfo(
                name,
                row["country"] or None,
                row["kind"],
                _float(row["lat"]),
                _float(row["lon"]),
                _int(row["geonames_id"]),
            )
            names.setdefault(name.lower(), name)
    except ValueError as exc:
        raise DataError(f"countries.tsv/places.tsv: bad number: {exc}") from exc
    return places, names


def _form_tokens(form: str) -> tuple[str, ...]:
    return tuple(m.group() for m in _TOKEN.finditer(form))


@dataclass(frozen=True)
class PlaceForms:
    by_first: dict[
        str, tuple[tuple[tuple[str, ...], str, bool], ...]
    ]  # first lower word -> (words, key, cased)
    single: dict[str, str]  # one-word forms, lower -> key (for the lemma fallback)
    lower_starts: frozenset[str]  # first words of forms that may start in lower case ("ивицата Газа")


@functools.cache
def place_forms(lang: str | None) -> PlaceForms | None:
    """The gazetteer forms of ``lang`` or None without ``place_names.tsv``. Raises DataError when a form names
    a place that is in neither table."""
    table = resources.lang_table_optional(lang, "place_names") if lang else None
    if table is None:
        return None
    places, _ = gazetteer()
    by_first: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    single: dict[str, str] = {}
    lower_starts: set[str] = set()
    seen: set[tuple[str, ...]] = set()
    plain: list[tuple[tuple[str, ...], str]] = []  # forms that case endings may be put on

    def add(words: tuple[str, ...], key: str, cased: bool, capital_start: bool) -> None:
        lowered = tuple(w.lower() for w in words)
        if lowered in seen:
            return  # the first form listed wins (base forms before inflected ones)
        seen.add(lowered)
        by_first.setdefault(lowered[0], []).append((words if cased else lowered, key, cased))
        if len(words) == 1 and not cased:
            single.setdefault(lowered[0], key)
        if not capital_start or any(w[:1].isupper() for w in words[1:]):
            lower_starts.add(lowered[0])  # "ивицата Газа" is written both ways

    for row in table:
        form, key = row["form"], row["place"]
        if key not in places:
            raise DataError(f"{table.path}: form '{form}' names '{key}', which no place table holds")
        words = _form_tokens(form)
        if not words:
            continue
        letters = [ch for ch in form if ch.isalpha()]
        # "САЩ", "БиХ", "U.S." are acronyms: "бих" (a verb) and "us" (a pronoun) must not match them
        cased = (len(letters) > 1 and all(ch.isupper() for ch in letters)) or any(
            ch.isupper() for w in words for ch in w[1:]
        )
        add(words, key, cased, form[:1].isupper())
        if not cased and len(words) <= 2 and all(len(w) > 3 for w in words):
            plain.append((words, key))
    endings = _inflections(lang)
    if endings:
        for words, key in plain:
            for variant in _inflected(words, endings):
                add(variant, key, False, variant[0][:1].isupper())
    # forms that are words or names more often than places ("Самое", "Берні" of "Берні Сандерс")
    for word in resources.lang_words(lang, "place_stopwords"):
        lowered = tuple(w.lower() for w in _form_tokens(word))
        if lowered:
            by_first[lowered[0]] = [
                e for e in by_first.get(lowered[0], []) if tuple(w.lower() for w in e[0]) != lowered
            ]
            if len(lowered) == 1:
                single.pop(lowered[0], None)
    return PlaceForms(
        {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in by_first.items()},
        single,
        frozenset(lower_starts),
    )


_VOWELS = frozenset("аеёиоуыэюяіїєьйъaeiouy")


def _inflections(lang: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """Case endings of ``lang/<code>/place_inflections.tsv``, longest ending first; empty without the file."""
    table = resources.lang_table_optional(lang, "place_inflections") if lang else None
    if table is None:
        return []
    rules = [
        (r["ending"], tuple(e.strip() for e in r["replacements"].split(",") if e.strip())) for r in table
    ]
    return sorted(rules, key=lambda r: -len(r[0]))


def _word_forms(word: str, endings: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    low = word.lower()
    for ending, replacements in endings:
        if ending == "-":
            if low[-1].isalpha() and low[-1] not in _VOWELS:
                return [word + r for r in replacements]
        elif low.endswith(ending):
            stem = word[: len(word) - len(ending)]
            return [stem + r for r in replacements]
    return []


def _inflected(words: tuple[str, ...], endings: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """Case forms of a one- or two-word name: every ending of each word (two words agree only by luck, and the
    forms that do not agree are no words, so they cost a little memory and nothing else)."""
    options = [[w, *_word_forms(w, endings)] for w in words]
    if len(words) == 1:
        return [(w,) for w in options[0][1:]]
    return [(a, b) for a in options[0] for b in options[1] if (a, b) != words]


# Latin and Greek letters that look Cyrillic: some sites mix them into Cyrillic words ("Пeнcилвaния")
_LATIN_IN = re.compile(r"[a-zα-ω]")
_FOLD = str.maketrans("aceopxykmtbhποαε", "асеорхукмтвнпоае")


def _folded(lower: str) -> str:
    """A lower-case Cyrillic word with look-alike Latin or Greek letters written in Cyrillic; others as given."""
    if lower.isascii() or not _LATIN_IN.search(lower):
        return lower
    return lower.translate(_FOLD)


def _gazetteer_hits(doc: Document, forms: PlaceForms) -> list[tuple[int, int, str]]:
    tokens = doc.tokens
    n = len(tokens)
    hits: list[tuple[int, int, str]] = []
    lemma_of = lemmatizer_for(doc.language)
    lower_starts = forms.lower_starts
    i = 0
    while i < n:
        tok = tokens[i]
        if not tok.is_word or not (tok.is_cap or tok.lower in lower_starts):
            i += 1  # every form needs a capital; most words can be passed over at once
            continue
        found = None
        for words, key, cased in forms.by_first.get(_folded(tok.lower), ()):
            k = len(words)
            if i + k > n:
                continue
            span = tokens[i : i + k]
            if cased:
                if all(t.text == w for t, w in zip(span, words, strict=True)):
                    found = (i + k, key)
                    break
            elif all(_folded(t.lower) == w for t, w in zip(span, words, strict=True)) and any(
                t.is_cap for t in span
            ):
                found = (i + k, key)
                break
        nxt = tokens[i + 1] if i + 1 < n else None
        if (
            found is None
            and tok.is_cap
            and len(tok.lower) > 3
            and not (nxt is not None and nxt.is_cap and nxt.is_word and nxt.sent == tok.sent)
        ):
            # an inflected form before another capitalised word is more often a first name ("Берні Сандерс")
            single = forms.single.get(lemma_of(tok.lower))
            if single is not None:
                found = (i + 1, single)
        if found is None:
            if "-" in tok.text:
                hits.extend(_hyphen_parts(tok.text, tok.start, forms))
            elif "'" in tok.text or "’" in tok.text:
                head = tok.text.replace("’", "'").split("'")[0]  # "Rwanda's": the name without its ending
                single = forms.single.get(head.lower()) if head[:1].isupper() else None
                if single is not None:
                    hits.append((tok.start, tok.start + len(head), single))
            i += 1
            continue
        end, key = found
        hits.append((tok.start, tokens[end - 1].end, key))
        i = end
    return hits


def _hyphen_parts(text: str, start: int, forms: PlaceForms) -> list[tuple[int, int, str]]:
    """Places inside one hyphenated token: "Лондон-Пловдив" (a route), "Минск-Москва"."""
    hits = []
    offset = 0
    for part in text.split("-"):
        key = forms.single.get(part.lower()) if part[:1].isupper() else None
        if key is not None:
            hits.append((start + offset, start + offset + len(part), key))
        offset += len(part) + 1
    return hits


def _entity_key(
    ent, places: dict[str, PlaceInfo], names: dict[str, str], forms: PlaceForms | None
) -> str | None:
    if ent.type == "COUNTRY" and ent.country in places and places[ent.country].kind == "country":
        return ent.country
    key = names.get((ent.name or "").lower())
    if key is not None:
        return key
    if forms is not None and ent.native_name:
        words = tuple(w.lower() for w in _form_tokens(ent.native_name))
        for cand, cand_key, _ in forms.by_first.get(words[0] if words else "", ()):
            if cand == words:
                return cand_key
    return None


def find_places(doc: Document) -> list[Place]:
    """The places of ``doc`` in order of first mention."""
    places, names = gazetteer()
    forms = place_forms(doc.language)
    text = doc.text
    person_spans = [(m.start, m.end) for e in doc.entities if e.type == "PERSON" for m in e.mentions]
    candidates: list[tuple[int, int, int, str]] = []  # (start, end, priority, key)
    extra: dict[str, PlaceInfo] = {}
    if forms is not None:
        for start, end, key in _gazetteer_hits(doc, forms):
            # a town inside a person's name is part of the name ("Гоце Делчев"); a country is not, as
            # people are not named after countries and taggers run names into them ("Мей Великобритания")
            if places[key].kind == "country" or not any(ps <= start and end <= pe for ps, pe in person_spans):
                candidates.append((start, end, 0, key))
    for ent in doc.entities:
        if ent.type not in PLACE_TYPES:
            continue
        found_key = _entity_key(ent, places, names, forms)
        if found_key is None:
            if ent.source != "dictionary" or not ent.name:
                continue  # an unknown capitalised word ("Казах") is no place
            found_key = f"entity:{ent.name}"
            extra[found_key] = PlaceInfo(
                ent.name, ent.country, "country" if ent.type == "COUNTRY" else "other", None, None, None
            )
        key = found_key
        for m in ent.mentions:
            if m.kind != "name" or m.end <= m.start or not text[m.start].isupper():
                continue
            candidates.append((m.start, m.end, 1, key))
    # longest first, the gazetteer before entities on ties; keep what does not overlap a kept span
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    kept: list[tuple[int, int, str]] = []
    for start, end, _, key in candidates:
        if any(start < ke and ks < end for ks, ke, _ in kept):
            continue
        kept.append((start, end, key))
    kept.sort()
    grouped: dict[str, list[PlaceMention]] = {}
    for start, end, key in kept:
        grouped.setdefault(key, []).append(PlaceMention(start, end, text[start:end]))
    out = []
    for key, mentions in grouped.items():
        info = places.get(key) or extra[key]
        out.append(Place(info.name, info.country, info.kind, info.lat, info.lon, info.geonames_id, mentions))
    return out


class PlaceStage(Stage):
    name = "places"
    requires = ("entities",)
    assigns = ("places",)

    def __call__(self, doc: Document) -> Document:
        doc.places = find_places(doc)
        return doc
