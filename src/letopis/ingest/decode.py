"""Bytes to text: encodings and the checks that turn unreadable input into a clear error.

UTF-8 (with or without BOM) is tried first. Text that is not valid UTF-8 is tried as Windows-1251 (still
common on Bulgarian and Russian sites) when most of its high bytes fall in the Cyrillic letter range, then
as Windows-1252. Input with NUL bytes or many control characters is binary and refused. Line endings and
characters are kept as they are: offsets in records point into exactly this text.
"""

from __future__ import annotations

import re

from letopis.errors import ReadError

_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# 20 MB of text is a book, not an article; over this a document is refused (and recorded), not processed.
MAX_BYTES = 5_000_000
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}


def decode(data: bytes, what: str = "input", max_bytes: int = MAX_BYTES) -> tuple[str, str, str | None]:
    """(text, encoding, warning) of ``data``. Raises ReadError for empty, binary, oversized or undecodable
    input. Mostly-UTF-8 input with some invalid bytes is decoded with U+FFFD in their place and a warning
    that names the first bad byte: the document is processed and the warning recorded in its errors."""
    if not data.strip():
        raise ReadError(f"{what} is empty")
    if len(data) > max_bytes:
        raise ReadError(
            f"{what} is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article"
        )
    head = data[:4096]
    if b"\x00" in head or sum(b in _CONTROL for b in head) > len(head) * 0.05:
        raise ReadError(f"{what} looks binary, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    sample = data[:65536]
    high = [b for b in sample if b >= 0x80]
    multi = sum(len(m) for m in _UTF8_MULTI.findall(sample))
    where = f"invalid UTF-8 ({utf8_error.reason} at byte {utf8_error.start})"
    if multi >= 0.5 * len(high):
        return data.decode("utf-8", errors="replace"), "utf-8", f"{what}: {where}; bad bytes replaced with U+FFFD"
    if sum(b >= 0xC0 for b in high) >= 0.6 * len(high):
        return data.decode("cp1251", errors="replace"), "cp1251", None
    if sum(0x80 <= b < 0xA0 for b in high) < 0.3 * len(high):
        return data.decode("cp1252", errors="replace"), "cp1252", None
    raise ReadError(f"{what} is {where} and no other encoding fits")
