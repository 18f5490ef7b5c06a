"""`letopis watch` against feeds served by a real HTTP server on 127.0.0.1, and against local feed files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from letopis.cli import main
from letopis.ingest.watch import parse_every, watch
from letopis.store.db import reading
from tests.integration.local_http import bypass_proxy, closed_port, serve

PAGES = {
    "/a": ("Лукашенко освободи затворници",
           "Беларуският президент Александър Лукашенко помилва 123 затворници, съобщи агенция Белта в събота. "
           "Сред освободените е опозиционната активистка Мария Колесникова."),
    "/b": ("Lukashenko frees prisoners",
           "Belarusian President Alexander Lukashenko pardoned 123 prisoners on Saturday, the state agency said."),
    "/c": ("Протест в Минск",
           "Хиляди души протестираха в Минск в неделя срещу правителството, съобщиха опозиционни медии."),
}


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    bypass_proxy(monkeypatch)


def page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"


def rss(base: str, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>{PAGES.get(p, ('Липсва', ''))[0]}</title><link>{base}{p}</link>"
        f"<pubDate>Sun, 21 Dec 2025 0{i}:00:00 +0200</pubDate></item>"
        for i, p in enumerate(paths)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'


@pytest.mark.parametrize(
    "text, seconds",
    [("15m", 900), ("1s", 1), ("2h", 7200), ("1h30m", 5400), ("90", 90), ("0.5s", 0.5), (" 1D ", 86400)],
)
def test_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "fast", "15x", "m15", "1h 30"])
def test_parse_every_refuses(text):
    with pytest.raises(ValueError, match="not an interval"):
        parse_every(text)


def test_watch_http_feed_into_store(tmp_path):
    db = str(tmp_path / "news.duckdb")
    with serve() as site:
        for path, (title, body) in PAGES.items():
            site.put(path, page(title, body))
        site.put("/feed", rss(site.base, ["/a", "/b", "/gone"]), "application/rss+xml")
        # One item is added between the polls: when the first poll asks for its last page.
        site.hooks["/gone"] = lambda: site.put("/feed", rss(site.base, ["/a", "/b", "/gone", "/c"]), "application/rss+xml")
        result = CliRunner().invoke(main, ["watch", site.url("/feed"), "--db", db, "--max-polls", "2", "--every", "1s"])
        assert result.exit_code == 0, result.output
        assert "poll 1: 3 new item(s), 1 failed" in result.stderr
        assert "poll 2: 2 new item(s), 1 failed" in result.stderr  # /c, and /gone tried again
        assert "HTTP 404" in result.stderr and "stopped: after 2 poll(s)" in result.stderr
        # Pages already stored are not fetched again; the failed one is.
        assert [site.hits.count(p) for p in ("/a", "/b", "/c", "/gone", "/feed")] == [1, 1, 1, 2, 2]

        with reading(db) as con:
            rows = con.execute("SELECT source, status, date, language, error FROM documents ORDER BY source").fetchall()
        assert [(r[0].removeprefix(site.base), r[1]) for r in rows] == [
            ("/a", "processed"), ("/b", "processed"), ("/c", "processed"), ("/gone", "failed")
        ]
        assert str(rows[0][2]) == "2025-12-21" and rows[0][3] == "bg" and rows[1][3] == "en"
        assert "HTTP 404" in rows[3][4]

        # A new watch on the same store skips what is stored: only the failed page is asked again.
        again = CliRunner().invoke(main, ["watch", site.url("/feed"), "--db", db, "--once"])
        assert again.exit_code == 0 and "poll 1: 1 new item(s), 1 failed" in again.stderr
        assert [site.hits.count(p) for p in ("/a", "/b", "/c", "/gone")] == [1, 1, 1, 3]


def test_unchanged_feed_costs_one_304(tmp_path):
    with serve() as site:
        site.put("/a", page(*PAGES["/a"]))
        site.put("/feed", rss(site.base, ["/a"]), "application/rss+xml")
        got: list = []
        summary = watch([site.url("/feed")], got.extend, every=0.01, max_polls=3)
        assert [i.source for i in got] == [site.url("/a")] and summary.items == 1
        assert site.hits.count("/feed") == 3 and site.not_modified == ["/feed", "/feed"]


def test_watch_local_feed_and_bad_feeds(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, (title, body) in PAGES.items():
        (pages / f"{name[1:]}.html").write_text(page(title, body), encoding="utf-8")
    feed = tmp_path / "local.rss"
    feed.write_text(rss("pages", ["/a.html"]), encoding="utf-8")
    junk = tmp_path / "junk.xml"
    junk.write_text("not a feed at all", encoding="utf-8")
    dead = f"http://127.0.0.1:{closed_port()}/feed"
    polls: list[list] = []

    def after_poll(n, items):
        polls.append([(i.source.rsplit("/", 1)[-1], bool(i.error)) for i in items])
        if n == 1:
            feed.write_text(rss("pages", ["/a.html", "/b.html"]), encoding="utf-8")

    ingested: list = []
    summary = watch([str(feed), str(junk), dead], ingested.extend, every=0.01, max_polls=2, on_poll=after_poll)
    assert polls == [
        [("a.html", False), ("junk.xml", True), ("feed", True)],
        [("b.html", False), ("junk.xml", True), ("feed", True)],
    ]
    assert "not an RSS or Atom feed" in ingested[1].error and "cannot fetch" in ingested[2].error
    assert (summary.polls, summary.items, summary.failed, summary.skipped) == (2, 6, 4, 1)


def test_store_busy_keeps_items_for_next_poll(tmp_path):
    from letopis.errors import StoreError

    feed = tmp_path / "f.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><item><guid isPermaLink="false">x1</guid><title>Заглавие</title>'
        "<description>Текст на новината.</description></item></channel></rss>",
        encoding="utf-8",
    )
    calls: list[list[str]] = []

    def ingest(items):
        calls.append([i.source for i in items])
        if len(calls) == 1:
            raise StoreError("the store is being written by another process")

    errors: list[str] = []
    summary = watch([str(feed)], ingest, every=0.01, max_polls=3, on_error=errors.append)
    assert calls == [["x1"], ["x1"]]  # refused once, stored at the next poll, then skipped
    assert errors == ["poll 1: the store is being written by another process"] and summary.items == 1


def test_ctrl_c_stops_cleanly_with_summary(tmp_path):
    feed = tmp_path / "f.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "letopis.cli", "watch", str(feed), "--every", "1h", "--db", str(tmp_path / "w.duckdb")],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        first = proc.stderr.readline()
        assert "poll 1: 0 new item(s)" in first
        proc.send_signal(signal.SIGINT)
        _out, rest = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "watch: 1 poll(s), 0 new item(s) (0 failed), 0 already seen; stopped: interrupted" in rest
    assert "Traceback" not in rest
