"""Near-duplicate fingerprints (letopis.store.dedup)."""

from __future__ import annotations

import pytest

from letopis.store.dedup import MAX_DISTANCE, FingerprintIndex, distance, simhash

WORDS = ("правителство", "парламент", "министър", "протест", "граница", "споразумение", "избори", "съд",
         "пристанище", "наводнение", "болница", "бюджет", "договор", "делегация", "посланик", "реформа")


def text(n: int, seed: int) -> str:
    """``n`` words drawn from WORDS by a small generator: the same seed, the same text."""
    h = seed
    out = []
    for i in range(n):
        h = (h * 1103515245 + 12345 + i) % 2**31
        out.append(f"{WORDS[h % len(WORDS)]}{h % 13}")
    return " ".join(out)


def test_stable_and_case_insensitive():
    t = text(200, 1)
    assert simhash(t) == simhash(t.upper()) == simhash("  " + t.replace(" ", " , "))
    assert simhash(t)[1] == 200
    assert 0 <= simhash(t)[0] < 2**64


def test_empty_and_short():
    assert simhash("") == (0, 0)
    assert simhash("...") == (0, 0)
    assert simhash("две думи")[1] == 2


@pytest.mark.parametrize(
    ("edit", "copy"),
    [
        (lambda t: t, True),
        (lambda t: "Източник: БТА\n" + t + " (БТА)", True),
        (lambda t: t + " Прочетете още на сайта.", True),
        (lambda t: t.replace(" ", "\n", 40), True),
        (lambda t: " ".join(t.split()[: len(t.split()) // 2]), False),
        (lambda t: text(400, 99), False),
    ],
)
def test_copies_are_near(edit, copy):
    original = text(400, 7)
    d = distance(simhash(original)[0], simhash(edit(original))[0])
    assert (d <= MAX_DISTANCE) is copy, d


def test_distance():
    assert distance(0, 0) == 0
    assert distance(0b1011, 0b0001) == 2
    assert distance(2**64 - 1, 0) == 64


def test_index_finds_within_three_bits_only():
    idx = FingerprintIndex()
    base = 0x0123_4567_89AB_CDEF
    idx.add(base, "a")
    assert idx.find(base) == "a"
    # Three bits flipped, one in each of three blocks: still found through the fourth block.
    assert idx.find(base ^ (1 << 3) ^ (1 << 20) ^ (1 << 40)) == "a"
    # Four flipped bits, one per block: no block agrees and the distance is over the limit anyway.
    assert idx.find(base ^ (1 << 3) ^ (1 << 20) ^ (1 << 40) ^ (1 << 60)) is None
    # Four flipped bits all in one block: found as a candidate, refused on distance.
    assert idx.find(base ^ 0b1111) is None
    assert len(idx) == 1


def test_index_prefers_the_nearest():
    idx = FingerprintIndex()
    idx.add(0b111, "far")
    idx.add(0b001, "near")
    assert idx.find(0b000) == "near"


