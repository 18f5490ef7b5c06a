"""GDELT Event, Mentions and GKG rows built from a hand-made record of the seed (no store involved)."""

from __future__ import annotations

import datetime as dt
import re

import msgspec
import pytest

from letopis.model import ActorRef
from letopis.store import gdelt, gkg
from tests.integration.export_seed import seed_record

EVENT_COLS = [name for name, _ in gdelt.columns("events")]
MENTION_COLS = [name for name, _ in gdelt.columns("mentions")]
GKG_COLS = [name for name, _ in gdelt.columns("gkg")]


@pytest.fixture(scope="module")
def record():
    return seed_record()


@pytest.fixture(scope="module")
def rows(record):
    return [(dict(zip(EVENT_COLS, gdelt.event_row(e), strict=True)),
             dict(zip(MENTION_COLS, gdelt.mention_row(m), strict=True)))
            for e, m in gdelt.record_events(record)]


def test_column_counts_pinned_from_our_data():
    assert (len(EVENT_COLS), len(MENTION_COLS), len(GKG_COLS)) == (61, 16, 27)
    assert EVENT_COLS[0] == "GLOBALEVENTID" and EVENT_COLS[-1] == "SOURCEURL"
    assert GKG_COLS[0] == "GKGRECORDID" and GKG_COLS[-1] == "Extras"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-12-17", dt.date(2025, 12, 17)),
        ("2025-12", dt.date(2025, 12, 1)),
        ("2020", dt.date(2020, 1, 1)),
        ("2025-W50", dt.date(2025, 12, 8)),
        ("2025-W01", dt.date(2024, 12, 30)),
        ("2025-02-30", None),
        ("last week", None),
        (None, None),
    ],
)
def test_period_start_is_the_first_day(value, expected):
    assert gdelt.period_start(value) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(1979, 1, 1), ["19790101", "197901", "1979", "1979.0027"]),  # as in GDELT's own files
        (dt.date(2025, 12, 17), ["20251217", "202512", "2025", "2025.9507"]),
        (None, ["", "", "", ""]),
    ],
)
def test_date_fields(day, expected):
    assert gdelt.date_fields(day) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-12-18", "20251218000000"),
        ("2025-12-18T10:15:30", "20251218101530"),
        ("2025-12-18T10:15:30+02:00", "20251218081530"),
        (dt.datetime(2025, 1, 2, 3, 4, 5), "20250102030405"),
        ("2025-W50", "20251208000000"),
        ("", ""),
        ("nonsense", ""),
    ],
)
def test_timestamp(value, expected):
    assert gdelt.timestamp(value) == expected


def test_global_event_id_is_stable_and_fits_int64():
    a = gdelt.global_event_id("abc:0")
    assert a == gdelt.global_event_id("abc:0") != gdelt.global_event_id("abc:1")
    assert 0 < a < 2**63
    assert gdelt.global_event_id("x") == 204651429991967492  # pinned: must not change between versions


@pytest.mark.parametrize(
    "code, country, group, religion1, types",
    [
        ("BLRGOV", "BLR", "", "", ["GOV", "", ""]),
        ("USA", "USA", "", "", ["", "", ""]),
        ("WST", "WST", "", "", ["", "", ""]),
        ("IGOUNO", "", "UNO", "", ["IGO", "", ""]),
        ("IGOEUREEC", "EUR", "EEC", "", ["IGO", "", ""]),
        ("NGOCHRPRO", "", "", "CHR", ["NGO", "", ""]),
        ("RUSMILREB", "RUS", "", "", ["MIL", "REB", ""]),
        ("", "", "", "", ["", "", ""]),
    ],
)
def test_split_actor(code, country, group, religion1, types):
    cols = gdelt.split_actor(code, "x")
    assert (cols.country, cols.known_group, cols.religion1, [cols.type1, cols.type2, cols.type3]) == (
        country, group, religion1, types)
    assert cols.code == code


@pytest.mark.parametrize(
    "cameo, expected", [("BLR", "BO"), ("UKR", "UP"), ("RUS", "RS"), ("USA", "US"), ("WST", ""), (None, "")]
)
def test_fips(cameo, expected):
    assert gdelt.fips(cameo) == expected


@pytest.mark.parametrize(
    "args, gtype, full, feature",
    [
        (("Belarus", "BLR", 53.0, 28.0), 1, "Belarus", "BO"),
        (("Minsk", "BLR", 53.9, 27.57, None, 625144), 4, "Minsk, Belarus", "625144"),
        (("Minsk", "BLR", 53.9, 27.57, "city", None), 4, "Minsk, Belarus", ""),
        (("Gomel Region", "BLR", 52.4, 30.9, "region", 628035), 5, "Gomel Region, Belarus", "628035"),
        (("Somewhere", "BLR", None, None), 1, "Belarus", "BO"),
        (("The West", "WST", None, None), 0, "", ""),
    ],
)
def test_place_geo(args, gtype, full, feature):
    geo = gdelt.place_geo(*args)
    assert (geo.type, geo.full_name, geo.feature_id) == (gtype, full, feature)
    assert len(geo.row()) == 8


@pytest.mark.parametrize(
    "code, source, target, country",
    [
        ("141", "BLROPP", "BLRGOV", "BO"),  # the source actor's country
        ("042", "USAGOV", "BLR", "BO"),  # a visit happens where the visited are
        ("043", "BLRGOV", "USAGOV", "BO"),  # hosting one, where the hosts are
        ("120", "WST", "BLRGOV", "BO"),  # a region has no geography: the target's country
        ("010", "IGOUNO", None, ""),
    ],
)
def test_fallback_action_geo(code, source, target, country):
    geo = gdelt.fallback_geo(code, source, target)
    assert geo.country == country and geo.type == (1 if country else 0)


def test_count_without_event_place_takes_the_actors_country(record):
    events = [msgspec.structs.replace(ev, place=None) for ev in record.events]
    rec = msgspec.structs.replace(record, events=events, places=[])
    assert gkg.count_geo(rec, rec.counts[0]).country == "BO"  # arrests by BLRGOV: Belarus


def test_event_rows_have_61_fields_and_gdelt_values(rows):
    assert len(rows) == 5
    for event, _ in rows:
        assert len(event) == 61
        assert re.fullmatch(r"\d{8}", event["SQLDATE"])
        assert re.fullmatch(r"\d{14}", event["DATEADDED"])
        for prefix in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
            assert event[f"{prefix}_CountryCode"] == "" or re.fullmatch(r"[A-Z]{2}", event[f"{prefix}_CountryCode"])
    lead = rows[0][0]
    assert (lead["Actor1Code"], lead["Actor1Name"], lead["Actor1CountryCode"], lead["Actor1Type1Code"]) == (
        "BLRGOV", "ALEXANDER LUKASHENKO", "BLR", "GOV")
    assert (lead["EventCode"], lead["EventBaseCode"], lead["EventRootCode"], lead["QuadClass"]) == ("013", "013", "01", "1")
    assert (lead["IsRootEvent"], lead["GoldsteinScale"], lead["SQLDATE"]) == ("1", "0.4", "20251217")
    assert (lead["Actor1Geo_Type"], lead["Actor1Geo_CountryCode"], lead["Actor2Geo_CountryCode"]) == ("1", "BO", "US")
    assert lead["SOURCEURL"] == "https://www.example.bg/news/995f112f"


@pytest.mark.parametrize(
    "index, sqldate, code, action_geo",
    [
        (1, "20200101", "173", ("1", "BO", "BO")),  # background, dated to its year
        (2, "20220101", "190", ("1", "UP", "UP")),  # the 2022 invasion keeps 2022, not the report date
        (3, "20251208", "057", ("4", "BO", "625144")),  # "last week": the Monday of 2025-W50; Minsk is a city
        (4, "20251218", "0841", ("0", "", "")),  # no own date: the document's date; no place: no geography
    ],
)
def test_event_dates_and_action_geo(rows, index, sqldate, code, action_geo):
    event = rows[index][0]
    assert (event["SQLDATE"], event["EventCode"]) == (sqldate, code)
    assert (event["ActionGeo_Type"], event["ActionGeo_CountryCode"], event["ActionGeo_FeatureID"]) == action_geo


def test_mentions_point_into_the_text(record, rows):
    text = record.text
    for (event, mention), ev in zip(rows, record.events, strict=True):
        assert len(mention) == 16
        assert mention["GLOBALEVENTID"] == event["GLOBALEVENTID"]
        assert mention["MentionType"] == "1" and mention["MentionSourceName"] == "example.bg"
        assert text.startswith(ev.evidence.trigger, int(mention["ActionCharOffset"]))
        assert mention["MentionDocLen"] == str(len(text))
        assert mention["MentionDocTranslationInfo"] == "srclc:bul;eng:letopis-native"
    lead = rows[0][1]
    assert text.startswith("Лукашенко", int(lead["Actor1CharOffset"]))
    assert lead["Actor2CharOffset"] == "-1" and lead["SentenceID"] == "1" and lead["Confidence"] == "90"
    assert rows[3][1]["Confidence"] == "50"


def test_mention_of_a_file_is_a_citation():
    m = gdelt.MentionFacts(7, "20250101000000", "2025-01-02", "/data/news/a.txt", 2, -1, -1, 5, 0.7, 10, 0.0, "en")
    row = gdelt.mention_row(m)
    assert row[3:6] == ["2", "a.txt", "/data/news/a.txt"] and row[2] == "20250102000000" and row[14] == ""


def test_tabs_and_newlines_never_break_a_row():
    ev = gdelt.EventFacts(
        event_id=7, date=None, report_date="2025-01-01", source=ActorRef("USA", "New\tYork\nCity"), target=None,
        code="010", quad_class=1, goldstein=0.0, is_root=False, num_mentions=1, num_sources=1, num_articles=1,
        avg_tone=0.0, action_geo=gdelt.Geo(), date_added="2025-01-01T00:00:00", source_url="a\tb",
    )
    row = gdelt.event_row(ev)
    assert len(row) == 61 and not any("\t" in f or "\n" in f for f in row)
    assert row[6] == "NEW YORK CITY" and row[-1] == "a b" and row[-2] == "20250101000000"


@pytest.fixture(scope="module")
def gkg_fields(record):
    return dict(zip(GKG_COLS, gkg.gkg_row(record, serial=3), strict=True))


def test_gkg_has_27_fields_in_codebook_formats(gkg_fields):
    f = gkg_fields
    assert len(f) == 27
    assert f["GKGRECORDID"] == "20251218000000-T3"
    assert (f["DATE"], f["SourceCollectionIdentifier"], f["SourceCommonName"]) == ("20251218000000", "1", "example.bg")
    assert f["Counts"] == "ARREST#1000#демонстранти#1#Belarus#BO#BO#53.0#28.0#BO"
    assert f["V2Counts"].endswith("#769") and f["V2Counts"].count("#") == 10
    assert f["Persons"] == "alexander lukashenko;john coale"
    assert f["Organizations"] == "newsmax" and f["V2Organizations"] == "Newsmax,343"
    assert f["Amounts"] == "1000,демонстранти,769;123,задържани лица,1941"
    assert f["Dates"] == "1#0#0#2020#265;3#12#17#2025#364;3#12#8#2025#1858"
    assert f["Quotations"] == "2561|41|заяви|Можем ли да работим заедно там? Да, можем"
    assert f["GCAM"] == "wc:383" and f["TranslationInfo"] == "srclc:bul;eng:letopis-native"
    assert "<LETOPIS_DOCUMENT_ID>" in f["Extras"] and "<PAGE_TITLE>" in f["Extras"]


def test_gkg_themes_come_from_events_and_counts(gkg_fields):
    # 173 arrest and the ARREST count; 190 force: ARMEDCONFLICT and MILITARY; 057 agreement: NEGOTIATIONS.
    assert gkg_fields["Themes"] == "ARREST;ARMEDCONFLICT;MILITARY;NEGOTIATIONS"
    assert gkg_fields["V2Themes"] == "ARREST,758;ARREST,769;ARMEDCONFLICT,1499;MILITARY,1499;NEGOTIATIONS,1906"


@pytest.mark.parametrize(
    "field, entry, parts",
    [
        ("V2Counts", r"[A-Z]+#\d+#[^#;]*#\d#[^#;]*#[A-Z]{0,2}#[A-Z0-9]*#[-\d.]*#[-\d.]*#[^#;]*#\d+", 11),
        ("Locations", r"[1-5]#[^#;]+#[A-Z]{2}#[A-Z0-9]+#-?[\d.]+#-?[\d.]+#[^#;]+", 7),
        ("V2Locations", r"[1-5]#[^#;]+#[A-Z]{2}#[A-Z0-9]+#[^#;]*#-?[\d.]+#-?[\d.]+#[^#;]+#\d+", 9),
        ("V2Persons", r"[^,;#]+,\d+", 2),
        ("V2Themes", r"[A-Z_]+,\d+", 2),
        ("AllNames", r"[^,;#]+,\d+", 2),
        ("V2Tone", None, 7),
        ("Dates", r"[1-4]#\d{1,2}#\d{1,2}#\d{4}#\d+", 5),
    ],
)
def test_gkg_inner_delimiters(gkg_fields, field, entry, parts):
    value = gkg_fields[field]
    assert value
    if entry is None:
        assert len(value.split(",")) == parts
        [float(x) for x in value.split(",")]
        return
    for item in value.split(";"):
        assert re.fullmatch(entry, item), item
        assert len(item.split("#" if "#" in item else ",")) == parts


def test_gkg_values_never_carry_delimiters(record):
    bad = record.__class__(**{**{f: getattr(record, f) for f in record.__struct_fields__},
                              "quotes": [record.quotes[0].__class__("a|b#c\td", 5, 12, None, None, "ка#за", True)],
                              "title": "x<y>&\tz"})
    f = dict(zip(GKG_COLS, gkg.gkg_row(bad), strict=True))
    assert f["Quotations"] == "5|7|ка за|a b c d"
    assert "<PAGE_TITLE>x&lt;y&gt;&amp; z</PAGE_TITLE>" in f["Extras"]


def test_english_document_has_no_translation_mark(record):
    rec = record.__class__(**{**{f: getattr(record, f) for f in record.__struct_fields__}, "language": "en",
                              "source": "/tmp/a.txt"})
    f = dict(zip(GKG_COLS, gkg.gkg_row(rec), strict=True))
    assert f["GKGRECORDID"] == "20251218000000-1" and f["TranslationInfo"] == ""
    assert (f["SourceCollectionIdentifier"], f["SourceCommonName"]) == ("2", "a.txt")


@pytest.mark.shared
def test_our_column_lists_match_the_codebooks(shared):
    import csv

    base = shared / "data" / "gdelt"
    with open(base / "gdeltPyR__utils_schema_csvs_GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv",
              encoding="utf-8") as fh:
        events = [(r[0], r[1]) for r in list(csv.reader(fh))[1:]]
    assert events == list(gdelt.columns("events"))
    for table, name in [("mentions", "eventMentions"), ("gkg", "gdeltKnowledgeGraph")]:
        path = base / f"gdeltPyR__utils_schema_csvs_GDELT_2.0_{name}_Column_Labels_Header_Row_Sep2016.tsv"
        with open(path, encoding="utf-8") as fh:
            cols = [(r[1], r[2]) for r in list(csv.reader(fh, delimiter="\t"))[1:]]
        assert cols == list(gdelt.columns(table))
