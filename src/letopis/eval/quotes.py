"""Scoring the quotes stage on PolNeAR (English news, attribution relations; ``shared/data/polnear``).

PolNeAR marks every attribution (direct and indirect speech, beliefs) with Source, Cue and Content spans. Direct
quotations are a subset, so the figures are defined this way:

* gold direct quotation: an attribution whose Content holds double quote marks (" “ ”) and whose quoted part
  (first mark to last) covers at least half of the Content ("mostly verbatim"). Contents with a short quoted
  phrase inside a paraphrase are counted apart ("partial") and are not in the recall denominator.
* detection precision: an output quotation is right when at least half of its characters lie inside the
  Content of some gold attribution (direct or not); otherwise it is a false positive (a title, a scare quote).
* detection recall: a gold direct quotation is found when an output quotation overlaps its Content.
* speaker: the speaker slot of an output quotation (the words beside the speech verb, or after "according
  to") is right when it overlaps the gold Source span. ``speaker_accuracy``: right slots among the output
  quotations matched to an attribution with a Source; ``speaker_precision``: right among those that have a
  slot; ``speaker_recall``: gold direct quotations with a Source found with a right slot. This scores where
  the speaker is read from, not entity resolution (the English pipeline has no references to resolve with).
* cue: of the matched quotations with a Source, the share whose speech verb lies inside the gold Cue span.

Only one annotator's file is used per article (the first in name order). The ``test`` split is never used
by default: develop on ``train``, report ``dev``.

``evaluate_quotes(shared)`` returns the figures as a dict. A missing PolNeAR folder raises FileNotFoundError;
an unreadable annotation line is skipped.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from letopis.coding.quotes import Candidate, find_candidates
from letopis.model import Document
from letopis.pipeline import Pipeline, PipelineConfig

_DOUBLE = frozenset('"“”')

Ranges = list[tuple[int, int]]


def read_ann(path: Path) -> list[dict[str, Ranges]]:
    """Attributions of one brat ``.ann`` file: dicts with ``content``, ``cue`` and ``source`` ranges."""
    spans: dict[str, tuple[str, Ranges]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, offsets = parts[1].partition(" ")
            try:
                ranges = [(int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))]
            except ValueError:
                continue
            spans[parts[0]] = (kind, ranges)
        elif parts[0].startswith("E"):
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for rel in relations:
        att: dict[str, Ranges] = {}
        for role in ("Content", "Cue", "Source"):
            ref = rel.get(role)
            if ref in spans:
                att[role.lower()] = spans[ref][1]
        if "content" in att:
            out.append(att)
    return out


def _overlap(a: tuple[int, int], ranges: Ranges) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in ranges)


def quoted_share(text: str, content: Ranges) -> float:
    """Share of the Content between its first and last double quote mark (0 with fewer than two marks)."""
    marks = [i for s, e in content for i in range(s, e) if text[i] in _DOUBLE]
    total = sum(e - s for s, e in content)
    if len(marks) < 2 or not total:
        return 0.0
    return (marks[-1] - marks[0] + 1) / total


def _articles(root: Path, split: str) -> list[tuple[Path, Path]]:
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir():
        raise FileNotFoundError(f"{text_dir}: PolNeAR split not found")
    pairs = []
    for txt in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{txt.stem}_*.ann"))
        if anns:
            pairs.append((txt, anns[0]))
    return pairs


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate_quotes(
    shared: Path, split: str = "dev", limit: int | None = None, adaq: bool = True
) -> dict[str, Any]:
    """Quote detection and speaker figures on PolNeAR ``split`` (see the module docstring); with ``adaq``, the
    Czech and Russian ADAQ figures too (keys ``adaq_cs``, ``adaq_ru``), when that folder is there."""
    root = shared / "data" / "polnear" / "data"
    pipe = Pipeline.from_config(PipelineConfig(stages=("language", "sentences", "tokens"), language="en"))
    n = dict.fromkeys(
        ("pred", "tp", "direct", "direct_found", "partial", "partial_found", "matched_source", "slotted",
         "speaker_ok", "cue_ok", "framed", "direct_source", "direct_speaker_found"),
        0,
    )  # fmt: skip
    seconds = 0.0
    articles = _articles(root, split)[:limit]
    for txt, ann in articles:
        text = txt.read_text(encoding="utf-8")
        gold = read_ann(ann)
        doc = pipe(Document(text, language="en"))
        t0 = time.perf_counter()
        cands = find_candidates(doc)
        seconds += time.perf_counter() - t0
        hits: dict[int, list[Candidate]] = {}
        for c in cands:
            n["pred"] += 1
            span = (c.span.start, c.span.end)
            overlaps = [(_overlap(span, g["content"]), gi) for gi, g in enumerate(gold)]
            for ov, gi in overlaps:
                if ov:
                    hits.setdefault(gi, []).append(c)
            best_overlap, best = max(overlaps, default=(0, -1))
            if best < 0 or best_overlap * 2 < span[1] - span[0]:
                continue
            n["tp"] += 1
            n["framed"] += c.frame != ""
            g = gold[best]
            if "source" in g:
                n["matched_source"] += 1
                n["slotted"] += c.slot_start >= 0
                n["speaker_ok"] += _speaker_right(c, g["source"])
                n["cue_ok"] += _cue_right(doc, c, g.get("cue", []))
        for gi, g in enumerate(gold):
            share = quoted_share(text, g["content"])
            if share >= 0.5:
                n["direct"] += 1
                n["direct_found"] += gi in hits
                if "source" in g:
                    n["direct_source"] += 1
                    n["direct_speaker_found"] += any(_speaker_right(c, g["source"]) for c in hits.get(gi, ()))
            elif share > 0:
                n["partial"] += 1
                n["partial_found"] += gi in hits
    detection = _prf(n["tp"], n["pred"], n["direct_found"], n["direct"])
    speaker = _prf(n["speaker_ok"], n["slotted"], n["direct_speaker_found"], n["direct_source"])
    return {
        "dataset": f"PolNeAR {split} (English), first annotator per article",
        "articles": len(articles),
        "gold": n["direct"],
        "predicted": n["pred"],
        "tp": n["tp"],
        **detection,
        "speaker_accuracy": _ratio(n["speaker_ok"], n["matched_source"]),
        "speaker_precision": speaker["precision"],
        "speaker_recall": speaker["recall"],
        "cue_accuracy": _ratio(n["cue_ok"], n["matched_source"]),
        "framed_share": _ratio(n["framed"], n["tp"]),
        "gold_partial": n["partial"],
        "partial_found": _ratio(n["partial_found"], n["partial"]),
        "ms_per_article": round(1000 * seconds / len(articles), 4) if articles else 0.0,
        **(
            {f"adaq_{lang}": evaluate_quotes_adaq(shared, lang) for lang in ("cs", "ru")}
            if adaq and (shared / "data" / "quotes_cs_ru").is_dir()
            else {}
        ),
    }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _speaker_right(c: Candidate, source: Ranges) -> bool:
    return c.slot_start >= 0 and _overlap((c.slot_start, c.slot_end), source) > 0


def _cue_right(doc: Document, c: Candidate, cue: Ranges) -> bool:
    if c.verb is None:
        return False
    return any(s <= t.start < e and t.text == c.verb for s, e in cue for t in doc.tokens if s <= t.start < e)


def _read_tsv(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quotechar='"'))
    return rows[1:]


def _ranges(offsets: list[tuple[int, int]]) -> Ranges:
    """Merge token offsets that follow each other (at most a space apart) into ranges."""
    out: Ranges = []
    for s, e in sorted(offsets):
        if out and s - out[-1][1] <= 1:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def read_adaq(shared: Path, lang: str) -> list[tuple[str, dict[str, Ranges]]]:
    """The ADAQ sentences of ``lang`` (cs or ru) with their gold ``content``, ``source`` and ``cue`` character
    ranges, found by aligning the token table to the sentence text. Raises FileNotFoundError when absent."""
    root = shared / "data" / "quotes_cs_ru"
    sentences = {row[1]: row[0] for row in _read_tsv(root / f"{lang}_sentences.tsv") if len(row) >= 2}
    tags: dict[str, list[tuple[str, str]]] = {}
    for row in _read_tsv(root / f"{lang}_tokens.tsv"):
        if len(row) >= 5:
            tags.setdefault(row[2], []).append((row[1], row[4]))
    out = []
    for sid, text in sentences.items():
        spans: dict[str, list[tuple[int, int]]] = {"content": [], "source": [], "cue": []}
        cursor = 0
        for word, tag in tags.get(sid, []):
            i = text.find(word, cursor)
            if i < 0:
                continue
            cursor = i + len(word)
            if tag in spans:
                spans[tag].append((i, cursor))
        out.append((text, {k: _ranges(v) for k, v in spans.items()}))
    return out


def evaluate_quotes_adaq(shared: Path, lang: str) -> dict[str, Any]:
    """Direct-quotation figures on the ADAQ Czech or Russian sentences (``shared/data/quotes_cs_ru``): one
    sentence at a time, with the same definitions as PolNeAR (a contiguous run of content tokens is one gold
    unit; it is a direct quotation when its quoted part covers half of it)."""
    pipe = Pipeline.from_config(PipelineConfig(stages=("language", "sentences", "tokens"), language=lang))
    n = dict.fromkeys(
        ("sentences", "pred", "tp", "direct", "found", "with_source", "speaker_ok", "slotted"), 0
    )
    for text, gold in read_adaq(shared, lang):
        n["sentences"] += 1
        doc = pipe(Document(text, language=lang))
        cands = find_candidates(doc)
        units = gold["content"]
        direct = [u for u in units if quoted_share(text, [u]) >= 0.5]
        n["direct"] += len(direct)
        n["found"] += sum(any(_overlap((c.span.start, c.span.end), [u]) for c in cands) for u in direct)
        for c in cands:
            n["pred"] += 1
            if _overlap((c.span.start, c.span.end), units) * 2 < c.span.end - c.span.start:
                continue
            n["tp"] += 1
            if gold["source"]:
                n["with_source"] += 1
                n["slotted"] += c.slot_start >= 0
                n["speaker_ok"] += _speaker_right(c, gold["source"])
    return {
        "dataset": f"ADAQ {lang} sentences",
        "sentences": n["sentences"],
        "gold": n["direct"],
        "predicted": n["pred"],
        "tp": n["tp"],
        **_prf(n["tp"], n["pred"], n["found"], n["direct"]),
        "speaker_accuracy": _ratio(n["speaker_ok"], n["with_source"]),
        "speaker_precision": _ratio(n["speaker_ok"], n["slotted"]),
        "matched_with_source": n["with_source"],
    }
