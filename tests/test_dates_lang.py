"""Dates in every language folder: ``geo/lang/<code>/dates.toml`` read by geo/claims/dates.py.

Every sentence is invented for the test.  The English rules moved from code to data with
identical behaviour (tests/test_dates.py); these check the Ukrainian and Russian data, the
schema, and that a Ukrainian/Russian claim carries the date its paragraph names.
"""
from __future__ import annotations

import pytest

from geo.claims.dates import resolve_date, rules
from geo.lang import languages, load
from geo.model import Article

PUB = "2024-06-12"  # a Wednesday


@pytest.mark.parametrize("code", ["en", "uk", "ru"])
def test_every_month_and_weekday_has_words(code):
    r = rules(code)
    assert sorted(set(r.months.values())) == list(range(1, 13))
    assert sorted(set(r.weekdays.values())) == list(range(7))
    assert r.day_month is not None and r.weekday is not None and r.relative is not None


def test_every_language_folder_has_dates():
    assert all("dates.toml" in load(c).raw for c in languages())


@pytest.mark.parametrize("code, text, want", [
    ("uk", "3 червня окупанти обстріляли село", ("2024-06-03", "day")),
    ("uk", "Станом на 22:00 11-го червня бої тривають", ("2024-06-11", "day")),
    ("uk", "30 грудня ворог вдарив по місту", ("2023-12-30", "day")),  # the latest before
    ("uk", "Учора ввечері ворог атакував громаду", ("2024-06-11", "day")),
    ("uk", "У понеділок сили оборони відбили штурм", ("2024-06-10", "day")),
    ("uk", "У п’ятницю противник атакував", ("2024-06-07", "day")),  # typographic apostrophe
    ("uk", "Минулої середи росіяни заявили", ("2024-06-05", "day")),
    ("uk", "Наступного понеділка відбудеться нарада", ("2024-06-17", "day")),
    ("uk", "У травні 2023 року бої точилися біля села", ("2023-05", "month")),
    ("uk", "Сьогодні вранці пролунали вибухи", ("2024-06-12", "day")),
    ("ru", "В ночь на 8 июня беспилотники атаковали город", ("2024-06-08", "day")),
    ("ru", "Вчера вечером ВСУ обстреляли поселок", ("2024-06-11", "day")),
    ("ru", "Во вторник военные заявили о взятии села", ("2024-06-11", "day")),
    ("ru", "В прошлую субботу шли бои", ("2024-06-08", "day")),
    ("ru", "В феврале 2023 года село было занято", ("2023-02", "month")),
    ("ru", "В прошлом месяце ВСУ отступили", ("2024-05", "month")),
    ("uk", "Без дати тут нічого", (None, None)),
    ("ru", "Мая и июня тут нет как дат", (None, None)),  # a month word alone is not a date
])
def test_slavic_dates(code, text, want):
    assert resolve_date(text, PUB, code=code) == want


def test_english_rules_do_not_read_cyrillic():
    assert resolve_date("3 червня окупанти обстріляли село", PUB, code="en") == (None, None)
    assert resolve_date("on June 3 the army said", PUB, code="xx") == ("2024-06-03", "day")


@pytest.mark.slow
def test_a_ukrainian_claim_carries_its_paragraphs_date(gz):
    from geo.pipeline import extract_article

    text = ("Сили оборони звітують про ситуацію на фронті.\n\n"
            "9 червня ворог двічі атакував позиції біля Куп'янська. "
            "Противник також обстріляв Балаклію з артилерії.\n\n"
            "Ворог атакував Ізюм.")
    ex = extract_article(Article(id="t.txt", text=text, published=PUB), gz)
    assert ex.article.language == "uk"
    dated = {c.resolution.mention.text[:3]: c.event_date for c in ex.claims
             if c.event.value != "mention"}
    assert dated.get("Куп") == "2024-06-09"
    assert dated.get("Бал") == "2024-06-09"  # the same paragraph: its time goes on
    assert "Ізю" in dated and dated["Ізю"] is None  # a new paragraph names no date
