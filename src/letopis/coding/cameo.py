"""The CAMEO event codebook as GDELT uses it (``data/cameo.tsv``): name, root, QuadClass, Goldstein value,
PLOVER type and the code for an intended (not yet done) version of a material event.

``lookup("0841")`` gives one ``CameoCode``; ``codebook()`` all 311 GDELT codes by code. The table is read once
per process. A code GDELT does not use is not in the book: ``lookup`` raises ``KeyError`` for it, and
``get`` returns None.
"""

from __future__ import annotations

import functools

import msgspec

from letopis import resources
from letopis.errors import DataError


class CameoCode(msgspec.Struct, frozen=True):
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None
    intent: str | None  # the code of "intends / wants to do this", None when the code stays as it is

    @property
    def material(self) -> bool:
        """QuadClass 2 (material cooperation) or 4 (material conflict): something done, not said."""
        return self.quad_class in (2, 4)


@functools.lru_cache(maxsize=1)
def codebook() -> dict[str, CameoCode]:
    """Every GDELT CAMEO event code. Raises DataError when the table is malformed (file and line named)."""
    table = resources.data_table("cameo")
    book: dict[str, CameoCode] = {}
    for i, row in enumerate(table):
        code = row["code"]
        try:
            entry = CameoCode(
                code=code,
                name=row["name"],
                root=row["root"],
                quad_class=int(row["quad_class"]),
                goldstein=float(row["goldstein"]),
                plover=row["plover"] or None,
                intent=row["intent"] or None,
            )
        except ValueError as exc:
            raise DataError(f"{table.path}: row {i + 1} ({code}): {exc}") from exc
        if not code.startswith(entry.root) or entry.quad_class not in (1, 2, 3, 4):
            raise DataError(f"{table.path}: row {i + 1} ({code}): root or QuadClass does not fit the code")
        book[code] = entry
    for entry in book.values():
        if entry.intent and entry.intent not in book:
            raise DataError(f"{table.path}: {entry.code}: intent code {entry.intent} is not in the book")
    return book


def lookup(code: str) -> CameoCode:
    """The codebook entry of ``code``. Raises KeyError for a code GDELT does not use."""
    return codebook()[code]


def get(code: str) -> CameoCode | None:
    return codebook().get(code)
