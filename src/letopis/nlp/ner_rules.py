"""Rules over the name tagger's spans: news conventions the Wikipedia-trained model does not know.

``refine(doc, spans, lang)`` takes the model's (start, end exclusive, type) token spans and returns the
final ones: trimmed, split, joined and retyped, with known names, acronyms and repeated surnames added and
one type per name in a document (docs/ner.md lists the rules). The word lists are read once per language
from ``lang/<code>/ner_*.txt`` and ``ner_names.tsv``; a language without them gets the spans trimmed and
split only. Spans out of the token range are a caller's bug and raise IndexError.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from letopis import resources
from letopis.model import Document


@functools.cache
def lexicon(lang: str) -> dict[str, frozenset[str]]:
    lex = {
        name: frozenset(w.lower() for w in resources.lang_words(lang, f"ner_{name}"))
        for name in ("first_names", "roles", "org_heads", "loc_heads", "person_verbs", "not_names")
    }
    lex["heads"] = lex["org_heads"] | lex["loc_heads"]
    return lex


@functools.cache
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in resources.lang_words(lang, "stopwords"))


@functools.cache
def known_words(lang: str):  # -> Callable[[str], bool]
    """A test "is this lower-case form an ordinary dictionary word": simplemma's dictionary for the language
    (its names are lower-cased common nouns there too, which the model weighs), plus the stop words."""
    stop = _stopwords(lang)
    try:
        from simplemma import is_known

        is_known("и", lang=lang)
    except (ImportError, ValueError):
        return stop.__contains__

    @functools.lru_cache(maxsize=200_000)
    def known(word: str) -> bool:
        return word in stop or is_known(word, lang=lang)

    return known


# words that join two names in one sentence ("Великобритания и ЕС", "Брюксел от Лондон"), not one name
_JOINERS = frozenset("и или от в във с със за до към срещу при след пред между , ; : (".split())
_MAX_NAME = 6
# words a name does not end with
_TAIL = _JOINERS | {"на", "по", "да", "че", "не", "се", "е"}


@functools.cache
def _names(lang: str) -> dict[tuple[str, ...], str]:
    """Known names, lower-case token tuples -> type, from ``lang/<code>/ner_names.tsv``."""
    from letopis.nlp.tokens import _TOKEN

    table = resources.lang_table_optional(lang, "ner_names")
    out: dict[tuple[str, ...], str] = {}
    for row in table or ():
        key = tuple(m.group().lower() for m in _TOKEN.finditer(row["name"]))
        if key and len(key) <= _MAX_NAME:
            out[key] = row["type"]
    return out


@functools.cache
def _name_lengths(lang: str) -> dict[str, tuple[int, ...]]:
    """First word of a known name -> the token lengths of the names it starts, longest first."""
    out: dict[str, set[int]] = {}
    for key in _names(lang):
        out.setdefault(key[0], set()).add(len(key))
    return {w: tuple(sorted(ls, reverse=True)) for w, ls in out.items()}


@functools.cache
def solo_names(lang: str) -> frozenset[str]:
    """Known names of one word that start no longer known name."""
    return frozenset(w for w, ls in _name_lengths(lang).items() if ls == (1,))


def _is_acronym(text: str) -> bool:
    return 1 < len(text) <= 6 and text.isupper() and text.isalpha()


def refine(doc: Document, spans: list[tuple[int, int, str]], lang: str) -> list[tuple[int, int, str]]:
    """Trim, split and retype model spans, add known names and acronyms, and make a document consistent:
    a name keeps one type throughout, and a surname seen in a full person name is a person alone too."""
    toks = doc.tokens
    lows = [t.lower for t in toks]  # name keys are tuples of these
    lex = lexicon(lang)
    first_names, roles = lex["first_names"], lex["roles"]
    names = _names(lang)
    known = known_words(lang)
    heads = lex["heads"]
    verbs = lex["person_verbs"]
    out: list[list] = []  # [start, end, type]
    for s, e, t in spans:
        # trim punctuation, lower-case words and titles at the edges ("предаде БТА", "Ройтерс\"", "Д-р")
        while (
            s < e
            and not (toks[s].is_cap or toks[s].text[:1].isdigit())
            or s < e - 1
            and toks[s].lower in roles
        ):
            s += 1
        while e > s and not toks[e - 1].is_word:
            e -= 1
        while e > s and toks[e - 1].lower in _JOINERS:
            e -= 1
        if s >= e:
            continue
        # split at joiners, at lower-case words that are no part of a name, and where a given name starts
        # a new person ("САЩ Доналд Тръмп")
        if tuple(lows[s:e]) in names:
            out.append([s, e, t])
        else:
            for a, b in _split(toks, s, e, first_names, heads):
                while b > a and (toks[b - 1].lower in _TAIL or not toks[b - 1].is_word):
                    b -= 1
                if b > a:
                    # a run of capitalised words cut off a longer span is most often a person's name
                    # ("Европейската комисия Жан-Клод Юнкер")
                    cut = (a, b) != (s, e) and b - a >= 2 and all(toks[m].is_cap for m in range(a, b))
                    out.append(
                        [a, b, "PER" if cut and not any(toks[m].lower in heads for m in range(a, b)) else t]
                    )
    # a span that stops at an adjective runs on to the head word of its name ("Националния | оперативен щаб")
    n = len(toks)
    for x in out:
        e = x[1]
        if (
            toks[e - 1].is_cap
            and toks[e - 1].lemma != toks[e - 1].lower
            and not _opens(toks, e - 1, doc.text)
        ):
            for m in range(e, min(e + 3, n)):
                tm = toks[m]
                if not tm.is_word or tm.is_cap or tm.lower in _TAIL or tm.sent != toks[e - 1].sent:
                    break
                if tm.lower in heads:
                    x[1] = m + 1
                    break
    not_names = lex["not_names"]
    stop = _stopwords(lang)
    # an ordinary word that opens a sentence is no part of the name after it ("Ако Мей", "Напускаме ЕС")
    for x in out:
        s0 = x[0]
        if (
            x[1] - s0 >= 2
            and toks[s0 + 1].is_cap
            and _opens(toks, s0, doc.text)
            and (known(toks[s0].lower) or toks[s0].lemma != toks[s0].lower)
            and toks[s0].lower not in heads
            and toks[s0].lower not in first_names
            and not toks[s0].lower.endswith(_ADJECTIVE_ENDINGS)
            and tuple(lows[s0 : x[1]]) not in names
        ):
            x[0] = s0 + 1
    out = [
        x
        for x in out
        if any(toks[i].is_cap for i in range(x[0], x[1]))
        and not (toks[x[0]].text.isupper() and _shouting(toks, x, known))
        and not (x[1] - x[0] == 1 and (toks[x[0]].lower in not_names or toks[x[0]].lower in stop))
    ]
    # an ordinary word that is capitalised only because it opens a sentence or a line is no name, unless the
    # document writes it with a capital elsewhere too
    text = doc.text
    n = len(toks)
    caps_all = [k for k, t in enumerate(toks) if t.is_cap]
    doubtful = [
        x
        for x in out
        if x[1] - x[0] == 1
        and (known(toks[x[0]].lower) or toks[x[0]].lemma != toks[x[0]].lower)
        and (toks[x[0]].lower,) not in names
        and _opens(toks, x[0], text)
    ]
    # an inflected capitalised word before a lower-case word is an adjective of a phrase that is no name
    # ("Единния пазар", "Общата позиция")
    adjectives = [
        x
        for x in out
        if x[1] - x[0] == 1
        and x[1] < n
        and toks[x[1]].is_word
        and not toks[x[1]].is_cap
        and toks[x[0]].lemma != toks[x[0]].lower
        and toks[x[0]].lower not in heads
        and (toks[x[0]].lower,) not in names
        and not _opens(toks, x[0], text)
    ]
    if doubtful:
        inner_caps = {toks[k].lower for k in caps_all if k > 0 and not _opens(toks, k, text)}
        drop = {id(x) for x in doubtful if toks[x[0]].lower not in inner_caps}
        out = [x for x in out if id(x) not in drop]
    if adjectives:
        drop = {id(x) for x in adjectives}
        out = [x for x in out if id(x) not in drop]
    covered = {i for s, e, _ in out for i in range(s, e)}
    n = len(toks)
    lengths = _name_lengths(lang)
    # known names (longest match at a capitalised word) and acronyms the model missed
    caps = caps_all
    for i in caps:
        if i in covered:
            continue
        tk = toks[i]
        hit = None
        for m in lengths.get(tk.lower, ()):
            if i + m <= n:
                typ = names.get(tuple(lows[i : i + m]))
                if typ and not any(j in covered for j in range(i, i + m)):
                    hit = (i, i + m, typ)
                    break
        if (
            hit is None
            and _is_acronym(tk.text)
            and tk.lower not in not_names
            and tk.lower not in stop
            and (not known(tk.lower) or _lone_capitals(toks, i))
        ):
            hit = (i, i + 1, "ORG")
        if hit is None and _is_latin(tk.text) and i > 0 and toks[i - 1].sent == tk.sent:
            # brands and foreign organisations written in Latin letters (Ryanair, Pfizer, Reuters)
            j = i + 1
            while j < n and toks[j].is_cap and _is_latin(toks[j].text) and j not in covered:
                j += 1
            hit = (i, j, "ORG")
        if hit:
            out.append(list(hit))
            covered.update(range(hit[0], hit[1]))
    _quoted(out, toks, covered, known, caps_all)
    keys = [tuple(lows[x[0] : x[1]]) for x in out]
    # known names get their type; a span right after a role word is a person
    for x, key in zip(out, keys, strict=True):
        typ = names.get(key)
        if typ:
            x[2] = typ
        elif x[0] > 0 and toks[x[0] - 1].lower in roles and all(toks[j].is_cap for j in range(x[0], x[1])):
            x[2] = "PER"
        elif (
            2 <= len(key) <= 4
            and (key[0] in first_names or _double_name(toks[x[0]].text))
            and all(toks[j].is_cap for j in range(x[0], x[1]))
        ):
            x[2] = "PER"
        elif (
            len(key) == 1
            and x[2] != "PER"
            and key[0].endswith(_SURNAME_ENDINGS)
            and not toks[x[0]].text.isupper()
        ):
            x[2] = "PER"
        elif x[2] == "LOC" and (
            (x[0] > 0 and toks[x[0] - 1].lower in verbs) or (x[1] < n and toks[x[1]].lower in verbs)
        ):
            x[2] = "PER"
    # one type per name in a document; surnames of full person names are persons
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    for (s, e, t), key in zip(out, keys, strict=True):
        v = votes.setdefault(key, {})
        v[t] = v.get(t, 0) + 1
        if t == "PER" and e - s >= 2 and toks[s].lower in first_names:
            sv = votes.setdefault(key[-1:], {})
            sv["PER"] = sv.get("PER", 0) + 100
    for x, key in zip(out, keys, strict=True):
        if key not in names:
            v = votes[key]
            x[2] = max(v, key=lambda t: (v[t], t == x[2]))
    # other mentions of single-word names found elsewhere in the document
    singles = {k[0]: v for k, v in votes.items() if len(k) == 1}
    for i in caps:
        tk = toks[i]
        if (
            tk.lower in singles
            and i not in covered
            and (not known(tk.lower) or singles[tk.lower].get("PER", 0) >= 100 or not _opens(toks, i, text))
        ):
            v = singles[tk.lower]
            out.append([i, i + 1, max(v, key=v.__getitem__)])
            covered.add(i)
    # a capitalised word the model missed right before a verb of saying is a person ("Мей обяви", "каза Мей.")
    for i in caps:
        tk = toks[i]
        if i in covered or len(tk.text) < 3 or tk.lower in not_names or tk.text.isupper():
            continue
        if known(tk.lower) and _opens(toks, i, text):
            continue
        after = toks[i + 1] if i + 1 < n and toks[i + 1].sent == tk.sent else None
        before = toks[i - 1] if i > 0 and toks[i - 1].sent == tk.sent else None
        if (after is not None and after.lower in verbs) or (
            before is not None and before.lower in verbs and (after is None or not after.is_word)
        ):
            out.append([i, i + 1, "PER"])
            covered.add(i)
    # a quoted name inside a longer one keeps its closing mark (Информационна агенция „Фокус“)
    for x in out:
        inner = [toks[k].text for k in range(x[0] + 1, x[1])]
        if x[1] < n and toks[x[1]].text in _CLOSE_Q and any(q in _OPEN_Q for q in inner):
            x[1] += 1
    out = _join_of(out, toks, lex["org_heads"])
    return [(s, e, t) for s, e, t in out]


# Slavic surnames ("Борисов", "Захариева", "Мутафчийски", "Вучич"): a lone word so ending is a person
_SURNAME_ENDINGS = ("ов", "ев", "ова", "ева", "ски", "ска", "вич", "чич", "шин", "кин", "енко", "ук")

# adjectives that open a place or organisation name ("Западните Балкани", "Британската библиотека")
_ADJECTIVE_ENDINGS = ("ата", "ия", "ият", "ото", "ите", "ска", "ски", "ско", "на", "ни", "но", "ен")

_OPENERS = frozenset("„“\"«‘'—–-:(")


def _opens(toks: Sequence, k: int, text: str) -> bool:
    """Whether token k opens a sentence, a line, a quotation or a clause after a colon or dash."""
    if k == 0:
        return True
    prev = toks[k - 1]
    if prev.sent != toks[k].sent or "\n" in text[prev.end : toks[k].start]:
        return True
    return prev.text in _OPENERS and (k < 2 or toks[k - 2].sent != prev.sent or not toks[k - 2].is_word)


_OPEN_Q = frozenset('„“"«')
_CLOSE_Q = frozenset('“”"»')


def _quoted(out: list[list], toks: Sequence, covered: set[int], known, caps: list[int]) -> None:
    """A short capitalised title in quotation marks that nothing else took is an organisation: party,
    company or agency names are quoted in Bulgarian („Райънеър“, „Демократична България“). ``caps`` are
    the indexes of the capitalised tokens."""
    n = len(toks)
    for c in caps:
        i = c - 1
        if i < 0 or toks[i].text not in _OPEN_Q or c in covered:
            continue
        j = i + 1
        while j < n and j - i <= 4 and toks[j].text not in _CLOSE_Q and toks[j].sent == toks[i].sent:
            j += 1
        if j >= n or toks[j].text not in _CLOSE_Q or j - i > 4 or j == i + 1:
            continue
        inner = toks[i + 1 : j]
        if any(k in covered for k in range(i + 1, j)) or not all(t.is_word for t in inner):
            continue
        if len(inner) == 1 and known(inner[0].lower):
            continue
        out.append([i + 1, j, "ORG"])
        covered.update(range(i + 1, j))


def _join_of(out: list[list], toks: Sequence, org_heads: frozenset[str]) -> list[list]:
    """Join an organisation ending in its head word with the place or body after "на": "Съда на ЕС",
    "Върховният съд на Пакистан", "Съвета на Европейския съюз" are one name."""
    out.sort()
    joined: list[list] = []
    for x in out:
        if joined and 0 < x[0] - joined[-1][1] <= 2:
            p = joined[-1]
            gap = [t.lower for t in toks[p[1] : x[0]]]
            if gap and all(w in _PARTICLES for w in gap) and p[2] == "PER" and toks[x[0]].is_cap:
                # "Урсула | фон дер | Лайен"
                p[1] = x[1]
                continue
            if (
                p[1] + 1 == x[0]
                and toks[p[1]].lower == "на"
                and toks[p[1] - 1].lower in org_heads
                and x[2] in ("LOC", "ORG")
                and toks[x[0]].is_cap
            ):
                p[1] = x[1]
                p[2] = "ORG"
                continue
        joined.append(x)
    return joined


def _double_name(text: str) -> bool:
    """A hyphenated given name such as Жан-Клод: two capitalised halves."""
    left, _, right = text.partition("-")
    return bool(right) and left[:1].isupper() and right[:1].isupper() and not text.isupper()


def _lone_capitals(toks: Sequence, i: int) -> bool:
    """A short all-capital word among ordinary ones ("предаде АФП"), not part of a shouted line."""
    if len(toks[i].text) > 4:
        return False
    for k in (i - 1, i + 1):
        if 0 <= k < len(toks) and toks[k].is_word and toks[k].text.isupper() and len(toks[k].text) > 1:
            return False
    return True


def _is_latin(text: str) -> bool:
    return text[:1].isupper() and text.isalpha() and text < "ɏ" and not text.isupper()


def _shouting(toks: Sequence, span: list, known) -> bool:
    """An all-capital run of ordinary words ("АКО ВИДИТЕ НЕЩО"): a headline or banner, not a name."""
    words = [toks[i] for i in range(span[0], span[1]) if toks[i].is_word]
    if not words or not all(w.text.isupper() for w in words):
        return False
    long = [w for w in words if len(w.text) > 3]
    # acronyms are short; a run of words is shouting when its long words are dictionary words
    return bool(long) and all(known(w.lower) for w in long) and (len(words) > 1 or len(words[0].text) > 3)


_INNER = frozenset(("на", "за", "по", "и", "от", "срещу", "към"))
# lower-case parts of personal names ("Урсула фон дер Лайен")
_PARTICLES = frozenset("фон дер де ван ди да дел ла ле бин ибн ал ел дос дас ду".split())


def _split(toks: Sequence, s: int, e: int, first_names: frozenset[str], heads: frozenset[str]):
    """Pieces of the span [s, e) that are names. A piece ends at a joiner before a capital ("Брюксел и
    Лондон"), at a run of lower-case words with no head word ("Великобритания напусне ЕС"; "Камарата на
    представителите" stays whole), and before a capital that follows a lower-case word ("Европейската
    комисия Жан-Клод Юнкер") or a given name that follows a word that is not one ("САЩ Доналд Тръмп")."""
    start: int | None = s
    seen_head = toks[s].lower in heads
    k = s + 1
    while k < e:
        tk = toks[k]
        low = tk.lower
        if tk.is_cap:
            prev = toks[k - 1]
            new = (prev.is_word and not prev.is_cap and prev.lower not in _PARTICLES) or (
                low in first_names and prev.lower not in first_names
            )
            if start is None or new:
                if start is not None and k > start:
                    yield start, k
                start = k
                seen_head = low in heads
            elif low in heads:
                seen_head = True
            k += 1
            continue
        if start is None or not tk.is_word or tk.text[:1].isdigit():
            k += 1
            continue
        if low in _PARTICLES and k + 1 < e and toks[k + 1].is_cap:
            k += 1
            continue
        if low in _JOINERS and k + 1 < e and toks[k + 1].is_cap:
            yield start, k
            start = None
            k += 1
            continue
        r = k
        while r < e and toks[r].is_word and not toks[r].is_cap:
            if toks[r].lower in _JOINERS and r + 1 < e and toks[r + 1].is_cap:
                break
            r += 1
        in_run = [m for m in range(k, r) if toks[m].lower in heads]
        if in_run and in_run[-1] + 1 < r and toks[in_run[-1] + 1].lower not in _INNER:
            # the name ends with its head word ("Обединеното кралство | няма")
            yield start, in_run[-1] + 1
            start = None
        elif in_run or (seen_head and toks[k].lower in _INNER):
            seen_head = True
        else:
            yield start, k
            start = None
        k = r
    if start is not None and start < e:
        yield start, e
