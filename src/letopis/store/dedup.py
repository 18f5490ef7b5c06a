"""Near-duplicate fingerprints: a 64-bit simhash over word shingles, to find syndicated copies.

Two texts whose fingerprints differ in at most ``MAX_DISTANCE`` (3) of 64 bits are taken as copies of one
article (an agency story republished with a changed headline, a byline or a trailing link). Texts with fewer
than ``MIN_WORDS`` words get a fingerprint but are never called copies: a short notice shares too many
shingles with other short notices for the distance to mean anything.

``FingerprintIndex`` finds a fingerprint within distance 3 without comparing against every stored one: split
64 bits into 4 blocks of 16; two fingerprints that differ in at most 3 bits agree on at least one whole block
(pigeonhole), so each block value indexes the fingerprints that carry it.
"""

from __future__ import annotations

import re
import sys
import zlib
from array import array

MAX_DISTANCE = 3
MIN_WORDS = 30
SHINGLE = 3  # words per shingle

_WORD = re.compile(r"\w+")
_MASK64 = (1 << 64) - 1
_SEED = 0x9E3779B9
_BIG_ENDIAN = sys.byteorder == "big"  # array("I") is in the machine's byte order
_ONE32 = b"\x01\x00\x00\x00"  # one 32-bit little-endian word with its lowest bit set


def simhash(text: str) -> tuple[int, int]:
    """(fingerprint, number of words) of ``text``: a 64-bit unsigned simhash of its lower-cased word
    3-shingles, each distinct shingle counted once. Empty text gives (0, 0)."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0, 0
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)}
    crc = zlib.crc32
    # one encode for all shingles: they hold word characters and spaces only, so a newline separates them
    blobs = "\n".join(shingles).encode("utf-8", "surrogatepass").split(b"\n")
    n = len(blobs)
    # Each shingle's 64-bit hash is two CRC-32s with different seeds (low and high half): stable across
    # processes (unlike hash()) and fast in C. Each half's 32-bit values are laid end to end in one big
    # integer, so counting how many have bit k set is one AND and one bit_count per bit position (64 C-level
    # operations per text, not 64 per shingle).
    ones = int.from_bytes(_ONE32 * n, "little")
    fp = 0
    for shift, seed in ((0, 0), (32, _SEED)):
        half = array("I", [crc(s, seed) for s in blobs])
        if _BIG_ENDIAN:
            half.byteswap()
        packed = int.from_bytes(half.tobytes(), "little")
        for bit in range(32):
            if 2 * ((packed >> bit) & ones).bit_count() > n:
                fp |= 1 << (bit + shift)
    return fp, len(words)


def distance(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints."""
    return ((a ^ b) & _MASK64).bit_count()


class FingerprintIndex:
    """Fingerprints of original articles, to look up the one a new text copies."""

    def __init__(self) -> None:
        self._blocks: list[dict[int, list[tuple[int, str]]]] = [{}, {}, {}, {}]

    def add(self, fingerprint: int, doc_id: str) -> None:
        for i, block in enumerate(self._blocks):
            block.setdefault(fingerprint >> (16 * i) & 0xFFFF, []).append((fingerprint, doc_id))

    def find(self, fingerprint: int) -> str | None:
        """The id of a stored article within MAX_DISTANCE bits (the nearest; the first added on a tie),
        or None."""
        best: tuple[int, str] | None = None
        for i, block in enumerate(self._blocks):
            for fp, doc_id in block.get(fingerprint >> (16 * i) & 0xFFFF, ()):
                d = distance(fp, fingerprint)
                if d <= MAX_DISTANCE and (best is None or d < best[0]):
                    best = (d, doc_id)
        return best[1] if best else None

    def __len__(self) -> int:
        return sum(len(v) for v in self._blocks[0].values())
