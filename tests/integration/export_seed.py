"""A hand-built record of the seed article for the export tests: a few entities, events (current and
background, day/week/year dates), counts, dates, places, quotes and tone, all at real offsets of the seed body.
It does not depend on the pipeline, so the export tests check the exports and nothing else."""

from __future__ import annotations

from letopis.ingest.readers import parse_seed
from letopis.model import (
    ActorRef,
    Count,
    DateMention,
    DocumentRecord,
    Entity,
    Event,
    EventPlace,
    Evidence,
    Mention,
    Place,
    PlaceMention,
    Quote,
    Tone,
    document_id,
)
from tests.conftest import SEED_TXT


def seed_body() -> tuple[str, str]:
    date, body = parse_seed(SEED_TXT.read_text(encoding="utf-8"))
    assert date is not None
    return date, body


def _at(body: str, needle: str, start: int = 0) -> int:
    pos = body.find(needle, start)
    if pos < 0:
        raise ValueError(f"not in the seed: {needle!r}")
    return pos


def _mentions(body: str, surface: str) -> list[Mention]:
    out, pos = [], body.find(surface)
    while pos >= 0:
        out.append(Mention(pos, pos + len(surface), surface, "name"))
        pos = body.find(surface, pos + 1)
    return out


def _event(body, src, tgt, code, quad, gold, date, background, place, evidence, trigger, conf=0.9):
    start = _at(body, evidence)
    return Event(
        source=src, target=tgt, code=code, root_code=code[:2], quad_class=quad, goldstein=gold, plover=None,
        date=date, background=background, place=place,
        evidence=Evidence(start, start + len(evidence), evidence, trigger), rule="test", confidence=conf,
    )


def seed_record(source: str = "https://www.example.bg/news/995f112f") -> DocumentRecord:
    date, body = seed_body()
    luk = Entity("e1", "Alexander Lukashenko", "Александър Лукашенко", "PERSON", "BLR", "BLRGOV",
                 _mentions(body, "Лукашенко"))
    coale = Entity("e2", "John Coale", "Джон Коул", "PERSON", "USA", "USAGOV", _mentions(body, "Джон Коул"))
    newsmax = Entity("e3", "Newsmax", "Newsmax", "ORGANIZATION", "USA", "USAMED", _mentions(body, "Newsmax"))
    usa = Entity("e4", "United States", "САЩ", "COUNTRY", "USA", "USA", _mentions(body, "САЩ"))
    ukr = Entity("e5", "Ukraine", "Украйна", "COUNTRY", "UKR", "UKR", _mentions(body, "Украйна"))
    rus = Entity("e6", "Russia", "Русия", "COUNTRY", "RUS", "RUS", _mentions(body, "Русия"))
    belarus = EventPlace("Belarus", "BLR", 53.0, 28.0)
    events = [
        _event(body, ActorRef("BLRGOV", "Alexander Lukashenko", "e1"), ActorRef("USAGOV", "Washington"),
               "013", 1, 0.4, "2025-12-17", False, belarus,
               "отношенията между Минск и Вашингтон биха могли да се подобрят", "подобрят"),
        _event(body, ActorRef("BLRGOV", "Belarusian authorities"), ActorRef("BLROPP", "demonstrators"),
               "173", 4, -5.0, "2020", True, belarus,
               "беларуските власти арестуваха хиляди демонстранти", "арестуваха"),
        _event(body, ActorRef("RUSMIL", "Russia", "e6"), ActorRef("UKR", "Ukraine", "e5"),
               "190", 4, -10.0, "2022", True, EventPlace("Ukraine", "UKR", 48.4, 31.2),
               "инвазията в Украйна през 2022 г.", "инвазията"),
        _event(body, ActorRef("USAGOV", "John Coale", "e2"), ActorRef("BLRGOV", "Belarus"),
               "057", 1, 8.0, "2025-W50", False, EventPlace("Minsk", "BLR", 53.9, 27.5667),
               "съдействал за постигането на споразумение", "споразумение", 0.5),
        _event(body, ActorRef("IGOEUREEC", "European Union"), None,
               "0841", 2, 7.0, None, False, None, "освобождаването на 123 задържани лица", "освобождаването"),
    ]
    arrest = _at(body, "хиляди демонстранти")
    release = _at(body, "123 задържани")
    counts = [
        Count("ARREST", 1000, True, "демонстранти", arrest, arrest + len("хиляди демонстранти")),
        Count("RELEASE", 123, False, "задържани лица", release, release + len("123 задържани лица")),
    ]
    dates = [
        DateMention("в сряда", _at(body, "в сряда"), _at(body, "в сряда") + 7, "2025-12-17", True),
        DateMention("2020 г.", _at(body, "2020 г."), _at(body, "2020 г.") + 7, "2020", False),
        DateMention("миналата седмица", _at(body, "миналата седмица"), _at(body, "миналата седмица") + 16,
                    "2025-W50", True),
    ]

    def pm(surface: str) -> list[PlaceMention]:
        return [PlaceMention(m.start, m.end, m.text) for m in _mentions(body, surface)]

    places = [
        Place("Belarus", "BLR", "country", 53.0, 28.0, 630336, pm("Беларус ")),
        Place("Minsk", "BLR", "city", 53.9, 27.5667, 625144, pm("Минск")),
        Place("Ukraine", "UKR", "country", 48.4, 31.2, 690791, pm("Украйна")),
        Place("Venezuela", "VEN", "country", 6.4, -66.6, 3625428, pm("Венецуела")),
    ]
    q_text = "Можем ли да работим заедно там? Да, можем"
    q_start = _at(body, q_text)
    quotes = [Quote(q_text, q_start, q_start + len(q_text), "e1", "Alexander Lukashenko", "заяви", True)]
    return DocumentRecord(
        id=document_id(date, body), source=source, date=date, language="bg",
        entities=[luk, coale, newsmax, usa, ukr, rus], quotes=quotes, events=events, counts=counts,
        dates=dates, places=places,
        tone=Tone(-1.5, 2.5, 4.0, 6.5, 18.0, 2.0, 383), errors=[], title="Лукашенко: отношенията с САЩ",
        text=body,
    )
