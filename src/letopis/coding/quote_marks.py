"""Quote marks: pairing them into quoted spans (the first step of the quotes stage, docs/quotes.md).

``find_spans`` pairs „…“ „…” «…» “…” ‘…’ ‚…‘ and straight "…" and '…' (and ``''``, ````…''``, ``’’`` read as one
double mark) with a stack. A straight mark opens or closes by position: after a space, a bracket, a dash, a
comma or colon, or another opening mark, and before a word, it opens; after a word and before a space or
punctuation it closes; spaced off on both sides it closes what is open, else opens. „ « ‚ only open, ” » only
close. An apostrophe between two letters (don't, Д'Артанян) is no mark. A line break ends every open quote: a
quote whose next paragraph opens with the same mark (the English convention for a quotation over several
paragraphs) becomes one part of a chain; other unclosed marks are dropped, as are marks left open at the end.
Nested quotes stay inside the outer quote's text; only outermost spans are returned.

Bad input: an empty text or stray marks give no spans and never raise.
"""

from __future__ import annotations

import re

import msgspec

# opening mark -> the marks that may close it
_CLOSERS = {
    "„": '“”"',
    "“": "”“",
    "«": "»",
    "‘": "’",
    "‚": "‘’",
    '"': '"“”',  # mixed typing: "…“ and "…”
    "'": "'",
}
OPENERS = frozenset(_CLOSERS)
ALL_CLOSERS = frozenset("“”»’‘\"'")
_MARKS = re.compile("[\"'„“”«»‘’‚`\n]")  # one character class: a fast scan
# two apostrophes are a straight double mark; two backquotes open like „ (typewriter and treebank style)
_AS_CHAR = {"''": '"', "``": "„", "’’": "”", "‘‘": "“"}
_DOUBLED = frozenset("'`’‘")
_APOSTROPHES = frozenset("'’")
_ONLY_OPEN = frozenset("„«‚")
_ONLY_CLOSE = frozenset("”»")
_OPEN_CONTEXT = frozenset("([{—–-/,;:") | OPENERS  # 'said,“Look', 'Clinton:"We'
_CLOSE_CONTEXT = frozenset(".,;:!?…)]}—–-") | ALL_CLOSERS


class Span(msgspec.Struct):
    """A pair of quote marks: ``open`` is the opening mark's offset, ``close`` the offset just after the closing
    mark (the line break for a paragraph part left open), ``start``/``end`` the inner text without surrounding
    white space. ``chain`` numbers the parts of one multi-paragraph quotation (-1 for none)."""

    open: int
    close: int
    start: int
    end: int
    chain: int = -1


def find_spans(text: str) -> list[Span]:
    """Outermost quoted spans of ``text``, in order (see the module docstring for the pairing rules)."""
    stack: list[tuple[str, int, int]] = []  # (mark as a character, offset, offset after the mark)
    found: list[Span] = []
    chains = 0
    pending_open, pending_chain = -1, -1  # the opening mark that continues a chain in the next paragraph
    n = len(text)
    skip = -1
    for m in _MARKS.finditer(text):
        i = m.start()
        if i == skip:
            continue
        mark = text[i]
        after = i + 1
        if mark in _DOUBLED and text.startswith(mark, after):
            mark += mark
            after = skip = i + 2
            skip -= 1
        elif mark == "`":
            continue
        if mark == "\n":
            if not stack:
                continue
            _, opened, inner = stack[0]
            first = text[opened:inner]
            stack.clear()
            j = i
            while j < n and text[j].isspace():
                j += 1
            if text.startswith(first, j):
                chain = pending_chain if opened == pending_open else chains
                chains += chain == chains
                _push(found, text, opened, inner, i, i, chain)
                pending_open, pending_chain = j, chain
            continue
        c = _AS_CHAR.get(mark, mark)
        prev = text[i - 1] if i else " "
        nxt = text[after] if after < n else " "
        if c in _APOSTROPHES and prev.isalnum() and nxt.isalnum():
            continue  # an apostrophe inside a word
        can_open = (prev.isspace() or prev in _OPEN_CONTEXT) and not (nxt.isspace() or nxt in _CLOSE_CONTEXT)
        can_close = (not prev.isspace() or nxt in _CLOSE_CONTEXT) and (nxt.isspace() or nxt in _CLOSE_CONTEXT)
        if prev.isspace() and nxt.isspace():  # spaced off on both sides: closes what is open, else opens
            can_close = bool(stack)
            can_open = not stack
        if c in _ONLY_OPEN:
            can_open = True  # „ « ‚ can only open, even when spaced off ("„ Ние сме… “")
        elif c in _ONLY_CLOSE or (c == "“" and stack and stack[-1][0] == "„"):
            can_close = not (prev.isspace() and nxt.isalnum())
        opened = inner = -1
        if stack and can_close and c in _CLOSERS[stack[-1][0]]:
            _, opened, inner = stack.pop()
        elif c in OPENERS and can_open:
            stack.append((c, i, after))
        elif c in ALL_CLOSERS and can_close:
            for depth in range(len(stack) - 2, -1, -1):
                if c in _CLOSERS[stack[depth][0]]:
                    _, opened, inner = stack[depth]
                    del stack[depth:]  # inner marks never closed: part of this quote's text
                    break
        if opened >= 0:
            _push(found, text, opened, inner, i, after, pending_chain if opened == pending_open else -1)
    return _outermost(found)  # marks still open at the end of the text were stray


def _push(found: list[Span], text: str, opened: int, start: int, end: int, closed: int, chain: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Span(open=opened, close=closed, start=start, end=end, chain=chain))


def _outermost(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for s in spans:
        if out and s.start < out[-1].end:
            continue  # nested inside the previous span
        out.append(s)
    return out
