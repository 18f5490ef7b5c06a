"""``letopis eval``: every evaluation in one table (and JSON).

Parts: ``seed`` (the bundled seed article against its gold), ``gold`` (every ``*.gold.json`` in folders the
user names), ``slavicner`` (entity spans per language and split), ``petrarch`` (English event coding at CAMEO
root level), ``quotes`` (quotation attribution). Gold sets that are not on this machine are reported as
skipped with the path that was looked for; an evaluation that fails is reported with its error and the others
still run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

PARTS = ("seed", "gold", "slavicner", "petrarch", "quotes")


def find_shared(given: str | None = None) -> Path | None:
    """The shared gold-data folder: the one given, $LETOPIS_SHARED, or a ``shared`` folder beside the
    current directory or the source checkout."""
    cands = [given, os.environ.get("LETOPIS_SHARED"), "../shared", "shared"]
    here = Path(__file__).resolve()
    cands += [str(p / "shared") for p in here.parents[:5]]
    for c in cands:
        if c and (Path(c) / "data").is_dir():
            return Path(c).resolve()
    return None


def _need(shared: Path | None) -> Path:
    if shared is None:
        raise ValueError("shared gold data not found")
    return shared


def _seed(_shared: Path | None, gold_dirs: Iterable[Path]) -> dict[str, Any]:
    from letopis.eval.gold import score_files

    folder = Path(__file__).resolve().parent.parent / "demo"
    return {"files": score_files(folder)}


def _gold(_shared: Path | None, gold_dirs: Iterable[Path]) -> dict[str, Any]:
    from letopis.eval.gold import score_files

    files: list[dict[str, Any]] = []
    for d in gold_dirs:
        files += score_files(d)
    return {"files": files}


def _slavicner(shared: Path | None, _gold_dirs: Iterable[Path], languages: tuple[str, ...] = ("bg",)) -> dict[str, Any]:
    from letopis.eval.slavicner import evaluate_slavicner

    out = {}
    for split in ("single_out_topic", "cross-topic"):
        out[split] = evaluate_slavicner(_need(shared), languages=languages, split=split, part="test")
    return out


def _petrarch(shared: Path | None, _gold_dirs: Iterable[Path]) -> dict[str, Any]:
    from letopis.eval.petrarch import evaluate_petrarch

    return evaluate_petrarch(_need(shared) / "data" / "petrarch_validation" / "PETR2_GSR_validation.xml")


def _quotes(shared: Path | None, _gold_dirs: Iterable[Path]) -> dict[str, Any]:
    from letopis.eval.quotes import evaluate_quotes

    return evaluate_quotes(_need(shared))


def run(parts: Iterable[str], shared: Path | None, gold_dirs: Iterable[Path] = (),
        languages: tuple[str, ...] = ("bg",)) -> dict[str, Any]:
    results: dict[str, Any] = {}
    gold_dirs = list(gold_dirs)
    for part in parts:
        if part in ("slavicner", "petrarch", "quotes") and shared is None:
            results[part] = {"unavailable": "shared gold data not found (give --shared or set LETOPIS_SHARED)"}
            continue
        if part == "gold" and not gold_dirs:
            continue
        try:
            if part == "slavicner":
                results[part] = _slavicner(shared, gold_dirs, languages)
            else:
                results[part] = {"seed": _seed, "gold": _gold, "petrarch": _petrarch, "quotes": _quotes}[part](
                    shared, gold_dirs
                )
        except Exception as exc:  # one broken evaluation must not hide the others
            results[part] = {"error": f"{type(exc).__name__}: {exc}"}
    return results


def _fmt(v: Any) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def format_table(results: dict[str, Any]) -> str:
    lines = []
    for part, res in results.items():
        if "unavailable" in res or "error" in res:
            lines.append(f"{part:<10} {res.get('unavailable') or 'ERROR ' + res['error']}")
            continue
        if part in ("seed", "gold"):
            for f in res["files"]:
                ev, en, q, c, d = f["events"], f["entities"], f["quotes"], f["counts"], f["dates"]
                lines.append(
                    f"{part:<10} {f['file']}: entities {en['found']}/{en['gold']} (P {en['precision']:.2f}, "
                    f"codes ok {en['actor_code_ok']}), quotes {q['found']}/{q['gold']}, "
                    f"events core {ev['found_core']}/{ev['core_total']} P {ev['precision']:.2f} "
                    f"(background wrong {len(ev['background_wrong'])}), counts {c['found']}/{c['gold']}, "
                    f"dates {d['found']}/{d['gold']}"
                )
        elif part == "slavicner":
            lines.append(f"{'slavicner':<10} {'split':<17} {'lang':<5} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6} "
                         f"{'F1 untyped':>10} {'F1 relaxed':>10}")
            for split, per_lang in res.items():
                for lang, r in per_lang.items():
                    r = r.get(split, r) if isinstance(r, dict) else r  # evaluate_slavicner nests {lang: {split: ...}}
                    if not isinstance(r, dict) or "f1" not in r:
                        continue
                    lines.append(
                        f"{'':<10} {split:<17} {lang:<5} {r.get('docs', 0):>5} {_fmt(r.get('precision')):>6} "
                        f"{_fmt(r.get('recall')):>6} {_fmt(r.get('f1')):>6} "
                        f"{_fmt(r.get('untyped', {}).get('f1', '-')):>10} {_fmt(r.get('relaxed', {}).get('f1', '-')):>10}"
                    )
        else:
            keys = [k for k in ("records", "sentences", "gold", "gold_events", "predicted", "output_events", "tp",
                                "matched", "precision", "recall", "f1",
                                "speaker_accuracy") if k in res]
            lines.append(f"{part:<10} " + ", ".join(f"{k} {_fmt(res[k])}" for k in keys))
    return "\n".join(lines)
