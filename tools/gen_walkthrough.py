"""Write docs/walkthrough.md: every letopis command run on the seed article and on examples/corpus, with its
real output.

Run `python tools/gen_walkthrough.py [OUT]` (default docs/walkthrough.md) after changing the engine or the
CLI: the page shows what the code does now, so it is generated, never edited by hand. The commands run
in-process through click's CliRunner (the pipeline loads once) inside a temporary folder holding a copy of
the corpus and of the seed, so the paths in the page are the ones a reader types at the root of a checkout.
What would differ between two runs is replaced: the temporary folder (by `/path/to/letopis`), timings (by
`…`). Long outputs are cut, visibly: a line ending in `…` was longer, `… (N more lines)` ends a shortened
block.

Exit status 1 when a command that should succeed fails (the page is still written, with the error shown),
so a broken command is noticed when the page is regenerated.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SEED = "src/letopis/demo/000_995f112fad036f26.txt"
CORPUS = "examples/corpus"
DB = "corpus.duckdb"
WIDTH = 180  # characters per output line in the page; longer lines end in "…"
LINES = 30  # output lines per command unless a step says otherwise
SHOWN_ROOT = "/path/to/letopis"
SHOW = "energy-strikes"  # `letopis show` gets the id prefix of the stored document whose source has this
_TIMING = re.compile(r"\b\d+(?:\.\d+)? ?(?:ms|s)\b")
# GDELT's DATEADDED and GKG record ids (the stamp, then a counter that depends on the second it fell in): when
# the store was written, not what it says.
_STAMP = re.compile(r"\b(20\d{6})\d{6}(?:-(T?)\d+)?\b")
_SHELL_SAFE = re.compile(r"[\w@%+=:,./-]+")


@dataclass
class Step:
    """One command shown in the page. ``args`` follow ``letopis``; ``lines``/``width`` bound the output shown;
    ``timed`` masks timings; ``after`` prints files the command wrote (a head, a listing) as a shell would."""

    args: list[str]
    lines: int = LINES
    width: int = WIDTH
    timed: bool = False
    after: Callable[[Path], tuple[str, str]] | None = None
    ok: tuple[int, ...] = (0,)
    after_lines: int = 12


@dataclass
class Section:
    title: str
    text: str
    steps: list[Step] = field(default_factory=list)


def head(name: str, n: int) -> Callable[[Path], tuple[str, str]]:
    """A `head -n N FILE` of a file the previous command wrote."""

    def show(work: Path) -> tuple[str, str]:
        path = work / name
        if not path.is_file():
            return f"head -n {n} {name}", f"head: {name}: no such file"
        with path.open(encoding="utf-8") as f:
            out = [line.rstrip("\n") for _, line in zip(range(n), f, strict=False)]
        return f"head -n {n} {name}", "\n".join(out)

    return show


def listing(folder: str) -> Callable[[Path], tuple[str, str]]:
    """A `find FOLDER -type f | sort` of a folder the previous command wrote."""

    def show(work: Path) -> tuple[str, str]:
        base = work / folder
        files = sorted(str(p.relative_to(work)) for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        return f"find {folder} -type f | sort", "\n".join(files) or f"find: {folder}: no files"

    return show


def sections() -> list[Section]:
    """The page's sections, in the order a reader would try the commands."""
    return [
        Section("One article: `demo` and `extract`",
                "`letopis demo` runs the whole pipeline on the bundled seed article (a Bulgarian report of "
                "2025-12-18) and prints what it found. `letopis extract` does the same for any files; "
                "`--format table` is the readable form, JSONL (the default) the one record per document that "
                "[docs/record.md](record.md) describes.",
                [Step(["demo"], lines=45),
                 Step(["extract", SEED, "--format", "table"], lines=12),
                 Step(["extract", SEED], lines=1, width=600)]),
        Section("The sample corpus into a store: `ingest`",
                f"[{CORPUS}](../{CORPUS}) holds thirteen short articles of December 2025 in Bulgarian, English "
                "and Russian, in the seed format, JSONL, an HTML page in Windows-1251 and an RSS feed whose "
                "items link to pages beside it (its [README](../examples/corpus/README.md) lists them). "
                "`ingest` reads them all into a DuckDB store. The two feed pages are also files of the "
                "corpus: read twice, stored once (\"already there\"). The republished copy of the agency "
                "story about Belarus is stored as a copy. Ingesting again adds nothing.",
                [Step(["ingest", CORPUS, "--db", DB], timed=True),
                 Step(["ingest", CORPUS, "--db", DB], timed=True)]),
        Section("Feeds: `watch`",
                "`watch` polls RSS/Atom feeds (URLs or files) and ingests their new items; here once, twice, "
                "into a store of its own: the second poll finds nothing new and fetches no page again.",
                [Step(["watch", f"{CORPUS}/feed/news.rss", "--once", "--db", "feed.duckdb"], timed=True),
                 Step(["watch", f"{CORPUS}/feed/news.rss", "--once", "--db", "feed.duckdb"], timed=True)]),
        Section("What is in the store: `stats`", "", [Step(["stats", "--db", DB])]),
        Section("Events: `events`",
                "Merged events, newest first: one row per real-world event however many articles report "
                "it (`mentions`, `articles`, `sources`). Filters combine.",
                [Step(["events", "--db", DB, "--limit", "12"]),
                 Step(["events", "--db", DB, "--actor", "BLR"]),
                 Step(["events", "--db", DB, "--root", "14"]),
                 Step(["events", "--db", DB, "--since", "2025-12-15", "--until", "2025-12-19"]),
                 Step(["events", "--db", DB, "--no-background", "--country", "UKR"]),
                 Step(["events", "--db", DB, "--min-sources", "2"]),
                 Step(["events", "--db", DB, "--actor", "USA", "--format", "csv"], lines=8)]),
        Section("Quotes, entities, dyads",
                "Who said what (speakers are resolved through the entities, in any of the corpus's "
                "languages); the canonical entities across documents; and the events between two actors per "
                "week, both directions, by QuadClass, with mean Goldstein and tone.",
                [Step(["quotes", "--db", DB, "--speaker", "Lukashenko"]),
                 Step(["entities", "--db", DB, "--type", "person", "--limit", "12"]),
                 Step(["dyad", "BLR", "USA", "--by", "week", "--db", DB])]),
        Section("One document: `show`",
                "A unique id prefix is enough. The Windows-1251 page, decoded: `[...]` marks entity "
                "mentions, `{...}` quotes, `<...>` event triggers.",
                [Step(["show", SHOW, "--db", DB], lines=45)]),
        Section("Any question: `sql`",
                "Read-only SQL on the store's tables (docs/schema.md).",
                [Step(["sql", "--db", DB, "SELECT status, language, count(*) AS documents FROM documents "
                       "GROUP BY ALL ORDER BY ALL"]),
                 Step(["sql", "--db", DB, "SELECT left(id, 12) AS id, status, left(duplicate_of, 12) AS copy_of, "
                       "source FROM documents WHERE source LIKE '%belarus%' ORDER BY source"]),
                 Step(["sql", "--db", DB, "SELECT root_code, count(*) AS events, round(avg(goldstein), 1) AS "
                       "goldstein FROM events GROUP BY root_code ORDER BY events DESC, root_code LIMIT 8"])]),
        Section("Exports: `export`",
                "GDELT 2.0 Event and Mentions files and GKG 2.1 records (tab-separated, no header, the "
                "codebooks' columns), Parquet datasets partitioned by day, and the document records as "
                "JSONL; `--since`/`--until` cut by day. See [docs/export.md](export.md).",
                [Step(["export", "--db", DB, "--format", "gdelt-events", "--since", "2025-12-13",
                       "--until", "2025-12-13", "events.tsv"], after=head("events.tsv", 3)),
                 Step(["export", "--db", DB, "--format", "gdelt-mentions", "mentions.tsv"],
                      after=head("mentions.tsv", 2)),
                 Step(["export", "--db", DB, "--format", "gkg", "gkg.tsv"], after=head("gkg.tsv", 2)),
                 Step(["export", "--db", DB, "--format", "parquet", "parquet"], after=listing("parquet")),
                 Step(["export", "--db", DB, "--format", "jsonl", "records.jsonl"], after=head("records.jsonl", 1))]),
        Section("Scores: `eval`",
                "The seed article against its gold record (with ../shared present, `letopis eval` also "
                "scores SlavicNER, PETRARCH-2 and the quotation sets).",
                [Step(["eval", "--part", "seed"], width=400)]),
    ]


def clip(text: str, lines: int, width: int) -> str:
    """At most ``lines`` lines of at most ``width`` characters; what was cut is marked with "…"."""
    rows = text.rstrip("\n").split("\n") if text.strip() else []
    out = [r if len(r) <= width else r[: width - 1] + "…" for r in rows[:lines]]
    if len(rows) > lines:
        out.append(f"… ({len(rows) - lines} more lines)")
    return "\n".join(out)


def clean(text: str, work: Path, timed: bool, days: set[str]) -> str:
    """Output made independent of where and when it ran: the temporary folder, timings (``timed``) and
    timestamps of the ``days`` the generator ran (YYYYMMDD)."""
    for real in {work, work.resolve()}:
        text = text.replace(real.as_uri(), "file://" + SHOWN_ROOT).replace(str(real), SHOWN_ROOT)
    text = text.replace(SHOWN_ROOT + "/" + DB, DB)
    text = _STAMP.sub(lambda m: _stamp(m) if m[1] in days else m[0], text)
    return _TIMING.sub("…", text) if timed else text


def _stamp(m: re.Match[str]) -> str:
    return "YYYYMMDDhhmmss" + ("" if m[2] is None else f"-{m[2]}N")


def today() -> set[str]:
    """Today's date (YYYYMMDD) in UTC and here: ingest stamps rows with one of them."""
    now = dt.datetime.now(dt.UTC)
    return {now.strftime("%Y%m%d"), now.astimezone().strftime("%Y%m%d")}


def quote(arg: str) -> str:
    """``arg`` as a reader would type it in a POSIX shell (SQL in double quotes, so its '...' stay readable)."""
    if _SHELL_SAFE.fullmatch(arg):
        return arg
    if not any(c in arg for c in '"$`\\!'):
        return f'"{arg}"'
    return shlex.quote(arg)


def run(step: Step, work: Path, days: set[str]) -> tuple[str, bool]:
    """The Markdown block of one step, and whether its exit status was the expected one."""
    from click.testing import CliRunner

    from letopis.cli import main

    result = CliRunner().invoke(main, step.args, catch_exceptions=True)
    out = clean(result.stdout, work, step.timed, days)
    err = clean(result.stderr, work, step.timed, days)
    body = clip(out, step.lines, step.width)
    if err.strip():
        body = (body + "\n" if body else "") + clip(err, 6, step.width)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        body += f"\n(failed: {type(result.exception).__name__}: {result.exception})"
    ok = result.exit_code in step.ok
    if result.exit_code:
        body += f"\n(exit status {result.exit_code})"
    block = ["```console", "$ " + " ".join(quote(a) for a in ["letopis", *step.args])]
    if body:
        block.append(body)
    if step.after is not None:
        command, shown = step.after(work)
        block += ["$ " + command, clip(clean(shown, work, False, days), step.after_lines, step.width)]
    block.append("```")
    return "\n".join(block), ok


def first_id(work: Path, like: str) -> str:
    """The 12-character id prefix of the stored document whose source contains ``like`` ("" when none)."""
    import duckdb

    con = duckdb.connect(str(work / DB), read_only=True)
    try:
        row = con.execute("SELECT left(id, 12) FROM documents WHERE source LIKE ? ORDER BY id LIMIT 1",
                          [f"%{like}%"]).fetchone()
    finally:
        con.close()
    return str(row[0]) if row else ""


def render(work: Path) -> tuple[str, list[str]]:
    """The page, and the commands that failed. ``work`` must hold the corpus and the seed (see prepare)."""
    out = [
        "# Walkthrough",
        "",
        "Every command of letopis, run on the bundled seed article and on the sample corpus in "
        f"[{CORPUS}](../{CORPUS}), with its real output. Generated by `tools/gen_walkthrough.py`; do not "
        "edit (the output changes as the engine improves: regenerate the page). Long outputs are cut: a line "
        "ending in `…` was longer. Run the same commands at the root of a checkout to get the same store.",
        "",
    ]
    failed: list[str] = []
    days = today()
    for number, section in enumerate(sections(), 1):
        out += [f"## {number}. {section.title}", ""]
        if section.text:
            out += [section.text, ""]
        for step in section.steps:
            if step.args[0] == "show":
                step.args[1] = first_id(work, SHOW)
            block, ok = run(step, work, days | today())
            if not ok:
                failed.append(shlex.join(step.args))
            out += [block, ""]
    return "\n".join(out).rstrip("\n") + "\n", failed


def prepare(work: Path) -> None:
    """Copy the corpus and the seed into ``work`` at their paths in the checkout."""
    shutil.copytree(ROOT / CORPUS, work / CORPUS)
    (work / SEED).parent.mkdir(parents=True)
    shutil.copyfile(ROOT / SEED, work / SEED)


def generate(target: Path) -> list[str]:
    """Write the page to ``target``; the commands that failed (empty when all ran as expected)."""
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="letopis-walk-") as tmp:
        work = Path(tmp)
        prepare(work)
        saved = os.environ.pop("LETOPIS_DB", None)
        os.chdir(work)
        try:
            page, failed = render(work)
        finally:
            os.chdir(here)
            if saved is not None:
                os.environ["LETOPIS_DB"] = saved
    target.write_text(page, encoding="utf-8")
    return failed


def main_() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "walkthrough.md"
    failed = generate(target)
    for command in failed:
        print(f"gen_walkthrough: failed: letopis {command}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main_())
