"""Loading the data files that ship with letopis: one module reads them all and checks every row.

Every table is a UTF-8 TSV file. It opens with comment lines (``# key: value``) that must name at least
``source`` and ``licence``; the first non-comment line names the columns; then one row per line. Blank lines
and lines starting with ``#`` are skipped. A row with the wrong number of fields, or an empty value in a
column whose name ends with ``*`` in the header (a required column), raises ``DataError`` naming the file
and line. Trailing empty optional fields may be left out.

Language data live in ``letopis/lang/<code>/``; language-independent data in ``letopis/data/``. Tables are
read once per process and cached; nothing is downloaded.
"""

from __future__ import annotations

import functools
from importlib import resources as importlib_resources
from pathlib import Path

from letopis.errors import DataError

PACKAGE_ROOT = Path(str(importlib_resources.files("letopis")))
LANG_ROOT = PACKAGE_ROOT / "lang"
DATA_ROOT = PACKAGE_ROOT / "data"

Row = dict[str, str]


class Table(list[Row]):
    """Rows of one data file, with its header facts (source, licence, version...) in ``meta``."""

    def __init__(self, rows: list[Row], meta: dict[str, str], path: Path, columns: list[str]) -> None:
        super().__init__(rows)
        self.meta = meta
        self.path = path
        self.columns = columns


def read_table(path: Path) -> Table:
    """Read one TSV data file (see the module docstring). Raises DataError on a malformed file."""
    if not path.is_file():
        raise DataError(f"{path}: data file not found")
    meta: dict[str, str] = {}
    columns: list[str] | None = None
    required: list[bool] = []
    rows: list[Row] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            if line.startswith("#"):
                if columns is None and ":" in line:
                    key, _, value = line[1:].partition(":")
                    meta[key.strip().lower()] = value.strip()
                continue
            fields = line.split("\t")
            if columns is None:
                required = [f.endswith("*") for f in fields]
                columns = [f.rstrip("*").strip() for f in fields]
                if "source" not in meta or ("licence" not in meta and "license" not in meta):
                    raise DataError(f"{path}:{lineno}: header must name its source and licence (# source: ...)")
                continue
            if len(fields) > len(columns):
                raise DataError(f"{path}:{lineno}: {len(fields)} fields, expected at most {len(columns)}")
            fields += [""] * (len(columns) - len(fields))
            for name, value, req in zip(columns, fields, required, strict=True):
                if req and not value.strip():
                    raise DataError(f"{path}:{lineno}: required column '{name}' is empty")
            rows.append(dict(zip(columns, (f.strip() for f in fields), strict=True)))
    if columns is None:
        raise DataError(f"{path}: no column header line")
    return Table(rows, meta, path, columns)


def read_words(path: Path) -> list[str]:
    """A plain word list (one entry per line, ``#`` comments); used for stop words and abbreviations."""
    if not path.is_file():
        raise DataError(f"{path}: data file not found")
    with path.open(encoding="utf-8") as fh:
        return [w.strip() for w in fh if w.strip() and not w.startswith("#")]


@functools.cache
def lang_table(lang: str, name: str) -> Table:
    """``lang/<lang>/<name>.tsv``. Raises DataError when missing or malformed."""
    return read_table(LANG_ROOT / lang / f"{name}.tsv")


@functools.cache
def lang_table_optional(lang: str, name: str) -> Table | None:
    """Like lang_table, but None when the language has no such file (a language need not have every table)."""
    path = LANG_ROOT / lang / f"{name}.tsv"
    if not path.is_file():
        return None
    return read_table(path)


@functools.cache
def lang_words(lang: str, name: str) -> tuple[str, ...]:
    path = LANG_ROOT / lang / f"{name}.txt"
    if not path.is_file():
        return ()
    return tuple(read_words(path))


@functools.cache
def data_table(name: str) -> Table:
    """``data/<name>.tsv``: language-independent tables (CAMEO codebook, countries, places, actors)."""
    return read_table(DATA_ROOT / f"{name}.tsv")


def languages() -> list[str]:
    """Languages that have a data folder."""
    return sorted(p.name for p in LANG_ROOT.iterdir() if p.is_dir() and not p.name.startswith("_"))
