"""CLI commands for the store face: thin wrappers over the library (``letopis.store``).

Exit codes: 0 all well; 1 some input failed (ingest) or nothing found (show); 2 usage error (a refused query,
an unknown or ambiguous document, no store at the path); 3 the store is busy (another process writes it).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

EXIT_BUSY = 3


def _db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db", envvar="LETOPIS_DB", default="letopis.duckdb", show_default=True,
        help="The store file (default: $LETOPIS_DB, else letopis.duckdb here).",
    )(f)


def _output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--limit", type=int, default=100, show_default=True, help="At most this many rows (0: all).")(f)
    f = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
                     show_default=True)(f)
    return _db_option(f)


def _store_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn store errors into a message on standard error and an exit code, never a traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import duckdb

        from letopis.errors import StoreError
        from letopis.store.db import StoreBusy
        from letopis.store.queries import NotFound, QueryRefused

        try:
            return f(*args, **kwargs)
        except StoreBusy as exc:
            click.echo(f"letopis: {exc}", err=True)
            sys.exit(EXIT_BUSY)
        except (StoreError, QueryRefused, NotFound) as exc:
            click.echo(f"letopis: {exc}", err=True)
            sys.exit(2)
        except duckdb.Error as exc:
            click.echo(f"letopis: the query failed: {exc}", err=True)
            sys.exit(2)

    return wrapper


def _print(result: Any, fmt: str, limit: int | None = None) -> None:
    from letopis.store.render import emit

    emit(result, fmt, sys.stdout)
    if limit and len(result.rows) >= limit:
        click.echo(f"letopis: the first {limit} rows; --limit N for more, --limit 0 for all", err=True)


def _period_edge(last: bool) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """A click callback reading a day, ISO week, month or year: its first day (``--since``) or its last
    (``--until``), so that ``--until 2025-11`` means up to 30 November."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        from letopis.store.merge import date_interval

        if value is None:
            return None
        interval = date_interval(value.strip())
        if interval is None:
            raise click.BadParameter(f"{value!r} is no date; give YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY")
        return interval[1 if last else 0].isoformat()

    return callback


def _query(db: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    from letopis.store.db import reading

    with reading(db) as con:
        return fn(con, *args, **kwargs)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option("--records", is_flag=True, help="PATHS hold records from `letopis extract --with-text` (JSONL), not articles.")
@click.option("--language", default=None, help="Treat every document as this language (ISO 639-1).")
@click.option("--batch", "batch_size", type=int, default=200, show_default=True,
              help="Documents per transaction (or what came in 5 s): a crash loses at most the uncommitted ones.")
@click.option("--text/--no-text", "store_text", default=True, show_default=True,
              help="Keep each document's text (needed by `letopis show`).")
@click.option("--progress/--no-progress", default=None, help="Progress line on standard error (default: when it is a terminal).")
@_store_errors
def ingest(paths: tuple[str, ...], db: str, records: bool, language: str | None, batch_size: int,
           store_text: bool, progress: bool | None) -> None:
    """Read PATHS (files, directories, globs, URLs: whatever `extract` reads) into the store. Documents
    already stored are skipped; syndicated copies are marked; bad input is recorded and the run goes on."""
    from letopis.progress import Progress
    from letopis.runners.local import build_pipeline, read_items
    from letopis.store.writer import ingest_items, ingest_records, read_records

    path_errors: list[str] = []
    bar = Progress(enabled=progress if progress is not None else sys.stderr.isatty(), label="articles")

    def on_record(rec: Any) -> None:
        bar.update(1, events=len(rec.events))
        if rec.errors and not rec.language:  # could not be read: say which and why, as `extract` does
            click.echo(("\n" if bar.enabled else "") + f"letopis: {rec.source}: {'; '.join(rec.errors)}", err=True)

    if records:
        stats = ingest_records(read_records(paths, path_errors), db, batch_size, store_text, on_record)
    else:
        stats = ingest_items(
            read_items(paths, path_errors), db, build_pipeline(language), batch_size, store_text, on_record
        )
    bar.close()
    for err in path_errors:
        click.echo(f"letopis: {err}", err=True)
    click.echo(
        f"letopis: {stats.documents} documents stored in {db} ({stats.processed} processed, "
        f"{stats.duplicates} syndicated {'copy' if stats.duplicates == 1 else 'copies'}, {stats.failed} failed), {stats.skipped} already there; "
        f"{stats.events} event mentions, {stats.new_events} new events; {stats.seconds:.1f} s",
        err=True,
    )
    if stats.failed or path_errors:
        sys.exit(1)


@click.command()
@_output_options
@click.option("--actor", help="Either actor: a CAMEO code prefix (BLR, BLRGOV) or part of a name.")
@click.option("--source", help="The source actor (code prefix or part of a name).")
@click.option("--target", help="The target actor (code prefix or part of a name).")
@click.option("--code", help="CAMEO event code prefix (08, 084, 0841).")
@click.option("--root", help="CAMEO root code (01-20).")
@click.option("--quad", type=click.IntRange(1, 4), multiple=True, help="QuadClass 1-4 (repeatable).")
@click.option("--since", callback=_period_edge(False),
              help="Events whose date reaches this day or later (YYYY-MM-DD; or a week, month, year: from its start).")
@click.option("--until", callback=_period_edge(True),
              help="Events whose date starts on this day or earlier (or a week, month, year: up to its end).")
@click.option("--country", help="Where it happened, or either actor's country (CAMEO 3-letter code).")
@click.option("--place", help="Part of the place name.")
@click.option("--background/--no-background", default=None, help="Only background events, or only current ones.")
@click.option("--min-sources", type=int, help="Reported by at least this many sources.")
@_store_errors
def events(db: str, fmt: str, limit: int, **filters: Any) -> None:
    """Merged events in the store, newest first."""
    from letopis.store import queries

    _print(_query(db, queries.events, limit=limit or None, **filters), fmt, limit)


@click.command()
@_output_options
@click.option("--speaker", help="Part of the speaker's name (Latin or native).")
@click.option("--document", help="A document id prefix.")
@_store_errors
def quotes(db: str, fmt: str, limit: int, speaker: str | None, document: str | None) -> None:
    """Quotes in the store with their speakers, newest first."""
    from letopis.store import queries

    _print(_query(db, queries.quotes, speaker=speaker, document=document, limit=limit or None), fmt, limit)


@click.command()
@_output_options
@click.option("--type", "type_", type=click.Choice(["PERSON", "ORGANIZATION", "LOCATION", "COUNTRY"], case_sensitive=False))
@click.option("--name", help="Part of the Latin or native name.")
@_store_errors
def entities(db: str, fmt: str, limit: int, type_: str | None, name: str | None) -> None:
    """Canonical entities across documents, most documents first."""
    from letopis.store import queries

    _print(_query(db, queries.entities, type=type_, name=name, limit=limit or None), fmt, limit)


@click.command()
@click.argument("a")
@click.argument("b")
@_output_options
@click.option("--by", type=click.Choice(["week", "month", "year"]), default="month", show_default=True)
@_store_errors
def dyad(a: str, b: str, db: str, fmt: str, limit: int, by: str) -> None:
    """Events between actors A and B (code prefixes or names) per period, in both directions: how many in each
    QuadClass, mean Goldstein and mean tone."""
    from letopis.store import queries

    _print(_query(db, queries.dyad, a, b, by=by, limit=limit or None), fmt, limit)


@click.command()
@click.argument("doc_id")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--colour/--no-colour", "colour", default=None,
              help="ANSI colours (default: when standard output is a terminal).")
@_store_errors
def show(doc_id: str, db: str, fmt: str, colour: bool | None) -> None:
    """Show one stored document (a unique id prefix is enough) with its entities, quotes and event evidence
    marked in the text, then listed."""
    from letopis.store import queries
    from letopis.store.render import format_document

    doc = _query(db, queries.document, doc_id)
    if fmt == "json":
        import msgspec

        sys.stdout.write(msgspec.json.format(msgspec.json.encode(doc, enc_hook=str), indent=2).decode() + "\n")
        return
    use_colour = sys.stdout.isatty() if colour is None else colour
    click.echo(format_document(doc, use_colour), nl=False, color=use_colour)


@click.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table", show_default=True)
@_store_errors
def stats(db: str, fmt: str) -> None:
    """Figures about the store: documents by status and language, events, entities, quotes, size."""
    from letopis.store import queries

    _print(_query(db, queries.stats, db), fmt)


@click.command()
@click.argument("query")
@_output_options
@_store_errors
def sql(query: str, db: str, fmt: str, limit: int) -> None:
    """Run one read-only SQL query (SELECT, WITH, DESCRIBE, SHOW) on the store. docs/schema.md lists the
    tables."""
    from letopis.store import queries
    from letopis.store.db import connect

    con = connect(db, read_only=True, external_access=False)
    try:
        result = queries.sql(con, query, limit=limit or None)
    finally:
        con.close()
    _print(result, fmt, limit)


COMMANDS = (ingest, events, quotes, entities, dyad, show, stats, sql)


def register(main: click.Group) -> None:
    """Add this module's commands to the `letopis` group."""
    for command in COMMANDS:
        main.add_command(command)
