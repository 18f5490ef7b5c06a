"""Name tagging: spans of tokens that are names of people, organisations and places.

``tag_names(doc)`` returns (first token, end token exclusive, type) with type PER, ORG or LOC, for the
document's language. This first version tags runs of capitalised words that do not start a sentence.
"""

from __future__ import annotations

from letopis.model import Document


def tag_names(doc: Document) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    toks = doc.tokens
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.is_cap and t.is_word and not (i == 0 or toks[i - 1].sent != t.sent):
            j = i + 1
            while j < n and toks[j].is_cap and toks[j].is_word and toks[j].sent == t.sent:
                j += 1
            spans.append((i, j, "LOC"))
            i = j
        else:
            i += 1
    return spans
