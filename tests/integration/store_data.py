"""Small articles and hand-built records for the store tests (written for these tests, not taken from any
corpus)."""

from __future__ import annotations

from pathlib import Path

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

ARTICLES: dict[str, tuple[str, str]] = {
    "bg_sofia.txt": (
        "2025-11-03",
        "Министър-председателят на България се срещна в София с гръцкия си колега. Двамата обсъдиха "
        "строителството на нов газопровод и сигурността по границата. „Нашите страни ще работят заедно за "
        "енергийната сигурност на региона“, заяви българският премиер след срещата. Гръцкият министър "
        "председател добави, че двете правителства ще подпишат споразумение до края на годината. В "
        "столицата протестираха около двеста души срещу високите цени на тока.",
    ),
    "bg_varna.txt": (
        "2025-11-05",
        "Във Варна пристигна делегация от Европейската комисия, която ще провери как се харчат парите за "
        "пристанището. Кметът на града посрещна гостите и обеща пълна прозрачност. Според общинските "
        "съветници ремонтът на кея закъснява с осем месеца, а разходите са нараснали с една трета. "
        "Комисията ще представи доклада си през декември, съобщиха от представителството в София.",
    ),
    "bg_floods.txt": (
        "2025-11-07",
        "Проливните дъждове в Южна България наводниха десетки къщи в Карлово и околните села. Спасителите "
        "евакуираха около сто и двадесет души, съобщи областният управител. Пътят към Пловдив е затворен "
        "заради свлачище, а училищата в района няма да работят до понеделник. Правителството обеща помощ "
        "за пострадалите семейства и отпусна средства от резерва.",
    ),
    "en_talks.txt": (
        "2025-11-04",
        "The foreign ministers of Serbia and Kosovo met in Brussels on Tuesday for another round of talks "
        "mediated by the European Union. The bloc's envoy said the two sides had agreed to keep working on "
        "the recognition of vehicle licence plates and energy bills. \"We are not there yet, but we are "
        "moving,\" he told reporters after the meeting. Protesters gathered outside the building.",
    ),
    "en_port.txt": (
        "2025-11-06",
        "Dock workers in the Greek port of Piraeus began a two-day strike on Thursday over safety rules after "
        "a crane accident last month. The union said that more than a thousand workers had joined the "
        "walkout and that ships were waiting at anchor. The shipping ministry called the strike illegal and "
        "asked a court to stop it, while the port operator promised new inspections.",
    ),
}

# A longer report (about 170 words) and a syndicated copy of it: another outlet's header line and a closing
# credit around the same body. Simhash needs some length: on the 60-word articles above, the same two
# changes already move the fingerprint by 9 bits.
REPORT_NAME = "bg_report.txt"
ARTICLES[REPORT_NAME] = ("2025-11-08", "\n\n".join(body for name, (_, body) in ARTICLES.items() if name.startswith("bg_")))
COPY_NAME = "copy_of_report.txt"


def copy_text() -> str:
    return "Източник: БТА\n" + ARTICLES[REPORT_NAME][1] + " (БТА)"


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (date, body) in ARTICLES.items():
        (folder / name).write_text(f"date {date} {body}\n", encoding="utf-8")
    return folder


def write_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / COPY_NAME
    path.write_text(f"date {ARTICLES[REPORT_NAME][0]} {copy_text()}\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------------------
# Hand-built records with events
# ---------------------------------------------------------------------------------------------------------

GOLDSTEIN = {"01": (0.0, 1), "04": (1.0, 1), "05": (3.5, 1), "08": (5.0, 2), "11": (-2.0, 3), "14": (-6.5, 3),
             "19": (-10.0, 4)}


def event(
    source: str | None,
    target: str | None,
    code: str,
    date: str | None = None,
    place: tuple[str, str] | None = None,
    background: bool = False,
    evidence: tuple[int, int] = (0, 20),
    trigger: str = "",
    text: str = "",
    confidence: float = 0.8,
) -> Event:
    goldstein, quad = GOLDSTEIN.get(code[:2], (0.0, 1))
    names = {"BGR": "Bulgaria", "BGRGOV": "Bulgarian government", "GRCGOV": "Greek government", "GRC": "Greece",
             "SRB": "Serbia", "KOS": "Kosovo", "USA": "United States", "BLRGOV": "Alexander Lukashenko"}
    return Event(
        source=ActorRef(source, names.get(source or "", source), None) if source else None,
        target=ActorRef(target, names.get(target or "", target), None) if target else None,
        code=code,
        root_code=code[:2],
        quad_class=quad,
        goldstein=goldstein,
        plover=None,
        date=date,
        background=background,
        place=EventPlace(place[0], place[1], 42.7, 23.3) if place else None,
        evidence=Evidence(evidence[0], evidence[1], text[evidence[0] : evidence[1]], trigger),
        rule="test",
        confidence=confidence,
    )


def record(
    text: str,
    date: str | None = "2025-11-03",
    source: str = "test.txt",
    events: list[Event] | None = None,
    tone: float = 0.0,
    with_entities: bool = False,
    title: str | None = None,
) -> DocumentRecord:
    entities: list[Entity] = []
    quotes: list[Quote] = []
    if with_entities:
        for i, (name, native, typ, code) in enumerate(
            [("Sofia", "София", "LOCATION", "BGR"), ("Greece", "Гърция", "COUNTRY", "GRC")], 1
        ):
            at = text.find(native)
            mentions = [Mention(at, at + len(native), native, "name")] if at >= 0 else []
            entities.append(Entity(f"e{i}", name, native, typ, code[:3], code, mentions))
        q0 = text.find("„")
        if q0 >= 0:
            q1 = text.find("“", q0)
            quotes.append(Quote(text[q0 + 1 : q1], q0 + 1, q1, "e2", "Greece", "заяви", True))
    evs = [
        Event(
            source=ev.source, target=ev.target, code=ev.code, root_code=ev.root_code, quad_class=ev.quad_class,
            goldstein=ev.goldstein, plover=ev.plover, date=ev.date, background=ev.background, place=ev.place,
            evidence=Evidence(ev.evidence.start, ev.evidence.end, text[ev.evidence.start : ev.evidence.end],
                              ev.evidence.trigger or text[ev.evidence.start : ev.evidence.start + 5]),
            rule=ev.rule, confidence=ev.confidence,
        )
        for ev in events or []
    ]
    return DocumentRecord(
        id=document_id(date, text),
        source=source,
        date=date,
        language="bg",
        entities=entities,
        quotes=quotes,
        events=evs,
        counts=[Count("PROTEST", 200, True, "души", 0, 4)] if with_entities else [],
        dates=[DateMention("до края на годината", 0, 5, "2025-12", True)] if with_entities else [],
        places=[Place("Sofia", "BGR", "city", 42.7, 23.3, 727011, [PlaceMention(0, 5, text[:5])])]
        if with_entities else [],
        tone=Tone(tone=tone, word_count=len(text.split())),
        errors=[],
        title=title,
        text=text,
    )


def filler(n: int, seed: str = "") -> str:
    """A distinct text of about ``n`` words (so that no two are near-duplicates of each other)."""
    words = ("съвет", "град", "закон", "пазар", "река", "мост", "път", "училище", "болница", "завод", "поле",
             "пристанище", "гара", "музей", "театър", "площад", "парк", "кула", "склад", "фабрика")
    h = sum(map(ord, seed)) + 7
    out = [seed]
    for i in range(n):
        h = (h * 1103515245 + 12345 + i) % 2**31
        out.append(words[h % len(words)] + str(h % 97))
    return " ".join(out) + "."
