"""Attribution from the parse, one construction per test, each with its own invented sentence
(written for these tests, not taken from the dev or seed articles).  The real spaCy model runs."""
from __future__ import annotations

import pytest

from geo.claims import parse
from geo.claims.stance import Statement, resolve
from geo.model import Actor, Article, Event, Side, Status
from geo.pipeline import extract_article

pytestmark = pytest.mark.skipif(not parse.available("en"),
                                reason="the English parser model is not installed (make install)")


def claims(gz, text: str, **meta) -> dict:
    ex = extract_article(Article(id="t.txt", text=text, published="2025-06-11", **meta), gz)
    return {(c.place.name, c.event): c for c in ex.claims}


def test_possessive_subject_several_words_before_the_verb(gz):
    out = claims(gz, "Kyiv's eastern military command said late on Monday night that its units "
                     "had fought off repeated assaults near Lyman.")
    c = out[("Lyman", Event.HELD)]
    assert (c.claimant, c.claimant_side, c.status) == ("Ukrainian General Staff", Side.UKRAINE,
                                                       Status.CLAIMED), c.evidence


def test_coreference_across_three_sentences(gz):
    out = claims(gz, "Russia's defence ministry published a long statement on Sunday. "
                     "Much of it dealt with drones and supplies. "
                     "Later in the day the ministry said its troops had captured Toretsk.")
    c = out[("Toretsk", Event.CAPTURED)]
    assert c.claimant == "Russian Ministry of Defence" and c.claimant_side is Side.RUSSIA
    assert "coreference" in c.evidence
    assert c.actor is Actor.RUSSIA


def test_pronoun_resolves_to_the_nearest_compatible_source(gz):
    out = claims(gz, "The Institute for the Study of War published its daily map. "
                     "Zelensky spoke to soldiers in the morning. "
                     "It said Russian troops had advanced west of Kurakhove.")
    c = out[("Kurakhove", Event.ADVANCING)]
    assert (c.claimant, c.status) == ("ISW", Status.ASSESSED), c.evidence  # "it": not a person


def test_denial_in_a_later_sentence_disputes_the_claim(gz):
    text = ("Moscow said on Tuesday that its forces had taken full control of Siversk. "
            "The town has been shelled for months. "
            "Ukraine's General Staff rejected the claim.")
    c = claims(gz, text)[("Siversk", Event.CAPTURED)]
    assert (c.claimant_side, c.status) == (Side.RUSSIA, Status.DISPUTED), c.evidence
    stances = {(s["source"], s["stance"]) for s in c.stances}
    assert ("Ukrainian General Staff", "denies") in stances
    assert ("Russian officials", "asserts") in stances


def test_a_denial_wrapping_the_claim_it_denies(gz):
    out = claims(gz, "Fighting went on across the Zaporizhzhia region. "
                     "A spokesman for Ukraine's southern command dismissed Moscow's assertion "
                     "that its troops had entered Huliaipole.")
    (c,) = [c for (p, e), c in out.items() if p == "Hulyaypole" and e.front_line]
    assert (c.claimant, c.status) == ("Russian officials", Status.DISPUTED), c.evidence


def test_primary_source_post_makes_its_author_the_claimant(gz):
    text = ("The General Staff of Ukraine's armed forces reported in its morning update on "
            "Facebook.\nOver the past day the enemy shelled Nikopol and Marhanets.\n"
            "Russian drones hit Kherson overnight.")
    out = claims(gz, text)
    for place in ("Nikopol", "Kherson"):
        c = out[(place, Event.STRIKE)]
        assert (c.claimant, c.status) == ("Ukrainian General Staff", Status.CLAIMED), c.evidence
        assert "author" in c.evidence


def test_a_news_story_citing_many_sources_is_not_a_primary_document(gz):
    text = ("Russia's defence ministry reported on Friday that its forces had taken Siversk. "
            "Ukrainian officials said fighting continued near Lyman. "
            "Russian drones hit Kherson overnight.")
    c = claims(gz, text)[("Kherson", Event.STRIKE)]
    assert c.claimant is None and c.status is Status.REPORTED


def test_dateline_is_neither_event_place_nor_claimant(gz):
    out = claims(gz, "KHARKIV (AFP) - Russian shelling killed two people in Kupiansk, the "
                     "regional governor said on Wednesday.")
    assert not [c for (p, e), c in out.items() if p == "Kharkiv" and e.front_line]
    c = out[("Kupyansk", Event.STRIKE)]
    assert c.claimant == "Ukrainian regional authorities"


def test_title_case_dateline_is_no_place_and_its_date_no_event_date(gz):
    # published 2025-06-11, a Wednesday: the dateline's "Jun 11" is the filing day
    out = claims(gz, "Kharkiv, Jun 11 (Reuters) Russian shelling killed two people in "
                     "Kupiansk on Monday, the regional governor said.")
    assert not [c for (p, e), c in out.items() if p == "Kharkiv" and e.front_line]
    c = out[("Kupyansk", Event.STRIKE)]
    assert c.event_date == "2025-06-09", c.evidence
    out = claims(gz, "Kharkiv, Jun 11 (Reuters) Russian shelling killed two people in "
                     "Kupiansk, the regional governor said.")
    assert out[("Kupyansk", Event.STRIKE)].event_date is None


def test_passive_agent_is_the_source(gz):
    out = claims(gz, "The capture of Vovchansk by Russian troops was announced by the Kremlin "
                     "on Thursday.")
    c = out[("Vovchansk", Event.CAPTURED)]
    assert (c.claimant, c.claimant_side) == ("the Kremlin", Side.RUSSIA), c.evidence


def test_appositive_names_the_side_of_an_unknown_speaker(gz):
    out = claims(gz, "Oksana Marchenko, a Ukrainian official in the region, said troops were "
                     "holding their positions around Pokrovsk.")
    c = out[("Pokrovsk", Event.HELD)]
    assert (c.claimant, c.claimant_side) == ("Ukrainian officials", Side.UKRAINE), c.evidence


def test_hypothetical_is_threatened_not_captured(gz):
    out = claims(gz, "Western officials warned that Huliaipole could fall within weeks, and "
                     "Russian commanders aim to capture Orikhiv by the summer.")
    assert ("Hulyaypole", Event.CAPTURED) not in out and ("Orikhiv", Event.CAPTURED) not in out
    assert ("Orikhiv", Event.THREATENED) in out


def test_withdrawal_is_capture_by_the_other_side_acknowledged(gz):
    out = claims(gz, "Ukraine's army said on Saturday that its brigades had withdrawn from "
                     "Robotyne to better defensive lines.")
    c = out[("Robotyne", Event.CAPTURED)]
    assert c.actor is Actor.RUSSIA, c.evidence
    assert (c.claimant_side, c.status) == (Side.UKRAINE, Status.CONFIRMED), c.evidence


def test_party_of_another_war_is_named_beside_the_schema_side(gz):
    # the schema's claimant_side is russia/ukraine/independent; another war's party is its own field
    out = claims(gz, "The Rapid Support Forces said on Sunday they had seized El Fasher.")
    (c,) = [c for (p, e), c in out.items() if e is Event.CAPTURED]
    assert (c.claimant, c.claimant_side, c.claimant_party) == (
        "Rapid Support Forces", Side.INDEPENDENT, "rsf"), c.evidence
    from geo.records import properties
    p = properties(c)
    assert (p["claimant_side"], p["claimant_party"]) == ("independent", "rsf")


def test_russia_ukraine_claims_carry_no_party(gz):
    out = claims(gz, "Russia's defence ministry said its forces had captured Novoselivka.")
    c = out[("Novoselivka", Event.CAPTURED)]
    assert (c.claimant_side, c.claimant_party) == (Side.RUSSIA, None), c.evidence


def test_entry_told_by_the_other_side_is_fighting(gz):
    # the side that says it entered: an advance; the defender admitting the enemy is inside:
    # a contested place
    own = claims(gz, "Ukraine's army said its troops had entered Vasylivka on Friday.")
    assert ("Vasylivka", Event.ADVANCING) in own, sorted(own)
    other = claims(gz, "Kyiv acknowledged on Friday that Russian troops had entered Vasylivka.")
    assert ("Vasylivka", Event.FIGHTING) in other, sorted(other)
    assert ("Vasylivka", Event.ADVANCING) not in other


def test_stance_aggregation_is_language_independent():
    # what a Ukrainian/Russian reader would feed: no parse, only statements
    claim = Statement("p1", Event.CAPTURED, "Russian MoD", "russia", "asserts", 0, "q0")
    other = Statement("p1", None, "Ukrainian General Staff", "ukraine", "denies", 3, "q3")
    hedge = Statement(None, None, None, None, "unverified", 1, "q1")
    (v,) = resolve([claim], [other, hedge])
    assert v.status is Status.DISPUTED
    (v,) = resolve([claim], [hedge])
    assert v.status is Status.UNVERIFIED
    (v,) = resolve([Statement("p1", Event.CAPTURED, None, None, "asserts", 0, "q")], [hedge])
    assert v.status is Status.REPORTED


def test_reporting_verb_of_a_verbless_sentence_names_its_root_noun(gz):
    # the parser reads "the X project reported" as a noun with a reduced relative clause
    out = claims(gz, "On May 2, the DeepState mapping project reported on the occupation of "
                     "Ocheretyne by Russian troops.")
    c = out[("Ocheretyne", Event.CAPTURED)]
    assert (c.claimant, c.status) == ("DeepState", Status.ASSESSED), c.evidence


def test_a_statement_continued_by_its_source_keeps_its_day(gz):
    text = ("An ethnic armed group said on Tuesday (June 10) that it had seized a border post.\n\n"
            "Its fighters have \u201ctaken full control of the main army base of the region\u201d "
            "in Lashio, the group said in a statement.")
    c = claims(gz, text)[("Lashio", Event.CAPTURED)]
    assert c.claimant == "Myanmar resistance forces", c.evidence
    assert (c.claimant_side, c.claimant_party) == (Side.INDEPENDENT, "resistance")
    assert c.status is Status.CLAIMED and c.event_date == "2025-06-10", (c.status, c.event_date)


def test_the_army_of_the_articles_war(gz):
    # "the army" with no earlier source: the army party of the war whose parties the article names
    text = ("Fighting with the Rapid Support Forces has eased in the capital. "
            "The army said it had taken control of government buildings in central Omdurman.")
    c = claims(gz, text)[("Omdurman", Event.CAPTURED)]
    assert (c.claimant, c.claimant_party, c.status) == (
        "Sudanese Armed Forces", "saf", Status.CLAIMED), c.evidence
    # no party of any war named: "the army" stays unnamed rather than guessed
    c = claims(gz, "The army said it had taken control of government buildings in central "
                   "Omdurman.")[("Omdurman", Event.CAPTURED)]
    assert c.claimant is None and c.claimant_party is None, c.evidence


def test_conflict_army_must_be_one_of_its_parties(tmp_path, monkeypatch):
    import geo.lang as lang
    from geo.errors import LanguageDataError

    bad = tmp_path / "conflicts.toml"
    bad.write_text("[[conflict]]\nid = 'x'\nname = 'X'\narmy = 'zz'\n"
                   "parties = [{ id = 'a', name = 'A' }]\n", encoding="utf-8")
    monkeypatch.setattr(lang, "HERE", tmp_path)
    lang.conflicts.cache_clear()
    try:
        with pytest.raises(LanguageDataError, match="army"):
            lang.conflicts()
    finally:
        monkeypatch.undo()
        lang.conflicts.cache_clear()


def test_a_nationality_claim_noun_is_the_claim_a_denial_wraps(gz):
    out = claims(gz, "Kyiv's army has rejected Russian claims that its troops captured Velyka "
                     "Novosilka, calling the report propaganda.")
    c = next(c for (p, e), c in out.items() if e is Event.CAPTURED)
    assert (c.claimant_side, c.status) == (Side.RUSSIA, Status.DISPUTED), c.evidence


def test_could_fall_and_avoiding_encirclement_are_scenarios(gz):
    out = claims(gz, "Analysts warned that Kostiantynivka could fall within weeks.")
    assert ("Kostyantynivka", Event.THREATENED) in out, sorted(out)
    out = claims(gz, "Ukraine's army said its units had pulled out of Kurakhove to avoid "
                     "encirclement.")
    assert ("Kurakhove", Event.CAPTURED) in out and ("Kurakhove", Event.ENCIRCLED) not in out, \
        sorted(out)


def test_the_claimant_named_first_wins_and_a_launch_at_a_port_is_a_strike(gz):
    # "Houthi rebels": the Houthis (named first), not the generic "rebels" of another war
    out = claims(gz, "Houthi rebels said they had launched two drones at the port of Eilat.")
    c = out[("Eilat", Event.STRIKE)]
    assert (c.claimant, c.claimant_party) == ("Houthis", "houthis"), c.evidence
    # a generic name with no side still takes the side its clause gives it
    out = claims(gz, "The mayor, who was installed by Moscow, said 300 people were evacuated "
                     "from Oleshky.")
    c = out[("Oleshky", Event.EVACUATION)]
    assert c.claimant_side is Side.RUSSIA, c.evidence


@pytest.mark.parametrize("text", [
    "У Генштабі ЗСУ розповіли, що росіяни намагалися просунутися в районі села Кліщіївка.",
    "В Генштабе ВСУ сообщили, что российские войска пытались продвинуться в районе села "
    "Клещеевка.",
])
def test_a_name_inside_the_reported_clause_is_not_its_source(gz, text):
    ex = extract_article(Article(id="u.txt", text=text, published="2025-06-11"), gz)
    front = [c for c in ex.claims if c.event.front_line]
    assert front, [(c.place.name, c.event) for c in ex.claims]
    assert all(c.claimant_side is Side.UKRAINE for c in front), [
        (c.claimant, c.evidence) for c in front]


def test_he_refers_back_to_a_governor(gz):
    text = ("Russia's defence ministry said its forces had established full control over "
            "Kupiansk. \u201cThe fighting goes on,\u201d Oleh Syniehubov, the regional governor, "
            "wrote on Telegram. He disputed the claim that Russia had complete control of "
            "Kupiansk.")
    out = claims(gz, text)
    c = out[("Kupyansk", Event.CAPTURED)]
    assert (c.claimant_side, c.status) == (Side.RUSSIA, Status.DISPUTED), c.evidence


def test_no_acknowledgement_from_the_other_side_leaves_a_claim_unverified(gz):
    text = ("Russia's defence ministry said its forces had taken the village of Novoselivka. "
            "Ukraine's military made no acknowledgement that Novoselivka was in Russian hands.")
    c = claims(gz, text)[("Novoselivka", Event.CAPTURED)]
    assert (c.claimant_side, c.status) == (Side.RUSSIA, Status.UNVERIFIED), c.evidence
    # the light verb's subject is the source of its reporting noun
    from geo.claims.attribution import Memory, frames, reporting

    d = parse.parser("en")("Ukraine's army issued a statement that it had retaken the town.")
    (f,) = [f for f in frames(d, 0, reporting("en"), Memory()) if f.lemma == "statement"]
    assert f.source is not None and f.source.text == "Ukraine's army", f.source


def test_an_unqualified_ministry_is_the_side_whose_forces_it_reports(gz):
    out = claims(gz, "Ukrainian troops have recaptured the village of Robotyne, the defence "
                     "ministry said on Monday.")
    c = out[("Robotyne", Event.CAPTURED)]
    assert c.claimant_side is Side.UKRAINE, c.evidence
    out = claims(gz, "Russian forces have taken the village of Ocheretyne, the defence ministry "
                     "said. Kyiv did not comment.")
    c = out[("Ocheretyne", Event.CAPTURED)]
    assert (c.claimant, c.claimant_side) == ("Russian Ministry of Defence", Side.RUSSIA), \
        c.evidence


def test_an_unqualified_ministry_after_a_government_speaks_is_that_governments(gz):
    out = claims(gz, "Russia said on Tuesday that its army was pressing on in the east. The "
                     "defence ministry said its troops had liberated the village of Ocheretyne.")
    c = out[("Ocheretyne", Event.CAPTURED)]
    assert (c.claimant, c.claimant_side) == ("Russian Ministry of Defence", Side.RUSSIA), \
        c.evidence


def test_actor_of_an_event_noun_with_a_side_adjective(gz):
    out = claims(gz, "Ukrainian units repelled several attacks near Pokrovsk, a key target of "
                     "Russian advances, the General Staff said.")
    assert out[("Pokrovsk", Event.HELD)].actor.value == "ukraine"
    out = claims(gz, "The brigade stopped the Russian advance and still controls Vuhledar, "
                     "the General Staff said.")
    held = out.get(("Vuhledar", Event.HELD))
    assert held is not None and held.actor.value == "ukraine", held and held.evidence


def test_a_pronoun_agent_is_the_side_named_before_it(gz):
    out = claims(gz, "The Russians kept shelling towns along the border and pressed on east of "
                     "the city of Lysychansk, which they took last month.")
    c = out[("Lysychansk", Event.CAPTURED)]
    assert c.actor.value == "russia", c.evidence
