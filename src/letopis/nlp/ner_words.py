"""Name tagging from word lists, for languages without a model (English first; any language with the same
data files under ``lang/<code>/``; the rules are in docs/ner.md, "English").

``tag_by_words(doc, lang)`` returns (first token, end token exclusive, type) spans, type PER, ORG or LOC,
like ``letopis.nlp.ner.tag_names``. ``has_word_data(lang)`` says whether the language has the data
(``ner_org_heads.txt``); a document without tokens gives no spans; a missing optional list is empty.

1. Runs of capitalised words in one sentence, joined over name particles (``ner_joiners``), over
   ``ner_head_joiners`` ("of") after a head word or inside a title, and over the full stop of an initial,
   abbreviation or title ("U.S.", "John F. Kennedy", "Sen.").
2. A run is cut at titles (``roles.tsv`` titles and honorifics, ``ner_titles``): what follows is a person
   unless it ends in a head word ("Justice Department").
3. No names: stop words, ``not_names``, ``ner_not_names``, months and weekdays open no name and never stand
   alone; ``ner_modifiers`` words may open a name that ends in a head ("Democratic Party"). Title-case
   headlines, runs with an event, law or poll word (``ner_event_heads``) and lone sentence-opening words that
   are not known, not capitalised inside a sentence elsewhere and not followed by a verb of saying are
   dropped.
4. Typing, first rule that holds: a known name (``names.tsv`` with ``actors.tsv`` types, the places and
   countries tables, ``ner_names.tsv``); a head at the end (``ner_org_heads``, ``ner_loc_heads``); a place
   opener (``ner_loc_openers``); after a title: person; a head before "of"; a given name first: person; an
   acronym: organisation; several words: organisation with an acronym or a group ending
   (``ner_group_endings``), else person; one word: a head alone, after a place preposition
   (``ner_place_words``): place, after a determiner ("the Senate"): organisation, else person.
5. One type per name in the document (majority), and the surname of a person is a person alone too.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from letopis import resources
from letopis.model import Document, Token
from letopis.nlp.ner_rules import known_words

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_OPEN_QUOTES = frozenset("\"„“«‘'(")
_MAX_RUN = 12
_CACHE_SIZE = 100_000
_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC", "COUNTRY": "LOC"}


def key_of(text: str) -> str:
    """The lookup key of a name: its words lower-cased, space-separated, without full stops ("U.S." -> "u s")."""
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class WordData:
    titles: dict[str, int]  # title phrase -> its length in words; keys are space-separated lower forms
    title_max: int
    title_joins: frozenset[str]  # "secretary of": a joiner inside a title phrase, with the word before it
    org_heads: frozenset[str]
    loc_heads: frozenset[str]
    event_heads: frozenset[str]
    place_words: frozenset[str]
    joiners: frozenset[str]
    not_names: frozenset[str]  # never a name alone, never opening one
    soft_not_names: frozenset[str]  # the same, but may open a name that ends in a head ("Democratic Party")
    stopwords: frozenset[str]
    loc_openers: frozenset[str]  # "San", "Fort", "Lake": an unknown name opening with one is a place
    dates: frozenset[str]  # months and weekdays: a piece with one is no name ("Super Tuesday")
    first_names: frozenset[str]
    verbs: frozenset[str]
    abbreviations: frozenset[str]
    known: dict[str, str]  # key_of(name) -> PER / ORG / LOC, or "" for a word that is no name (adjectives)
    caps_only: frozenset[str]  # keys of names written in capitals ("US", "WHO"): only capitals match
    known_max: int
    known_firsts: frozenset[str]  # first words of the known names
    title_firsts: frozenset[str]  # first words of the titles
    heads: frozenset[str]  # organisation and place heads
    head_joiners: frozenset[str]  # "of", "for", "on": inside a name only after a head word or in a title
    determiners: frozenset[str]  # "the" (roles.tsv kind det): "the X" alone is an organisation
    group_endings: tuple[str, ...]  # plural endings that end a group's name ("United Mine Workers")
    suffixes: tuple[str, ...]  # possessive endings taken off before lookup ("'s")
    bare_cache: dict[str, str]


def has_word_data(lang: str) -> bool:
    return (resources.LANG_ROOT / lang / "ner_org_heads.txt").is_file()


def _words(lang: str, *names: str) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        out.update(w.lower() for w in resources.lang_words(lang, name))
    return frozenset(out)


@functools.cache
def word_data(lang: str) -> WordData:
    """The word lists of one language, read once. Missing files give empty lists; a malformed table raises
    DataError (resources)."""
    titles: dict[str, int] = {}
    roles = resources.lang_table_optional(lang, "roles")
    phrases = [r["words"] for r in roles or () if r["kind"] in ("title", "honorific")]
    for phrase in phrases + list(_words(lang, "ner_titles")):
        key = key_of(phrase)
        if key:
            titles[key] = len(key.split())
    not_names = _words(lang, "stopwords", "not_names")
    date_rows = resources.lang_table_optional(lang, "date_words")
    dates = frozenset(
        r["phrase"].lower()
        for r in date_rows or ()
        if r["kind"] in ("month", "weekday") and " " not in r["phrase"]
    )
    verbs = resources.lang_table_optional(lang, "quote_verbs")
    known, caps = _known_names(lang)
    return WordData(
        titles=titles,
        title_max=max(titles.values(), default=1),
        title_joins=frozenset(" ".join(k.split()[i : i + 2]) for k in titles for i in range(titles[k] - 1)),
        org_heads=_words(lang, "ner_org_heads"),
        loc_heads=_words(lang, "ner_loc_heads"),
        event_heads=_words(lang, "ner_event_heads"),
        place_words=_words(lang, "ner_place_words"),
        joiners=_words(lang, "ner_joiners"),
        not_names=not_names | dates | _words(lang, "ner_not_names"),
        soft_not_names=_words(lang, "ner_modifiers") - not_names,
        dates=dates,
        stopwords=_words(lang, "stopwords"),
        loc_openers=_words(lang, "ner_loc_openers"),
        first_names=_words(lang, "ner_first_names", "given_names"),
        verbs=frozenset(
            r["phrase"].lower() for r in verbs or () if r["kind"] == "verb" and " " not in r["phrase"]
        ),
        abbreviations=frozenset(a.rstrip(".").lower() for a in resources.lang_words(lang, "abbreviations")),
        known=known,
        caps_only=caps,
        known_max=max((k.count(" ") + 1 for k in known), default=1),
        known_firsts=frozenset(k.split(" ", 1)[0] for k in known),
        title_firsts=frozenset(k.split(" ", 1)[0] for k in titles),
        heads=_words(lang, "ner_org_heads", "ner_loc_heads"),
        head_joiners=_words(lang, "ner_head_joiners"),
        determiners=frozenset(r["words"].lower() for r in roles or () if r["kind"] == "det"),
        group_endings=tuple(sorted(_words(lang, "ner_group_endings"))),
        suffixes=_suffixes(lang),
        bare_cache={},
    )


def _suffixes(lang: str) -> tuple[str, ...]:
    """Possessive endings from the ``# suffixes:`` line of names.tsv, also with a typographic apostrophe."""
    names = resources.lang_table_optional(lang, "names")
    listed = names.meta.get("suffixes", "").split() if names is not None else []
    out = dict.fromkeys(listed + [x.replace("'", "’") for x in listed])
    return tuple(sorted(out, key=len, reverse=True))


def _known_names(lang: str) -> tuple[dict[str, str], frozenset[str]]:
    """Names from the actor dictionary and the places tables, keyed by ``key_of``. Places first, so a name
    that is also an actor (a capital standing for its government) stays a place."""
    known: dict[str, str] = {}
    caps: set[str] = set()

    def put(surface: str, typ: str) -> None:
        key = key_of(surface)
        if not key or key in known:
            return
        known[key] = typ
        if surface.isupper() and len(surface) > 1:
            caps.add(key)

    for row in resources.lang_table_optional(lang, "place_names") or ():
        put(row["form"], "LOC")
    for row in resources.data_table("places"):
        put(row["name"], "LOC")
    for row in resources.data_table("countries"):
        put(row["name"], "LOC")
        if row.get("capital"):
            put(row["capital"], "LOC")
    actor_types = {r["key"]: _TYPES.get(r["type"], "ORG") for r in resources.data_table("actors")}
    for row in resources.lang_table_optional(lang, "names") or ():
        kind = row["kind"]
        if kind in ("country", "capital", "region"):
            put(row["surface"], "LOC")
        elif kind == "actor":
            put(row["surface"], actor_types.get(row["key"], "ORG"))
        else:  # adjectives and peoples ("Russian", "Americans") are no names
            put(row["surface"], "")
    for row in resources.lang_table_optional(lang, "ner_names") or ():
        put(row["surface"], "" if row["type"] == "-" else row["type"])
    return known, frozenset(caps)


def _capish(t: Token) -> bool:
    """A word that can be part of a name: capitalised, or a particle word with a capital ("al-Assad")."""
    if not t.is_word:
        return False
    text = t.text
    if "-" in text:
        # "al-Assad" is a name word; "UK-based", "Al-Qaeda-linked", "Israeli-occupied" are not, nor a letter
        # before a hyphen ("R-Texas", "I-Vt": party labels; "X-ray")
        if text[1:2] == "-":
            return False
        tail = text.rsplit("-", 1)[1]
        return tail[:1].isupper() or (t.is_cap and not tail[:1].isalpha())
    return t.is_cap


@functools.lru_cache(maxsize=100_000)
def _word_key(lower: str) -> str:
    return " ".join(_WORD.findall(lower))


def _is_acronym(text: str) -> bool:
    """2-6 capitals, also with a plural or possessive ending ("PACs", "GOP's")."""
    if text.endswith(("s", "'s", "’s")) and not text.isupper():
        text = text[:-2] if text[-2] in "'’" else text[:-1]
    return 1 < len(text) <= 6 and text.isupper() and text.isalpha()


class _Tagger:
    def __init__(self, doc: Document, data: WordData, lang: str) -> None:
        self.toks = doc.tokens
        self.d = data
        self.lang = lang
        self._inner: set[str] | None = None

    def bare(self, lower: str) -> str:
        """A word without the language's possessive ending ("trump's" -> "trump"; ``# suffixes:`` of
        names.tsv). Cached per language, bounded."""
        cache = self.d.bare_cache
        hit = cache.get(lower)
        if hit is None:
            hit = lower
            for suffix in self.d.suffixes:
                if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
                    hit = lower[: -len(suffix)]
                    break
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[lower] = hit
        return hit

    def sentence_start(self, k: int) -> bool:
        """The first word of its sentence, also behind opening quotes or brackets."""
        toks = self.toks
        q = k - 1
        while q >= 0 and toks[q].sent == toks[k].sent and not toks[q].is_word:
            if toks[q].text not in _OPEN_QUOTES and toks[q].text not in "-—–:":
                return False
            q -= 1
        return q < 0 or toks[q].sent != toks[k].sent

    def inner(self) -> set[str]:
        """Words written with a capital somewhere other than at a sentence start: those are names."""
        if self._inner is None:
            self._inner = {
                self.bare(t.lower) for k, t in enumerate(self.toks) if t.is_cap and not self.sentence_start(k)
            }
        return self._inner

    def runs(self) -> list[tuple[int, int]]:
        """Runs of name words (token ranges) within sentences."""
        toks, d = self.toks, self.d
        n = len(toks)
        out = []
        k = 0
        while k < n:
            t = toks[k]
            if not (t.is_cap or "-" in t.text) or not _capish(t):
                k += 1
                continue
            s = k
            e = k + 1
            while e < n and toks[e].sent == toks[s].sent and e - s < _MAX_RUN:
                t = toks[e]
                if _capish(t):
                    e += 1
                    continue
                nxt = e + 1 < n and toks[e + 1].sent == t.sent and _capish(toks[e + 1])
                prev = toks[e - 1]
                if not nxt:
                    break
                if t.text == "." and (
                    (len(prev.text) == 1 and prev.text.isupper())
                    or prev.lower in d.abbreviations
                    or prev.lower in d.titles
                ):
                    e += 1  # "U.S. Senate", "John F. Kennedy", "Sen. Tim Kaine"
                    continue
                if t.lower in d.joiners or (
                    t.lower in d.head_joiners
                    and (
                        self.bare(prev.lower) in d.org_heads  # "Council on Foreign Relations"
                        or prev.lower + " " + t.lower in d.title_joins  # "Secretary of State"
                        or (prev.lower in d.loc_heads and toks[e + 1].lower not in d.not_names)
                    )  # "Gulf of Mexico", not "Golan Heights on Saturday"
                ):
                    e += 1
                    continue
                break
            if toks[e - 1].text == ".":
                e -= 1
            out.append((s, e))
            k = e
        return out

    def words(self, s: int, e: int) -> list[int]:
        return [k for k in range(s, e) if self.toks[k].is_word]

    def known_at(self, idx: list[int], a: int) -> tuple[int, str] | None:
        """The longest known name starting at word ``idx[a]``: (number of words, type)."""
        toks, d = self.toks, self.d
        first = _word_key(self.bare(toks[idx[a]].lower)).split(" ", 1)[0]
        if first not in d.known_firsts:
            return None  # most words start no known name: one set lookup instead of one per length
        for m in range(min(d.known_max, len(idx) - a), 0, -1):
            parts = [_word_key(toks[k].lower) for k in idx[a : a + m - 1]]
            parts.append(_word_key(self.bare(toks[idx[a + m - 1]].lower)))
            key = " ".join(p for p in parts if p)
            typ = d.known.get(key)
            if typ is None:
                continue
            if key in d.caps_only and not all(
                toks[k].text.isupper() or toks[k].text == "." for k in idx[a : a + m]
            ):
                continue
            return m, typ
        return None

    def title_at(self, idx: list[int], a: int) -> int:
        """Length in words of the longest title phrase starting at word ``idx[a]`` (0: none)."""
        toks, d = self.toks, self.d
        if toks[idx[a]].lower not in d.title_firsts:
            return 0
        for m in range(min(d.title_max, len(idx) - a), 0, -1):
            if " ".join(toks[k].lower for k in idx[a : a + m]) in d.titles:
                return m
        return 0

    def tag(self) -> list[tuple[int, int, str]]:
        toks, d = self.toks, self.d
        spans: list[tuple[int, int, str]] = []
        for s, e in self.runs():
            idx = self.words(s, e)
            if any(toks[k].is_cap and toks[k].lower in d.stopwords for k in idx[1:]):
                continue  # a headline in title case ("Not Much Of A Socialist"): stop words have no capital in names
            a = 0
            after_title = s > 0 and self._title_before(s)
            # words that open the run and are no names ("The", "However", "Monday"), unless a known name
            # starts there ("New York")
            while (
                a < len(idx)
                and self.known_at(idx, a) is None
                and self._not_name(idx[a])
                and (self.bare(toks[idx[a]].lower) not in d.soft_not_names or not self._ends_in_head(idx[a:]))
            ):
                a += 1
            start = a
            while a < len(idx):
                m = self.title_at(idx, a)
                if m and a + m < len(idx) and not self._ends_in_head(idx[a + m :]):
                    if a > start:
                        spans.extend(self.pieces(idx[start:a], after_title))
                    a += m
                    start = a
                    after_title = True
                    continue
                a += 1
            if start < len(idx):
                spans.extend(self.pieces(idx[start:], after_title))
        return self.consistent(spans)

    def _title_before(self, s: int) -> bool:
        toks = self.toks
        q = s - 1
        if toks[q].text == "," or not toks[q].is_word or toks[q].sent != toks[s].sent:
            return False
        return toks[q].lower in self.d.titles or self.bare(toks[q].lower) in self.d.titles

    def _not_name(self, k: int) -> bool:
        t = self.toks[k]
        if _is_acronym(t.text) and t.lower not in self.d.soft_not_names:
            return False  # "US" is a country, "TV" is no name
        w = self.bare(t.lower)
        return w in self.d.not_names or w in self.d.soft_not_names

    def _ends_in_head(self, idx: list[int]) -> bool:
        last = self.bare(self.toks[idx[-1]].lower)
        return last in self.d.org_heads or last in self.d.loc_heads

    def pieces(self, idx: list[int], after_title: bool) -> list[tuple[int, int, str]]:
        """Typed spans of one run piece (word token indexes); known names inside split it."""
        if not idx:
            return []
        out: list[tuple[int, int, str]] = []
        # a known name that is the whole piece, or a known place or organisation opening a longer unknown
        # piece that is no organisation ("U.S. | Barack Obama" is handled by titles; "Iowa Democrats")
        hit = self.known_at(idx, 0)
        if hit is not None and hit[0] == len(idx):
            if hit[1]:
                out.append((idx[0], idx[-1] + 1, hit[1]))
            return out
        if hit is not None and not hit[1]:
            # an adjective or people word before a name ("Russian Vladimir Putin", "Syrian Kurds")
            return self.pieces(self._trim(idx[hit[0] :]), after_title)
        heads = self.d.heads
        low = [self.bare(self.toks[k].lower) for k in idx]
        if hit is not None and not any(w in heads for w in low[hit[0] :]):
            # a known name before more words that do not make it longer ("Golan Heights Saturday"); a head
            # word at the end does ("Malaysia Airlines", "New York City")
            out.append((idx[0], idx[hit[0] - 1] + 1, hit[1]))
            return out + self.pieces(self._trim(idx[hit[0] :]), after_title)
        for a in range(1, len(idx) - 1):
            if (
                low[a] in heads
                and low[a + 1] not in self.d.joiners
                and low[a + 1] not in self.d.head_joiners
                and not any(w in heads for w in low[a + 1 :])
            ):
                # "Malaysia Airlines | Boeing": a head inside ends a name when no other head follows
                return self.pieces(idx[: a + 1], after_title) + self.pieces(idx[a + 1 :], False)
        typ = self.type_of(idx, after_title)
        if typ == "PER" and after_title and len(idx) > 2:
            # "Deputy Secretary of Energy Jeffrey Kupfer": the person starts at the given name
            for a in range(1, len(idx) - 1):
                w = self.bare(self.toks[idx[a]].lower)
                if (
                    w in self.d.first_names
                    and self.bare(self.toks[idx[a - 1]].lower) not in self.d.first_names
                ):
                    idx = idx[a:]
                    break
        if typ:
            out.append((idx[0], idx[-1] + 1, typ))
        return out

    def _trim(self, idx: list[int]) -> list[int]:
        """Without joiners at the edges ("of", "bin")."""
        joiners = self.d.joiners | self.d.head_joiners
        a, b = 0, len(idx)
        while a < b and self.toks[idx[a]].lower in joiners:
            a += 1
        while b > a and self.toks[idx[b - 1]].lower in joiners:
            b -= 1
        return idx[a:b]

    def type_of(self, idx: list[int], after_title: bool) -> str:
        toks, d = self.toks, self.d
        first, last = toks[idx[0]], toks[idx[-1]]
        low = [self.bare(toks[k].lower) for k in idx]
        if len(idx) == 1:
            if self._not_name(idx[0]) or len(first.text) < 2:
                return ""
        elif any(w in d.dates for w in low) or all(toks[k].text.isupper() for k in idx):
            return ""  # "Super Tuesday"; an all-capital banner ("FULL TEXT")
        if len(idx) > 1 and d.known.get(low[-1]) == "":
            return ""  # "Sikh Americans": a people or an adjective ends it
        if len(idx) > 1 and any(w in d.event_heads for w in low) and low[-1] not in d.heads:
            return (
                ""  # "Republican National Convention", "World War II": events ("Election Commission" is not)
            )
        if low[0] in d.loc_openers and len(idx) > 1:
            return "LOC"  # "San Bernardino", "Fort Hood"
        if low[-1] in d.loc_heads and len(idx) > 1:
            return "LOC"
        if low[-1] in d.org_heads and len(idx) > 1:
            return "ORG"
        if after_title:
            return "PER"
        if any(toks[k].lower in d.head_joiners for k in idx[1:-1]):
            # the first head before "of" types the name: "Bank of England", "Gulf of Mexico"
            for w in low[:-1]:
                if w in d.org_heads:
                    return "ORG"
                if w in d.loc_heads:
                    return "LOC"
        if low[0] in d.first_names and len(idx) > 1:
            return "PER"
        if len(idx) == 1 and _is_acronym(first.text):
            return "ORG"
        if len(idx) == 1 and first.text.isupper():
            return ""  # an unknown word in capitals is a shout or a banner, no name
        if len(idx) == 1 and not self.sentence_start(idx[0]):
            if low[0] in d.org_heads:
                return "ORG"  # "the House", "Congress", "Parliament"
            if low[0] in d.loc_heads:
                return "LOC"  # "the Gulf"
            if low[0] in d.event_heads or low[0] in d.joiners:
                return ""  # "the Games", "Al"
        single = len(idx) == 1
        k0 = idx[0]
        opens = self.sentence_start(k0)
        # "Jenkins said" opens a sentence with a name; "Analysts said" with a plural noun
        verb_after = (
            idx[-1] + 1 < len(toks)
            and self.bare(toks[idx[-1] + 1].lower) in d.verbs
            and not (opens and single and first.lemma != first.lower)  # the lemmatiser knows the plural
        )
        if single and opens and not verb_after and low[0] not in d.first_names and low[0] not in self.inner():
            return ""  # a capitalised word that only opens sentences ("Officials", "Police")
        if not single:
            if any(_is_acronym(toks[k].text) for k in idx) or (
                d.group_endings and low[-1].endswith(d.group_endings)
            ):
                return "ORG"  # "PBS NewsHour", "United Mine Workers", "Chicago Cubs"
            if self.title_at(idx, 0) == len(idx):
                return ""  # "Secretary of State" with no name after it
            known = known_words(self.lang)
            if all(known(w) for w in low):
                # only dictionary words and no given name: "Federal Reserve", "Border Patrol", "Rust Belt" (a
                # person needs a listed given name here: "Rand Paul")
                return "ORG"
            return "PER"
        if low[0] in d.titles:
            return ""  # "their President"
        prev = toks[k0 - 1] if k0 > 0 and toks[k0 - 1].sent == first.sent else None
        if low[0].endswith("s") and d.known.get(low[0][:-1]) == "PER":
            return "PER"  # "the Clintons"
        if prev is not None and prev.lower in d.determiners:
            prev2 = toks[k0 - 2] if k0 > 1 else None
            if prev2 is not None and prev2.lower in d.place_words and prev2.sent == first.sent:
                return "LOC"
            nxt = toks[k0 + 1] if k0 + 1 < len(toks) else None
            if nxt is None or not nxt.is_word or nxt.is_cap or nxt.sent != first.sent:
                return "ORG"  # "the Senate", "the Pentagon."; "the Ricketts family" is left to the default
        if prev is not None and prev.lower in d.place_words and low[0] not in d.first_names:
            return "LOC"
        if verb_after or low[0] in d.first_names:
            return "PER"
        if last.text[:1].isupper():
            return "PER"
        return ""

    def consistent(self, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """One type per name (majority; ties keep the first), and a person's surname is a person alone too."""
        toks = self.toks
        votes: dict[str, Counter[str]] = {}
        keys = []
        for s, e, t in spans:
            key = " ".join(self.bare(toks[k].lower) for k in range(s, e) if toks[k].is_word)
            keys.append(key)
            votes.setdefault(key, Counter())[t] += 1
        surnames = {
            key.rsplit(" ", 1)[1]
            for key, c in votes.items()
            if " " in key and c.most_common(1)[0][0] == "PER"
        }
        known = self.d.known
        out = []
        for (s, e, _), key in zip(spans, keys, strict=True):
            best = votes[key].most_common(1)[0][0]
            if e - s == 1 and key in surnames and known.get(key) in (None, "PER"):
                best = "PER"
            out.append((s, e, best))
        return out


def tag_by_words(doc: Document, lang: str) -> list[tuple[int, int, str]]:
    """Name spans of ``doc`` from the language's word lists (module docstring). No tokens: no spans."""
    if not doc.tokens:
        return []
    return _Tagger(doc, word_data(lang), lang).tag()
