"""CLI command ``letopis eval``: a thin wrapper over letopis.eval.report."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("eval")
@click.option("--part", "parts", multiple=True, type=click.Choice(["seed", "gold", "slavicner", "petrarch", "quotes"]),
              help="Evaluations to run (repeatable; default: all that have data).")
@click.option("--gold", "gold_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of ARTICLE.txt + ARTICLE.gold.json pairs to score (repeatable).")
@click.option("--shared", default=None, help="The shared gold-data folder (default: $LETOPIS_SHARED or ../shared).")
@click.option("--languages", default="bg", show_default=True,
              help="SlavicNER languages, comma-separated (bg,cs,pl,ru,sl,uk).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the full results as JSON to this file.")
def eval_command(parts: tuple[str, ...], gold_dirs: tuple[Path, ...], shared: str | None, languages: str,
                 json_out: Path | None) -> None:
    """Score letopis against gold sets: the seed article, your own gold folders, SlavicNER entity spans,
    PETRARCH-2 English event records and quotation attribution."""
    import msgspec

    from letopis.eval.report import PARTS, find_shared, format_table, run

    shared_dir = find_shared(shared)
    chosen = parts or (PARTS if gold_dirs else tuple(p for p in PARTS if p != "gold"))
    results = run(chosen, shared_dir, gold_dirs, tuple(x.strip() for x in languages.split(",") if x.strip()))
    click.echo(format_table(results))
    if json_out:
        json_out.write_bytes(msgspec.json.format(msgspec.json.encode(results), indent=2) + b"\n")
    if any("error" in r for r in results.values()):
        sys.exit(1)


def register(main: click.Group) -> None:
    """Add ``eval`` to the ``letopis`` group."""
    main.add_command(eval_command)
