"""The command line: thin wrappers over the library. Each command parses options, calls one library function
and prints. Exit codes: 0 all well, 1 some document failed (records carry ``errors``), 2 usage error."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from letopis import __version__


def _stdout_bytes(data: bytes) -> None:
    sys.stdout.buffer.write(data)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="letopis")
@click.option("-v", "--verbose", count=True, help="More log messages on standard error.")
def main(verbose: int) -> None:
    """letopis reads dated news articles and writes the chronicle of what happened in them: actors, CAMEO
    events, quotes, counts, dates, places and tone."""
    logging.basicConfig(
        level=logging.WARNING - 10 * min(verbose, 2), format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True)
@click.option("--with-text", is_flag=True, help="Add the document text to each record.")
@click.option("--language", default=None, help="Treat every document as this language (ISO 639-1) instead of identifying it.")
@click.option("--strict", is_flag=True, help="Stop at the first document that fails.")
@click.option("--progress/--no-progress", default=None, help="Progress line on standard error (default: when output is not a terminal and there are many files).")
def extract(paths: tuple[str, ...], fmt: str, with_text: bool, language: str | None, strict: bool,
            progress: bool | None) -> None:
    """Extract the document record of every article in PATHS: files, directories (walked), globs and
    http(s) URLs, in the seed format (first line ` date YYYY-MM-DD `), plain text, JSONL (`text` and
    optionally `date`, `id`, `source`, `language`, `title`), HTML pages, RSS/Atom feeds and WARC archives.
    One record per document on standard output; problems go to standard error and into the record's
    `errors`. Exit code 1 when any document failed."""
    from letopis.model import encode_json
    from letopis.progress import Progress
    from letopis.runners.local import build_pipeline, extract_items, read_items
    from letopis.summary import format_record

    path_errors: list[str] = []
    pipeline = build_pipeline(language)
    many = len(paths) >= 20 or any(Path(p).is_dir() or "*" in p or p.endswith((".jsonl", ".warc", ".warc.gz"))
                                   for p in paths)
    show = progress if progress is not None else (not sys.stdout.isatty() and many)
    bar = Progress(total=None, enabled=show)
    failed = 0
    records = []
    for rec in extract_items(read_items(paths, path_errors), pipeline, with_text):
        bar.update(1, events=len(rec.events))
        if rec.errors and not rec.language:
            failed += 1
            click.echo(f"letopis: {rec.source}: {'; '.join(rec.errors)}", err=True)
            if strict:
                bar.close()
                sys.exit(1)
        if fmt == "jsonl":
            _stdout_bytes(encode_json(rec) + b"\n")
        elif fmt == "table":
            click.echo(format_record(rec) + "\n")
        else:
            records.append(rec)
    bar.close()
    for err in path_errors:
        click.echo(f"letopis: {err}", err=True)
    if fmt == "json":
        import msgspec

        _stdout_bytes(msgspec.json.format(encode_json(records), indent=2) + b"\n")
    if failed or path_errors:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table", show_default=True)
def demo(fmt: str) -> None:
    """Run letopis on the bundled seed article (a Bulgarian report of 2025-12-18) and print what it found."""
    import msgspec

    from letopis.ingest.readers import read_path
    from letopis.model import encode_json
    from letopis.runners.local import build_pipeline, extract_items
    from letopis.summary import format_record

    seed = Path(__file__).parent / "demo" / "000_995f112fad036f26.txt"
    for rec in extract_items(read_path(seed), build_pipeline()):
        rec = msgspec.structs.replace(rec, source="demo/" + seed.name)
        if fmt == "table":
            click.echo(format_record(rec))
        elif fmt == "json":
            _stdout_bytes(msgspec.json.format(encode_json(rec), indent=2) + b"\n")
        else:
            _stdout_bytes(encode_json(rec) + b"\n")


def _register_faces() -> None:
    """Commands that live in their own modules (store, exports, feeds, evaluation) join the group here."""
    from letopis import cli_eval, cli_export, cli_store, cli_watch

    for module in (cli_store, cli_export, cli_watch, cli_eval):
        module.register(main)


_register_faces()

if __name__ == "__main__":  # pragma: no cover
    main()
