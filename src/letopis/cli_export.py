"""CLI commands for the export face: thin wrappers over the library."""

from __future__ import annotations

import sys

import click


def register(main: click.Group) -> None:
    """Add this module's commands to the `letopis` group."""

    @main.command("export")
    @click.argument("out")
    @click.option("--format", "fmt", required=True,
                  type=click.Choice(["gdelt-events", "gdelt-mentions", "gkg", "parquet", "jsonl"]),
                  help="gdelt-events / gdelt-mentions: GDELT 2.0 Event / Mentions files; gkg: GKG 2.1; "
                       "parquet: a folder of datasets partitioned by day; jsonl: document records.")
    @click.option("--since", default=None, metavar="DATE",
                  help="First day (YYYY-MM-DD; a week, month or year means its first day). Events and their "
                       "mentions are filtered on the event's day, documents on their publication date.")
    @click.option("--until", default=None, metavar="DATE",
                  help="Last day, inclusive (a week, month or year means its last day).")
    @click.option("--with-text", is_flag=True, help="jsonl: add each document's stored text to its record.")
    @click.option("--db", default=None, metavar="PATH", help="The store (default: $LETOPIS_DB or letopis.duckdb).")
    def export_cmd(out: str, fmt: str, since: str | None, until: str | None, with_text: bool,
                   db: str | None) -> None:
        """Export the store to OUT: a file ("-" for standard output) or, for parquet, a folder. GDELT files are
        tab-separated, without a header, in the codebooks' column order (docs/export.md)."""
        from letopis.errors import StoreError
        from letopis.store import db as storedb
        from letopis.store.export import export, parse_day

        try:
            first, last = parse_day(since), parse_day(until, last=True)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
        try:
            with storedb.reading(db or storedb.default_path()) as con:
                written = export(con, fmt, out, first, last, with_text)
        except (StoreError, ValueError) as exc:
            click.echo(f"letopis: {exc}", err=True)
            sys.exit(1)
        click.echo("letopis: wrote " + ", ".join(f"{n} {name}" for name, n in written.items()), err=True)
