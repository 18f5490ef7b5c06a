from __future__ import annotations

import json

import pytest

from letopis.errors import ReadError
from letopis.ingest.decode import decode
from letopis.ingest.readers import parse_seed, read_path


@pytest.mark.parametrize(
    "raw, date, body",
    [
        (" date 2025-12-18 Текст тук.", "2025-12-18", "Текст тук."),
        ("date 2024-01-02\nBody", "2024-01-02", "Body"),
        ("No header here", None, "No header here"),
        ("   date 2020-05-05 x", "2020-05-05", "x"),
    ],
)
def test_parse_seed(raw, date, body):
    assert parse_seed(raw) == (date, body)


def test_decode_cp1251():
    text = "Беларуският президент Александър Лукашенко заяви днес"
    out, enc, warning = decode(text.encode("cp1251"))
    assert out == text and enc == "cp1251" and warning is None


def test_decode_broken_utf8_keeps_text_and_warns():
    data = "Лукашенко заяви".encode() + b"\xff\xfe" + " днес".encode()
    out, enc, warning = decode(data)
    assert enc == "utf-8" and "invalid UTF-8" in warning and out.startswith("Лукашенко")


@pytest.mark.parametrize("data, msg", [(b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02binary" * 50, "binary")])
def test_decode_refuses(data, msg):
    with pytest.raises(ReadError, match=msg):
        decode(data)


def test_decode_refuses_huge():
    with pytest.raises(ReadError, match="MB limit"):
        decode(b"a" * 20_000_001)


def test_jsonl_bad_lines_are_items_with_errors(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(
        json.dumps({"text": "Първи текст.", "date": "2025-01-02", "id": "a"}) + "\n"
        + "{not json\n"
        + json.dumps({"title": "no text"}) + "\n"
        + json.dumps([1, 2]) + "\n"
        + json.dumps({"text": "Втори текст.", "source": "http://x/2"}) + "\n",
        encoding="utf-8",
    )
    items = list(read_path(p))
    assert [bool(i.error) for i in items] == [False, True, True, True, False]
    assert items[0].date == "2025-01-02" and items[0].source == "a"
    assert items[4].source == "http://x/2"
    assert "not JSON" in items[1].error and "no 'text'" in items[2].error
