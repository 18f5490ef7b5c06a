"""Opening the store: where it is, DuckDB's file lock, the ingest lock and readers' turn.

DuckDB lets one process at a time hold a read-write connection, and while it does every other process's
connect fails with "Could not set lock on file" (read-only ones too). letopis shares the file this way:

* ``letopis ingest`` holds an *ingest lock* (``flock`` on ``<store>.lock``) for its whole run, so two
  ingests never interleave.
* Query commands open read-only and keep the connection for one query. While they wait to get in they hold
  a shared ``flock`` on ``<store>.readers``: the *readers' turn*.
* The writer keeps its read-write connection between batches while no reader waits (opening and closing a
  DuckDB file per batch costs a third of the writer's CPU). After each commit, and every 50 ms while it
  waits for the next batch, it checks the readers' turn; when someone waits it closes the connection and
  lets them in, and opens it again for the next batch (retrying for ``WRITE_WAIT`` seconds while readers
  still hold the file).
* A reader that cannot get in within ``READ_WAIT`` seconds gets ``StoreBusy``, whose message says who holds
  the file.

The kernel releases every flock when its process dies, even by SIGKILL.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from letopis.errors import StoreError
from letopis.store import schema

DEFAULT_DB = "letopis.duckdb"
READ_WAIT = 5.0
WRITE_WAIT = 60.0
_POLL = 0.02


class StoreBusy(StoreError):
    """The store file is locked by another process for longer than we were willing to wait."""


class StoreMissing(StoreError):
    """There is no store file at the given path."""


def default_path() -> str:
    """``$LETOPIS_DB`` when set, else ``letopis.duckdb`` in the current directory."""
    return os.environ.get("LETOPIS_DB") or DEFAULT_DB


def lock_path(db: str | os.PathLike[str]) -> Path:
    return Path(f"{os.fspath(db)}.lock")


def readers_path(db: str | os.PathLike[str]) -> Path:
    return Path(f"{os.fspath(db)}.readers")


@contextlib.contextmanager
def _readers_turn(db: str | os.PathLike[str]) -> Iterator[None]:
    """Hold a shared lock on ``<store>.readers`` for the block: tells a writer that a reader waits. Skipped
    (no signal, still correct) where the file cannot be created, e.g. a read-only directory."""
    try:
        fd = os.open(readers_path(db), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # the writer holds it exclusively only for an instant
        yield
    finally:
        os.close(fd)


class ReadersTurn:
    """The writer's side of the readers' turn: is someone waiting, and let them in."""

    def __init__(self, db: str | os.PathLike[str]) -> None:
        self.fd = os.open(readers_path(db), os.O_RDWR | os.O_CREAT, 0o644)

    def waiting(self) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        return False

    def wait(self, timeout: float = READ_WAIT + 1.0) -> None:
        """Return once no reader waits any more (they got in or gave up), or after ``timeout`` seconds."""
        limit = time.monotonic() + timeout
        while self.waiting() and time.monotonic() < limit:
            time.sleep(_POLL)

    def close(self) -> None:
        os.close(self.fd)


def ingest_running(db: str | os.PathLike[str]) -> bool:
    """True when some process holds the ingest lock of ``db``."""
    path = lock_path(db)
    if not path.exists():
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@contextlib.contextmanager
def ingest_lock(db: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the ingest lock of ``db`` for the block. Raises StoreBusy at once when another ingest holds it."""
    path = lock_path(db)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(
                f"another process (ingest) is writing {os.fspath(db)}; try again when it finishes"
            ) from None
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _busy_message(db: str | os.PathLike[str]) -> str:
    if ingest_running(db):
        return "the store is being written by another process (ingest); try again when it finishes"
    return f"the store {os.fspath(db)} is locked by another process; try again when it finishes"


def _is_lock_error(exc: duckdb.Error) -> bool:
    return "Could not set lock" in str(exc) or "Conflicting lock" in str(exc)


def connect(
    db: str | os.PathLike[str],
    read_only: bool = True,
    wait: float | None = None,
    external_access: bool = True,
    threads: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """A connection to the store at ``db``. Read-write creates the file and its tables when missing.
    ``threads`` caps DuckDB's worker threads (the writer uses one: its statements are small, and more threads
    only compete with the pipeline for the cores).

    Raises StoreMissing when a read-only open finds no file, StoreBusy when the file stayed locked by
    another process for ``wait`` seconds (default READ_WAIT for readers, WRITE_WAIT for the writer), and
    StoreError for a file DuckDB cannot read (not a database, or made by a newer version)."""
    path = os.fspath(db)
    if read_only and not os.path.exists(path):
        raise StoreMissing(f"no store at {path}; create one with `letopis ingest PATH --db {path}`")
    limit = time.monotonic() + (wait if wait is not None else (READ_WAIT if read_only else WRITE_WAIT))
    config: dict[str, str | bool | int | float | list[str]] = (
        {} if external_access else {"enable_external_access": False}
    )
    if threads:
        config["threads"] = threads
    turn = _readers_turn(path) if read_only else contextlib.nullcontext()
    with turn:
        con = _connect_retrying(path, read_only, config, limit)
    if not read_only:
        try:
            schema.create(con)
        except BaseException:
            con.close()
            raise
    return con


def _connect_retrying(
    path: str, read_only: bool, config: dict[str, str | bool | int | float | list[str]], limit: float
) -> duckdb.DuckDBPyConnection:
    delay = _POLL
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only, config=config)
            break
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"cannot open the store {path}: {exc}") from None
            if time.monotonic() >= limit:
                raise StoreBusy(_busy_message(path)) from None
            time.sleep(delay)
            delay = min(delay * 1.5, 0.1)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {path}: {exc}") from None
    return con


@contextlib.contextmanager
def reading(db: str | os.PathLike[str], wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for the block, closed afterwards so that a writer can get in."""
    con = connect(db, read_only=True, wait=wait)
    try:
        yield con
    finally:
        con.close()


COMPACT_MIN_FREE = 16 * 2**20  # bytes
COMPACT_MIN_SHARE = 0.25  # of the file


def free_space(db: str | os.PathLike[str]) -> tuple[int, int]:
    """(free bytes, file bytes) of the store: DuckDB keeps blocks freed by rewritten columns in the file."""
    con = connect(db, read_only=True, wait=WRITE_WAIT)
    try:
        row = con.execute("SELECT block_size, total_blocks, free_blocks FROM pragma_database_size()").fetchone()
    finally:
        con.close()
    block_size, total, free = row if row else (0, 0, 0)
    return free * block_size, total * block_size


def compact(db: str | os.PathLike[str], force: bool = False) -> bool:
    """Rewrite the store into a fresh file when at least COMPACT_MIN_FREE bytes and COMPACT_MIN_SHARE of it are
    free blocks (or always with ``force``); True when it did. The caller must hold the ingest lock.

    Why: each batch's commit rewrites the growing last segment of every column, and the blocks it frees stay
    in the file (a 100,000-event store: 198 MB before, 121 MB after). The copy is written beside the store
    and moved over it in one rename, so a crash leaves either the old file or the new one; readers that have
    the old file open keep reading it."""
    path = os.fspath(db)
    if not force:
        free, total = free_space(path)
        if free < COMPACT_MIN_FREE or free < COMPACT_MIN_SHARE * total:
            return False
    work = Path(f"{path}.compact")
    _remove_tree(work)
    work.mkdir()
    target = work / "store.duckdb"
    try:
        con = duckdb.connect()
        try:
            con.execute("ATTACH ? AS src (READ_ONLY)", [path])
            con.execute("ATTACH ? AS dst", [str(target)])
            con.execute("COPY FROM DATABASE src TO dst")
            con.execute("DETACH src")
            con.execute("DETACH dst")
        finally:
            con.close()
        fd = os.open(target, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(target, path)
    except (duckdb.Error, OSError) as exc:
        raise StoreError(f"compacting {path} failed (the store is unchanged): {exc}") from exc
    finally:
        _remove_tree(work)
    return True


def _remove_tree(path: Path) -> None:
    if path.is_dir():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
