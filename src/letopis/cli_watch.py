"""CLI commands for the watch face: thin wrappers over the library."""

from __future__ import annotations

import sys

import click


def register(main: click.Group) -> None:
    """Add this module's commands to the `letopis` group."""

    @main.command()
    @click.argument("feeds", nargs=-1, required=True)
    @click.option("--every", default="15m", show_default=True, help="Time between polls: 30s, 15m, 2h, 1h30m.")
    @click.option("--db", default=None, help="The store to ingest into (default: $LETOPIS_DB, else letopis.duckdb).")
    @click.option("--once", is_flag=True, help="Poll once and stop.")
    @click.option("--max-polls", type=click.IntRange(min=1), default=None, help="Stop after this many polls.")
    @click.option("--language", default=None, help="Treat every document as this language (ISO 639-1).")
    def watch(feeds: tuple[str, ...], every: str, db: str | None, once: bool, max_polls: int | None,
              language: str | None) -> None:
        """Poll RSS/Atom FEEDS (URLs or local files) and ingest their new items into the store until stopped
        (Ctrl-C stops cleanly and prints a summary). Items already stored are not fetched again; items that
        failed are tried again at the next poll. Exit status 0 unless the store cannot be opened."""
        from letopis.errors import StoreError
        from letopis.ingest.watch import parse_every, watch_into_store
        from letopis.store.db import default_path

        try:
            seconds = parse_every(every)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--every") from None

        def report(poll: int, items: list) -> None:
            failed = [i for i in items if i.error]
            click.echo(f"letopis: poll {poll}: {len(items)} new item(s), {len(failed)} failed", err=True)
            for item in failed:
                click.echo(f"letopis: {item.source}: {item.error}", err=True)

        try:
            summary = watch_into_store(feeds, db or default_path(), seconds, 1 if once else max_polls, language,
                                       on_poll=report, on_error=lambda msg: click.echo(f"letopis: {msg}", err=True))
        except StoreError as exc:
            click.echo(f"letopis: {exc}", err=True)
            sys.exit(1)
        click.echo(f"letopis: watch: {summary.line()}", err=True)
