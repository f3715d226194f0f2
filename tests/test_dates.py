"""Event dates against the publication date."""
from __future__ import annotations

import doctest

import pytest

import geo.claims.dates
from geo.claims.dates import find_publication_date, resolve_date


def test_doctests():
    assert doctest.testmod(geo.claims.dates).failed == 0


@pytest.mark.parametrize("text,pub,expected", [
    ("announced on Monday that", "2024-08-19", ("2024-08-19", "day")),  # publication day
    ("On Sunday, Kyiv claimed", "2024-08-19", ("2024-08-18", "day")),
    ("posted late Monday by the Kremlin", "2025-12-02", ("2025-12-01", "day")),
    ("on Saturday night (local time)", "2025-12-07", ("2025-12-06", "day")),
    ("said on November 12 that", "2025-11-12", ("2025-11-12", "day")),
    ("on 3 January the ministry", "2026-01-05", ("2026-01-03", "day")),
    ("on December 30", "2026-01-02", ("2025-12-30", "day")),  # year boundary
    ("in July 2024", "2025-12-02", ("2024-07", "month")),
    ("last month", "2025-11-12", ("2025-10", "month")),
    ("yesterday", "2025-11-12", ("2025-11-11", "day")),
    ("will meet on Friday", "2025-11-12", ("2025-11-14", "day")),
    ("no date at all", "2025-11-12", (None, None)),
    ("on Monday", None, (None, None)),
])
def test_resolve(text, pub, expected):
    assert resolve_date(text, pub) == expected


def test_following_month_uses_the_last_date_named():
    assert resolve_date("the following month", "2025-12-02", anchor=("2024-07", "month")) == (
        "2024-08", "month")


def test_publication_date_in_text():
    assert find_publication_date(" date 2025-12-02 Russia's president") == "2025-12-02"
    assert find_publication_date("Published: March 4, 2025\nKyiv -") == "2025-03-04"
    assert find_publication_date("Fighting went on.") is None


def test_restated_claim_keeps_the_earlier_day_and_overnight_is_the_night_before(gz):
    from geo.model import Article, Event
    from geo.pipeline import extract_article

    text = ("Moscow said on Friday that its forces had taken control of Toretsk.\n"
            "The Russian defence ministry said its forces had captured Toretsk on Wednesday night.")
    ex = extract_article(Article(id="d.txt", text=text, published="2025-02-07"), gz)
    dated = {c.event_date for c in ex.claims if c.event is Event.CAPTURED}
    assert dated == {"2025-02-05"}, dated  # one claim, dated by the event's day
    text = ("ODESA (AFP) -A Russian drone crashed into a warehouse in Izmail overnight, killing "
            "two workers, the governor said on Friday.")
    ex = extract_article(Article(id="e.txt", text=text, published="2025-02-07"), gz)
    strikes = {(c.place.name, c.event_date) for c in ex.claims if c.event is Event.STRIKE}
    assert strikes == {("Izmayil", "2025-02-06")}, strikes  # the dateline is never the place


@pytest.mark.parametrize("text,pub,code,expected", [
    ("3 березня окупанти обстріляли", "2025-03-04", "uk", ("2025-03-03", "day")),
    ("у неділю ворог атакував", "2025-03-04", "uk", ("2025-03-02", "day")),
    ("вчора ввечері росіяни", "2025-03-04", "uk", ("2025-03-03", "day")),
    ("в ночь на 2 марта беспилотники", "2025-03-04", "ru", ("2025-03-02", "day")),
    ("в субботу, 1 марта, министерство", "2025-03-04", "ru", ("2025-03-01", "day")),
    ("в середине марта", "2025-03-04", "ru", ("2025-03", "month")),  # as "in mid-March"
    ("у середині березня", "2025-03-04", "uk", ("2025-03", "month")),
])
def test_ukrainian_and_russian_dates(text, pub, code, expected):
    assert resolve_date(text, pub, code=code) == expected


def test_slavic_claims_carry_their_dates_and_an_unnamed_village_is_the_one_named(gz):
    from geo.model import Article, Event
    from geo.pipeline import extract_article

    text = ("Окупанти заявили, що нібито взяли під контроль село Малинівка на Запоріжжі.\n\n"
            "3 березня російські блогери поширили заяви про захоплення села на Запоріжжі. "
            "У Силах оборони півдня це спростували.")
    ex = extract_article(Article(id="uk.txt", text=text, published="2025-03-04"), gz)
    cap = [c for c in ex.claims if c.event is Event.CAPTURED]
    assert {c.place.place_type.value for c in cap} == {"settlement"}, [
        (c.place.name, c.evidence) for c in cap]
    assert "2025-03-03" in {c.event_date for c in cap}, [(c.place.name, c.event_date) for c in cap]


def test_a_slavic_paragraph_keeps_its_day_for_the_next_sentence_only_within_it(gz):
    from geo.model import Article, Event
    from geo.pipeline import extract_article

    text = ("В ночь на 2 марта беспилотники атаковали Харьков. В Сумах один человек погиб.\n\n"
            "В Одессе прогремели взрывы.")
    ex = extract_article(Article(id="ru.txt", text=text, published="2025-03-04"), gz)
    days = {c.place.name: c.event_date for c in ex.claims if c.event is Event.STRIKE}
    assert days.get("Sumy") == "2025-03-02", days
    assert days.get("Odesa", days.get("Odessa")) is None, days  # another paragraph: no day
