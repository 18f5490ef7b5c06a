"""Russian and Ukrainian as data folders (lang/ru, lang/uk): actors, events and quotes through the pipeline."""

from __future__ import annotations

import pytest

from letopis.model import Document
from letopis.runners.local import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return {lang: build_pipeline(language=lang) for lang in ("ru", "uk")}


def run(nlp, lang: str, text: str) -> Document:
    return nlp[lang](Document(text, "2025-12-18", language=lang))


def codes(doc: Document) -> dict[str, str | None]:
    return {doc.text[a.start : a.end]: a.code for a in doc.actors}


@pytest.mark.parametrize(
    ("lang", "text", "surface", "code"),
    [
        ("ru", "Россия заявила о готовности.", "Россия", "RUS"),
        ("ru", "Санкции против России продлены.", "России", "RUS"),
        ("ru", "Польша поддержала Украину.", "Украину", "UKR"),
        ("ru", "Переговоры с Белоруссией прерваны.", "Белоруссией", "BLR"),
        ("ru", "Делегация прибыла в Германию.", "Германию", "DEU"),
        ("ru", "Украинцы вышли на улицы.", "Украинцы", "UKR"),
        ("uk", "Росія заявила про готовність.", "Росія", "RUS"),
        ("uk", "Санкції проти Росії продовжено.", "Росії", "RUS"),
        ("uk", "Польща підтримала Україну.", "Україну", "UKR"),
        ("uk", "Переговори з Білоруссю перервано.", "Білоруссю", "BLR"),
        ("uk", "Делегація прибула до Німеччини.", "Німеччини", "DEU"),
    ],
)
def test_country_cases(nlp, lang, text, surface, code):
    assert codes(run(nlp, lang, text)).get(surface) == code


@pytest.mark.parametrize(
    ("lang", "text", "surface", "code"),
    [
        ("ru", "Об этом заявил Путин.", "Путин", "RUSGOV"),
        ("ru", "Журналисты спросили Путина о переговорах.", "Путина", "RUSGOV"),
        ("ru", "Трамп встретился с Зеленским.", "Зеленским", "UKRGOV"),
        ("ru", "Лукашенко помиловал заключенных.", "Лукашенко", "BLRGOV"),
        ("ru", "Эрдоган предложил посредничество.", "Эрдоган", "TURGOV"),
        ("ru", "Макрон и Мерц прибыли в Киев.", "Мерц", "DEUGOV"),
        ("ru", "Генсек НАТО прибыл в Вильнюс.", "Генсек", "IGOWSTNAT"),
        ("ru", "Вчера президент России прибыл в Минск.", "президент", "RUSGOV"),
        ("ru", "Президент Франции Эммануэль Макрон посетил Киев.", "Президент Франции Эммануэль Макрон", "FRAGOV"),
        ("uk", "Армія Ізраїлю завдала удару по Газі.", "Армія Ізраїлю", "ISRMIL"),
        ("uk", "Про це заявив Зеленський.", "Зеленський", "UKRGOV"),
        ("uk", "Журналісти запитали Зеленського про переговори.", "Зеленського", "UKRGOV"),
        ("uk", "Путін відкинув пропозицію.", "Путін", "RUSGOV"),
        ("uk", "Байден зустрівся з Макроном.", "Макроном", "FRAGOV"),
        ("uk", "Рішення ухвалив ЄС.", "ЄС", "IGOEUREEC"),
        ("uk", "Місія ОБСЄ залишила регіон.", "ОБСЄ", "IGO"),
    ],
)
def test_leaders_and_organisations(nlp, lang, text, surface, code):
    assert codes(run(nlp, lang, text)).get(surface) == code


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ru", "Владимир Путин встретился с Александром Лукашенко в Минске.", ("RUSGOV", "BLRGOV", "04")),
        ("ru", "Украина обвинила Россию в обстреле Харькова.", ("UKR", "RUS", "11")),
        ("ru", "Российские войска нанесли удар по Киеву.", ("RUSMIL", "UKRGOV", "19")),
        ("ru", "США ввели санкции против России.", ("USA", "RUS", "16")),
        ("ru", "Белорусские власти освободили 52 заключенных.", ("BLRGOV", "BLROPP", "08")),
        ("ru", "Полиция задержала десятки протестующих в Минске.", ("BLRCOP", "BLROPP", "17")),
        ("ru", "Германия передала Украине танки и боеприпасы.", ("DEU", "UKR", "07")),
        ("ru", "Песков заявил, что Украина атаковала Белгород беспилотниками.", ("RUSGOV", "UKR", "11")),
        ("ru", "Китай призвал Россию и Украину к переговорам.", ("CHN", "UKR", "02")),
        ("ru", "Россия и Украина договорились о перемирии.", ("UKR", "RUS", "05")),
        ("ru", "Эрдоган провел телефонный разговор с Путиным.", ("TURGOV", "RUSGOV", "04")),
        ("ru", "Франция выслала российских дипломатов.", ("FRA", "RUS", "16")),
        ("ru", "Оппозиционные политики были арестованы белорусскими властями.", ("BLRGOV", "BLROPP", "17")),
        ("ru", "Киев подвергся атаке со стороны России.", ("RUS", "UKRGOV", "19")),
        ("ru", "Российский ракетный удар по Киеву унес жизни пяти человек.", ("RUS", "UKRGOV", "19")),
        ("ru", "Евросоюз выделит Украине 90 млрд евро.", ("IGOEUREEC", "UKR", "07")),
        ("ru", "Лукашенко помиловал 20 политзаключенных.", ("BLRGOV", "BLROPP", "08")),
        ("uk", "Київ зазнав атаки з боку Росії.", ("RUS", "UKRGOV", "19")),
        ("uk", "ЄС виділить Україні 90 млрд євро.", ("IGOEUREEC", "UKR", "07")),
        ("uk", "Володимир Зеленський зустрівся з Дональдом Трампом у Вашингтоні.", ("UKRGOV", "USAGOV", "04")),
        ("uk", "Речник Кремля Дмитро Пєсков заявив, що Україна атакувала Бєлгород.", ("RUSGOV", "UKR", "11")),
        ("uk", "Німеччина передасть Україні ще дві системи Patriot.", ("DEU", "UKR", "07")),
        ("uk", "Зеленський подякував Байдену за підтримку.", ("UKRGOV", "USAGOV", "05")),
        ("uk", "Тисячі людей вийшли на вулиці Тбілісі на знак протесту проти уряду.", ("GEOCVL", "GEOGOV", "14")),
        ("uk", "Україна звинуватила Росію в обстрілі Харкова.", ("UKR", "RUS", "11")),
        ("uk", "Російські війська завдали удару по Києву.", ("RUSMIL", "UKRGOV", "19")),
        ("uk", "США запровадили санкції проти Росії.", ("USA", "RUS", "16")),
        ("uk", "Білоруська влада звільнила 52 ув'язнених.", ("BLRGOV", "BLROPP", "08")),
        ("uk", "Поліція затримала десятки протестувальників у Мінську.", ("BLRCOP", "BLROPP", "17")),
    ],
)
def test_events(nlp, lang, text, expected):
    doc = run(nlp, lang, text)
    got = {(e.source.code, e.target.code, e.code[:2]) for e in doc.events if e.source and e.target}
    assert expected in got


@pytest.mark.parametrize(
    ("lang", "text"),  # negation, condition, hedge
    [
        ("ru", "Польша не будет вводить санкции против Беларуси."),
        ("ru", "Если Россия нападет на Польшу, НАТО ответит."),
        ("ru", "Украина не обвиняла Россию."),
        ("uk", "Польща не запроваджуватиме санкцій проти Білорусі."),
        ("uk", "Якщо Росія нападе на Польщу, НАТО відповість."),
        ("uk", "Україна не звинувачувала Росію."),
        ("ru", "Байден может ввести новые санкции против Ирана."),
        ("uk", "Байден може запровадити нові санкції проти Ірану."),
    ],
)
def test_negation_and_condition_give_no_event(nlp, lang, text):
    doc = run(nlp, lang, text)
    assert doc.actors  # the actors are found; only the event is held back
    assert [e.code for e in doc.events if e.code[:2] in ("11", "16", "19")] == []


@pytest.mark.parametrize(
    ("lang", "text", "quote", "speaker"),
    [
        ("ru", "«Мы готовы к переговорам», — заявил Путин журналистам.", "Мы готовы к переговорам", "Vladimir Putin"),
        (
            "ru",
            "По словам Лукашенко, «граница с Польшей останется закрытой до конца года».",
            "граница с Польшей останется закрытой до конца года",
            "Alexander Lukashenko",
        ),
        ("uk", "«Ми не віддамо нашої землі», — сказав Зеленський.", "Ми не віддамо нашої землі", "Volodymyr Zelensky"),
        ("uk", "За словами Зеленського, «переговори мають бути чесними».", "переговори мають бути чесними", "Volodymyr Zelensky"),
    ],
)
def test_quotes_have_speakers(nlp, lang, text, quote, speaker):
    doc = run(nlp, lang, text)
    assert [(q.text, q.speaker_name) for q in doc.quotes] == [(quote, speaker)]
