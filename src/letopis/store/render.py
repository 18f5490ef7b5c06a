"""Printing query results (table, CSV, JSON, JSON Lines) and one stored document for ``letopis show``."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any, TextIO

import msgspec

from letopis.store.queries import Result

FORMATS = ("table", "csv", "json", "jsonl")
_MAX_CELL = 60


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value == value else "nan"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = str(value).replace("\n", " ")
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _enc_hook(value: Any) -> Any:
    return str(value)  # Decimal, UUID, intervals: their text


def emit(result: Result, fmt: str, out: TextIO) -> None:
    """Write ``result`` to ``out`` as ``fmt`` (one of FORMATS; ValueError otherwise). A table truncates long
    cells; the other formats keep every value whole."""
    if fmt == "table":
        cells = [[_cell(v) for v in row] for row in result.rows]
        widths = [len(c) for c in result.columns]
        for line in cells:
            widths = [max(w, len(c)) for w, c in zip(widths, line, strict=True)]
        out.write("  ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for line in cells:
            out.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n")
        out.write(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if v is None else v for v in row])
    elif fmt == "json":
        data = msgspec.json.encode(result.dicts(), enc_hook=_enc_hook)
        out.write(msgspec.json.format(data, indent=2).decode("utf-8") + "\n")
    elif fmt == "jsonl":
        enc = msgspec.json.Encoder(enc_hook=_enc_hook)
        for d in result.dicts():
            out.write(enc.encode(d).decode("utf-8") + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# ANSI styles per kind of span, and the brackets used instead when the output is no terminal.
_STYLE = {"evidence": "4", "quote": "32", "entity": "1;36", "trigger": "1;31"}
_BRACKETS = {"quote": ("{", "}"), "entity": ("[", "]"), "trigger": ("<", ">")}
_ORDER = ("evidence", "quote", "entity", "trigger")  # outer to inner


def _spans(doc: dict[str, Any]) -> list[tuple[int, int, str]]:
    text = doc.get("text") or ""
    spans = [(m["start"], m["end"], "entity") for m in doc["entities"] if m["start"] is not None]
    spans += [(q["start"], q["end"], "quote") for q in doc["quotes"] if q["start"] is not None]
    for ev in doc["events"]:
        start, end = ev["start"], ev["end"]
        if start is None:
            continue
        spans.append((start, end, "evidence"))
        trig = ev.get("trigger")
        if trig:
            at = text.find(trig, start, end)
            if at >= 0:
                spans.append((at, at + len(trig), "trigger"))
                continue
            # A trigger of several words ("отношенията подобрят") need not be contiguous: mark each word.
            pos = start
            for word in trig.split():
                at = text.find(word, pos, end)
                if at >= 0:
                    spans.append((at, at + len(word), "trigger"))
                    pos = at + len(word)
    # Two events may share evidence and trigger: mark each span once.
    return sorted({(s, e, k) for s, e, k in spans if 0 <= s < e <= len(text)})


def highlight(text: str, spans: list[tuple[int, int, str]], colour: bool) -> str:
    """``text`` with ``spans`` marked: ANSI styles when ``colour``, else brackets (entities ``[..]``, quotes
    ``{..}``, event triggers ``<..>``; evidence is only underlined in colour)."""
    marks: list[tuple[int, int, int, str]] = []  # (offset, 0 close / 1 open, nesting order, kind)
    for s, e, k in spans:
        if not colour and k not in _BRACKETS:
            continue
        depth = _ORDER.index(k)
        marks.append((s, 1, depth, k))
        marks.append((e, 0, -depth, k))
    marks.sort()
    out: list[str] = []
    pos = 0
    active: dict[str, int] = {}
    for offset, is_open, _, kind in marks:
        out.append(text[pos:offset])
        pos = offset
        if colour:
            active[kind] = active.get(kind, 0) + (1 if is_open else -1)
            styles = ";".join(_STYLE[k] for k in _ORDER if active.get(k, 0) > 0)
            out.append("\x1b[0m" + (f"\x1b[{styles}m" if styles else ""))
        else:
            out.append(_BRACKETS[kind][0 if is_open else 1])
    out.append(text[pos:])
    if colour:
        out.append("\x1b[0m")
    return "".join(out)


def format_document(doc: dict[str, Any], colour: bool = False) -> str:
    """The text of a stored document with its findings marked, then each kind of finding listed."""
    lines = [
        f"document {doc['id']}",
        f"source   {doc['source']}" + (f"  ({doc['url']})" if doc.get("url") else ""),
        f"date     {doc['date'] or '-'}   language {doc['language'] or '-'}   status {doc['status']}"
        + (f" (copy of {doc['duplicate_of'][:12]})" if doc.get("duplicate_of") else ""),
    ]
    if doc.get("title"):
        lines.append(f"title    {doc['title']}")
    if doc.get("error"):
        lines.append(f"error    {doc['error']}")
    text = doc.get("text")
    lines.append("")
    if text:
        lines.append(highlight(text, _spans(doc), colour).rstrip())
    elif doc["status"] == "failed":
        lines.append("(no text: the input could not be read)")
    else:
        lines.append("(the text was not stored: it was ingested with --no-text)")
    ents: dict[int, dict[str, Any]] = {}
    for m in doc["entities"]:
        e = ents.setdefault(m["entity_id"], {**m, "forms": []})
        if m["text"] not in e["forms"]:
            e["forms"].append(m["text"])
    if ents:
        lines += ["", f"Entities ({len(ents)})"]
        for e in ents.values():
            code = f" {e['actor_code']}" if e["actor_code"] else ""
            lines.append(f"  {e['type']:<12} {e['name']}{code}: {', '.join(e['forms'])}")
    if doc["quotes"]:
        lines += ["", f"Quotes ({len(doc['quotes'])})"]
        for q in doc["quotes"]:
            verb = f" ({q['verb']})" if q["verb"] else ""
            lines.append(f"  {q['speaker_name'] or '?'}{verb}: \u201e{q['text']}\u201c")
    if doc["events"]:
        lines += ["", f"Events ({len(doc['events'])})"]
        for ev in doc["events"]:
            src = " ".join(x for x in (ev["source_code"], ev["source_name"] and f"({ev['source_name']})") if x) or "-"
            tgt = " ".join(x for x in (ev["target_code"], ev["target_name"] and f"({ev['target_name']})") if x) or "-"
            when = ev["date"] or "-"
            flag = " background" if ev["background"] else ""
            place = f" at {ev['place_name']}" if ev["place_name"] else ""
            lines.append(
                f"  #{ev['event_id']} {when} {ev['code']} {src} -> {tgt}{place}{flag} "
                f"[rule {ev['rule']}, confidence {ev['confidence']:.2f}]"
            )
            lines.append(f"      \u201e{ev['evidence_text']}\u201c (trigger: {ev['trigger']})")
    for key, title, fmt in (
        ("counts", "Counts", lambda c: f"  {c['type']} {c['number']}{'~' if c['approximate'] else ''} {c['object'] or ''}"),
        ("dates", "Dates", lambda d: f"  {d['text']} -> {d['value']}{' (relative)' if d['relative'] else ''}"),
        ("places", "Places", lambda p: f"  {p['text'] or p['name']} -> {p['name']} {p['country'] or ''} {p['kind'] or ''}"),
    ):
        if doc[key]:
            lines += ["", f"{title} ({len(doc[key])})"]
            lines += [fmt(x).rstrip() for x in doc[key]]
    return "\n".join(lines) + "\n"
