"""Ukrainian and Russian: case forms, language detection, and claims read in their own language.

Every sentence here is invented for the test (one per construction and language); places are
real and come from the real gazetteer.
"""
from __future__ import annotations

import pytest

from gazetteer.forms import forms, nominative, skeleton
from geo.lang.detect import article_language, language, paragraphs
from geo.model import Article, Event, Side, Status

# ------------------------------------------------------------------ case forms (no gazetteer)


def test_multi_word_names_agree_in_every_case():
    f = forms("Велика Новосілка", "uk")
    assert {"Великої Новосілки", "Великій Новосілці", "Велику Новосілку",
            "Великою Новосілкою"} <= f
    assert "Велика Новосілки" not in f  # the adjective declines with its noun


def test_single_word_and_adjectival_names():
    assert {"Покровська", "Покровську", "Покровськом"} <= forms("Покровськ", "uk")
    assert {"Садового", "Садовому", "Садовим"} <= forms("Садове", "uk")
    assert {"Северска", "Северске", "Северском"} <= forms("Северск", "ru")
    assert {"Нововасильевского", "Нововасильевском"} <= forms("Нововасильевское", "ru")
    assert "Сумах" in forms("Суми", "uk")  # a plural name stays plural


def test_apostrophes_and_hyphens():
    f = forms("Куп’янськ", "uk")
    assert "Куп'янська" in f and "Купянська" in f  # with and without the apostrophe
    assert "Ростове-на-Дону" in forms("Ростов-на-Дону", "ru")
    assert "Івано-Франківську" in forms("Івано-Франківськ", "uk")


def test_accusative_of_a_place_is_inanimate():
    assert "Старого Салтів" not in forms("Старий Салтів", "uk")


def test_nominative_undoes_the_case():
    assert nominative("Великої Новосілки", "uk") == "Велика Новосілка"
    assert nominative("Херсонської області", "uk") == "Херсонська область"
    assert nominative("Рыжевке", "ru") == "Рыжевка"


def test_skeleton_joins_russian_and_ukrainian_spellings():
    assert skeleton("Різниківка") == skeleton("Резниковка")
    assert skeleton("Закітне") == skeleton("Закотное")
    assert skeleton("Ягідне") != skeleton("Ясенове")


# ------------------------------------------------------------------ language detection


def test_language_per_article_and_paragraph():
    assert language("Українські військові звільнили село під Ізюмом.") == "uk"
    assert language("Российские войска освободили населенный пункт в Донецкой области.") == "ru"
    assert language("Russian forces captured the village, the ministry said.") == "en"
    assert language("12 345") is None
    mixed = ("Russian forces shelled the city overnight, officials said.\n\n"
             "Ворог обстріляв місто вночі, повідомили в ОВА. Постраждалих немає.")
    assert [p[2] for p in paragraphs(mixed)] == ["en", "uk"]
    # the detector decides where the letters do not ("Генштаб ВСУ заявил" has none of і/ы)
    assert language("Генштаб заявил о потерях противника под Бахмутом") == "ru"
    assert article_language(mixed) == "uk"


# ------------------------------------------------------------------ claims, end to end


def _claims(gz, text: str, published: str = "2024-05-01"):
    from geo.pipeline import extract_article

    ex = extract_article(Article(id="t.txt", text=text, published=published), gz)
    assert ex.article.language in ("uk", "ru")
    return ex.claims


def _by_place(claims):
    out: dict[str, list] = {}
    for c in claims:
        out.setdefault(c.place.name, []).append(c)
    return out


@pytest.mark.slow
def test_uk_inflected_names_and_a_general_staff_claim(gz):
    cs = _claims(gz, "Українські військові звільнили Нову Гусарівку та Щурівку під Ізюмом, "
                     "повідомив Генштаб ЗСУ.")
    got = _by_place(cs)
    for name in ("Nova Husarivka", "Shchurivka"):
        c = next(c for c in got[name] if c.event is Event.CAPTURED)
        assert c.claimant_side is Side.UKRAINE and c.status is Status.CLAIMED
        assert c.claimant == "Ukrainian General Staff"
    assert any(c.resolution.mention.text == "Нову Гусарівку" for c in got["Nova Husarivka"])


@pytest.mark.slow
def test_uk_list_after_v_raionakh_naselenykh_punktiv(gz):
    cs = _claims(gz, "У Генштабі ЗСУ розповіли, що противник проводив штурмові дії в районах "
                     "населених пунктів Синьківка, Кислівка та Табаївка на Харківщині.")
    got = _by_place(cs)
    for name in ("Synkivka", "Kyslivka", "Tabaivka"):
        assert any(c.event is Event.FIGHTING and c.claimant_side is Side.UKRAINE
                   for c in got[name]), name


@pytest.mark.slow
def test_unit_names_in_quotes_are_never_places(gz):
    cs = _claims(gz, "Підрозділи угруповання «Хортиця» відбили атаку біля Синьківки, "
                     "повідомили в Силах оборони.")
    names = {c.place.name for c in cs}
    assert "Synkivka" in names
    assert not any("Khortyts" in n for n in names)
    cs = _claims(gz, "Группировка войск «Восток» освободила Угледар, сообщило Минобороны России.")
    assert not any(c.resolution.mention.text == "Восток" for c in cs)


@pytest.mark.slow
def test_dnr_is_a_region_and_a_mod_bulletin_claims_every_event(gz):
    text = ("Минобороны: российские войска освободили населенный пункт Северск в ДНР\n\n"
            "Подразделения нанесли поражение противнику в районе населенного пункта "
            "Константиновка. Также установлен полный контроль над Часовым Яром.")
    got = _by_place(_claims(gz, text))
    dnr = got["Donetsk Oblast"]
    assert all(c.event is not Event.CAPTURED for c in dnr)  # the region only says where
    for name, event in (("Siversk", Event.CAPTURED), ("Kostiantynivka", Event.STRIKE),
                        ("Chasiv Yar", Event.CAPTURED)):
        place = next(k for k in got if k.startswith(name[:4]))  # GeoNames spells Kostyantynivka
        c = next(c for c in got[place] if c.event is event)
        assert c.claimant == "Russian Ministry of Defence" and c.claimant_side is Side.RUSSIA


@pytest.mark.slow
def test_a_denial_disputes_the_claim(gz):
    cs = _claims(gz, "Окупанти заявили, що нібито взяли під контроль село Різдвянка. "
                     "Цю інформацію спростували в Силах оборони півдня.")
    c = next(c for c in cs if c.event is Event.CAPTURED)
    assert c.place.country == "UA" and c.status is Status.DISPUTED
    assert c.claimant_side is Side.RUSSIA
    cs = _claims(gz, "В Украине опровергли сообщения о том, что российские войска якобы вошли "
                     "в поселок Рыжевка Сумской области.")
    c = next(c for c in cs if c.event is Event.CAPTURED)
    assert c.status is Status.DISPUTED and c.place.place_type.value == "settlement"


@pytest.mark.slow
def test_russian_spelling_of_a_ukrainian_village(gz):
    cs = _claims(gz, "Российские подразделения нанесли удар по населенному пункту Резниковка "
                     "в ДНР, сообщили в Минобороны России.")
    c = next(c for c in cs if c.event is Event.STRIKE)
    assert c.place.country == "UA" and c.place.admin1 and "Donetsk" in c.place.admin1


@pytest.mark.slow
def test_output_keeps_the_original_and_says_the_language(gz):
    from geo.records import properties

    cs = _claims(gz, "Ворог завдав удару по Великій Новосілці, повідомив начальник "
                     "Донецької ОВА.")
    c = next(c for c in cs if c.event is Event.STRIKE)
    p = properties(c)
    assert p["language"] == "uk" and p["mention"] == "Великій Новосілці"
    assert p["place"] == c.place.name and p["place_local"] == "Велика Новосілка"
    assert p["quote"].startswith("Ворог завдав удару")


@pytest.mark.slow
def test_a_regions_genitive_after_a_name_says_which_namesake(gz):
    # Dniprovske is a village in four oblasts; the genitive region after it says which, and
    # neither capitalised word makes the other part of a longer name
    cs = _claims(gz, "Під обстріл потрапило село Дніпровське Миколаївської області, "
                     "повідомили в ОВА.")
    c = next(c for c in cs if c.place.name == "Dniprovske")
    assert c.place.admin1 == "Mykolaiv Oblast", c.resolution.evidence
    cs = _claims(gz, "Российские войска нанесли удар по селу Днепровское Черниговской области, "
                     "сообщили местные власти.")
    c = next(c for c in cs if c.place.name == "Dniprovske")
    assert c.place.admin1 == "Chernihiv Oblast", c.resolution.evidence
    assert any(c.place.place_type.value == "region" for c in cs)  # the region is read too


@pytest.mark.slow
def test_a_region_an_event_cue_governs_carries_the_event(gz):
    # a hromada named beside a town is usually only where the town is; as the object of
    # "били по" it is the place struck, and it takes the sentence's day
    cs = _claims(gz, "Вчора ввечері окупанти били по Покровській громаді, а вночі обстріляли "
                     "Мирноград, повідомив начальник ОВА.", published="2024-05-02")
    struck = {c.place.name: c for c in cs if c.event is Event.STRIKE}
    hromada = next((c for n, c in struck.items() if "hromada" in n.lower()), None)
    assert hromada is not None, sorted(struck)
    assert hromada.event_date == "2024-05-01"
    assert any(n.startswith("Myrnohrad") for n in struck), sorted(struck)


def _advance(gz, text: str):
    """The advance claim of ``text`` (there is one)."""
    return next(c for c in _claims(gz, text) if c.event is Event.ADVANCING)


@pytest.mark.slow
def test_the_sources_enemy_as_subject_is_the_actor(gz):
    from geo.model import Actor

    c = _advance(gz, "Ворог намагався просунутися біля Синьківки, повідомили в Генштабі ЗСУ.")
    assert c.claimant_side is Side.UKRAINE and c.actor is Actor.RUSSIA, c.evidence
    c = _advance(gz, "Противник продвинулся у Угледара, сообщили в Минобороны России.")
    assert c.claimant_side is Side.RUSSIA and c.actor is Actor.UKRAINE, c.evidence
    # the source's own forces keep their side
    c = _advance(gz, "Українські військові просунулися біля Синьківки, повідомили в Генштабі "
                     "ЗСУ.")
    assert c.actor is Actor.UKRAINE


@pytest.mark.slow
def test_infiltration_is_fighting(gz):
    cs = _claims(gz, "Диверсійні групи противника просочилися до Синьківки, повідомили в "
                     "Генштабі ЗСУ.")
    assert any(c.event is Event.FIGHTING and c.place.name == "Synkivka" for c in cs), [
        (c.place.name, c.event) for c in cs]


@pytest.mark.slow
def test_a_sides_own_name_as_subject_and_positions_taken(gz):
    from geo.model import Actor

    # "окупанти" are Russia's forces whoever reports them (here Russian milbloggers)
    c = _advance(gz, "Російські воєнкори стверджують, що окупанти просунулися біля Синьківки.")
    assert c.actor is Actor.RUSSIA and c.claimant_side is Side.RUSSIA, c.evidence
    # an assessor's clause names the side: the actor is that side
    c = _advance(gz, "Згідно з ISW, російські війська просунулися біля Синьківки.")
    assert c.actor is Actor.RUSSIA and c.status is Status.ASSESSED, c.evidence
    # strongpoints taken near a village are an advance there, not the village taken
    cs = _claims(gz, "Российские военкоры утверждают, что оккупанты захватили несколько "
                     "украинских опорных пунктов у Синьковки.")
    assert not any(c.event is Event.CAPTURED for c in cs), [(c.place.name, c.event) for c in cs]
    assert any(c.event is Event.ADVANCING for c in cs)


@pytest.mark.slow
def test_a_sides_own_liberation_word_and_the_enemy_as_object(gz):
    from geo.model import Actor

    # "обороны противника" is an object: only a nominative "противник" is a subject, and a
    # side's own "освободили" is its own gain whatever the clause names
    cs = _claims(gz, "Подразделения группировки войск «Запад» продвинулись в глубину обороны "
                     "противника и освободили Угледар, сообщили в Минобороны России.")
    c = next(c for c in cs if c.event is Event.CAPTURED)
    assert c.actor is Actor.RUSSIA and c.claimant_side is Side.RUSSIA, c.evidence
    cs = _claims(gz, "Сили оборони прорвали оборону ворога та звільнили Синьківку, повідомили "
                     "в Генштабі ЗСУ.")
    c = next(c for c in cs if c.event is Event.CAPTURED)
    assert c.actor is Actor.UKRAINE and c.claimant_side is Side.UKRAINE, c.evidence


@pytest.mark.slow
def test_a_regions_genitive_after_a_list_holds_every_name_on_it(gz):
    # "Ильинка" is also a Russian main name in Odesa and Crimea; the Russian soft "ль" is the
    # Ukrainian double "лл" of Donetsk's Іллінка; the region after the list holds all of it
    cs = _claims(gz, "Подразделения освободили населенные пункты Ильинка, Новодмитровка и "
                     "Ленинское Донецкой Народной Республики, сообщили в Минобороны.")
    got = {c.resolution.mention.text: c for c in cs}
    for name in ("Ильинка", "Новодмитровка"):
        assert got[name].place.admin1 == "Donetsk Oblast", got[name].resolution.reason


@pytest.mark.slow
def test_half_encircled_is_encircled(gz):
    for text in ("У напівоточеному Покровську залишаються понад тисячу мирних жителів.",
                 "В полуокруженном Покровске остаются более тысячи мирных жителей."):
        cs = _claims(gz, text)
        assert any(c.event is Event.ENCIRCLED and c.place.name == "Pokrovsk" for c in cs), [
            (c.place.name, c.event) for c in cs]
