"""Scoring one document record against a gold file in ``shared/GOLD_FORMAT.md`` form.

``score_gold(record, gold)`` returns, per part (entities, quotes, events, counts, dates), what was found and
missed and precision/recall/F1, following the rules of GOLD_FORMAT.md:

* entities: a gold entity is found by an output entity of the same type whose canonical name equals it
  (case-insensitive) or one of whose mention texts equals a gold surface. Output entities that match no gold
  entity are false positives. Correct ``actor_code`` is counted separately (``actor_code_ok``).
* quotes: an output quote whose text starts with ``text_start`` (quote marks and spaces trimmed) and whose
  ``speaker_name`` equals the gold speaker.
* events: a core gold event is found by an output event with the same source and target country prefix (the
  first three letters of the actor codes), a code in ``code`` + ``accept`` or the same root, and the same
  ``background``. Output events that match no gold event (core or optional) are false positives.
* counts: same type and number; dates: same surface and value.

``load_gold(path)`` reads a ``NAME.gold.json`` file; ``score_files`` scores every gold file in a folder against
the records letopis makes of the articles beside them. A gold file that is not JSON raises ValueError naming it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from letopis.model import DocumentRecord, Event

_TRIM = " \t\n\"'„“”«»‘’"


def load_gold(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read gold file: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: gold file is not a JSON object")
    return data


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_entities(rec: DocumentRecord, gold: dict[str, Any]) -> dict[str, Any]:
    gold_ents = gold.get("entities", [])
    used: set[str] = set()
    found, missed, code_ok = [], [], 0
    for g in gold_ents:
        surfaces = set(g.get("surfaces", []))
        hit = None
        for e in rec.entities:
            if e.type != g["type"]:
                continue
            if e.name.lower() == g["name"].lower() or any(m.text in surfaces for m in e.mentions if m.kind == "name"):
                hit = e
                break
        if hit is None:
            missed.append(g["name"])
            continue
        used.add(hit.id)
        found.append(g["name"])
        if hit.actor_code == g.get("actor_code"):
            code_ok += 1
    extra = [f"{e.name} ({e.type})" for e in rec.entities if e.id not in used]
    return {
        "gold": len(gold_ents),
        "found": len(found),
        "missed": missed,
        "false_positives": extra,
        "actor_code_ok": code_ok,
        **_prf(len(found), len(found) + len(extra), len(gold_ents)),
    }


def score_quotes(rec: DocumentRecord, gold: dict[str, Any]) -> dict[str, Any]:
    gold_q = gold.get("quotes", [])
    used: set[int] = set()
    found, missed = 0, []
    for g in gold_q:
        start = g["text_start"].strip(_TRIM)
        hit = next(
            (
                i
                for i, q in enumerate(rec.quotes)
                if i not in used and q.text.strip(_TRIM).startswith(start) and q.speaker_name == g.get("speaker")
            ),
            None,
        )
        if hit is None:
            missed.append(start[:40])
        else:
            used.add(hit)
            found += 1
    return {"gold": len(gold_q), "found": found, "missed": missed, **_prf(found, len(rec.quotes), len(gold_q))}


def _event_matches(ev: Event, g: dict[str, Any]) -> bool:
    src = (ev.source.code or "")[:3] if ev.source else ""
    tgt = (ev.target.code or "")[:3] if ev.target else ""
    if src != (g.get("source") or "")[:3] or tgt != (g.get("target") or "")[:3]:
        return False
    codes = {g["code"], *g.get("accept", [])}
    if ev.code not in codes and ev.root_code != g.get("root", g["code"][:2]):
        return False
    return ev.background == bool(g.get("background", False))


def score_events(rec: DocumentRecord, gold: dict[str, Any]) -> dict[str, Any]:
    gold_ev = gold.get("events", [])
    core = [g for g in gold_ev if g.get("tier", "core") == "core"]
    found_core = [g["id"] for g in core if any(_event_matches(ev, g) for ev in rec.events)]
    unmatched = [ev for ev in rec.events if not any(_event_matches(ev, g) for g in gold_ev)]
    n_out = len(rec.events)
    precision = (n_out - len(unmatched)) / n_out if n_out else 1.0
    recall = len(found_core) / len(core) if core else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    # Background marking: every output event that matches a gold event's actors and code (ignoring the
    # background flag) must carry the gold flag.
    bg_wrong = []
    for ev in rec.events:
        for g in gold_ev:
            if _event_matches(ev, {**g, "background": ev.background}) and ev.background != bool(g.get("background")):
                bg_wrong.append(f"{g['id']} {ev.code} background={ev.background}")
    return {
        "core_total": len(core),
        "found_core": len(found_core),
        "found_ids": found_core,
        "missed_ids": [g["id"] for g in core if g["id"] not in found_core],
        "output": n_out,
        "false_positives": [
            f"{ev.source.code if ev.source else '-'}->{ev.target.code if ev.target else '-'} {ev.code} "
            f"'{ev.evidence.trigger}' bg={ev.background}"
            for ev in unmatched
        ],
        "background_wrong": bg_wrong,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def score_counts(rec: DocumentRecord, gold: dict[str, Any]) -> dict[str, Any]:
    gold_c = gold.get("counts", [])
    got = {(c.type, c.number) for c in rec.counts}
    found = [g for g in gold_c if (g["type"], g["number"]) in got]
    return {"gold": len(gold_c), "found": len(found), **_prf(len(found), len(rec.counts), len(gold_c))}


def score_dates(rec: DocumentRecord, gold: dict[str, Any]) -> dict[str, Any]:
    gold_d = gold.get("dates", [])
    got = {(d.text, d.value) for d in rec.dates}
    found = [g for g in gold_d if (g["surface"], g["value"]) in got]
    return {
        "gold": len(gold_d),
        "found": len(found),
        "missed": [g["surface"] for g in gold_d if (g["surface"], g["value"]) not in got],
        **_prf(len(found), len(rec.dates), len(gold_d)),
    }


def score_gold(rec: DocumentRecord, gold: dict[str, Any]) -> dict[str, Any]:
    """Every part's score for one record against one gold annotation."""
    return {
        "entities": score_entities(rec, gold),
        "quotes": score_quotes(rec, gold),
        "events": score_events(rec, gold),
        "counts": score_counts(rec, gold),
        "dates": score_dates(rec, gold),
    }


def score_files(folder: Path, pipeline: Any = None) -> list[dict[str, Any]]:
    """Score every ``*.gold.json`` in ``folder`` against letopis's record of the article it names."""
    from letopis.ingest.readers import read_path
    from letopis.runners.local import extract_items

    results = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = load_gold(gold_path)
        article = gold_path.with_name(gold.get("file") or gold_path.name.replace(".gold.json", ".txt"))
        rec = next(extract_items(read_path(article), pipeline))
        results.append({"file": article.name, **score_gold(rec, gold)})
    return results
