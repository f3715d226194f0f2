"""The prefilter in front of the language data's patterns skips only searches that fail."""
from __future__ import annotations

import re
from pathlib import Path

from geo.claims.attribution import reporting
from geo.claims.lexicon import CLAIMANT_RES
from geo.lang.prefilter import Prefiltered, fold, necessary_pieces

ROOT = Path(__file__).resolve().parents[1]


def test_pieces_of_simple_shapes():
    assert necessary_pieces(re.compile(r"(?i)(?:russia's|russian|moscow's) army")) is not None
    pieces = necessary_pieces(re.compile(r"(?i)(?:russia's|russian|moscow's) (?:army|navy)"))
    # every match holds one of them; the common prefix "russia" is read as one piece
    assert all(any(p in fold(m) for p in pieces)
               for m in ("Russia's army", "RUSSIAN NAVY", "Moscow's navy"))
    assert necessary_pieces(re.compile(r"(?i)(?:kremlin|\w+ officials?)")) == (" official",
                                                                                "kremlin")
    # an alternative with nothing literal in it: no piece is necessary
    assert necessary_pieces(re.compile(r"(?i)(?:kremlin|\w+)")) is None
    # an optional part gives no piece; a required repeat does
    assert necessary_pieces(re.compile(r"(?:army)?\d+")) is None
    assert necessary_pieces(re.compile(r"(?:drone){2,}")) == ("drone",)
    # pieces too short to tell anything are not used
    assert necessary_pieces(re.compile(r"(?:ab|cd)")) is None


def test_case_insensitive_patterns_still_match_across_case():
    rx = Prefiltered(re.compile(r"(?i)(?:general staff|zaluzhnyi)"))
    assert rx.search("THE GENERAL STAFF SAID").group(0) == "GENERAL STAFF"
    assert rx.search("Залужний") is None
    cyr = Prefiltered(re.compile(r"(?i)(?:генштаб\w*|міноборони)"))
    assert cyr.search("Повідомляє ГЕНШТАБ ЗСУ").group(0) == "ГЕНШТАБ"
    assert cyr.search("Повідомляє штаб") is None
    assert not cyr.could_match(fold("нічого"))


def _texts() -> list[str]:
    """Real sentences (the seed articles) and invented ones in several cases and scripts."""
    out = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        out.append(t)
        out.extend(re.split(r"(?<=[.!?])\s+", t))
    out += ["THE RUSSIAN DEFENCE MINISTRY SAID ITS FORCES TOOK THE VILLAGE.",
            "Kyiv's General Staff reported 40 clashes.", "the rsf and the saf fought in el fasher",
            "Israel’s military said", "Генштаб ЗСУ повідомив", "Минобороны России заявило",
            "Hezbollah’s al-Manar said", "ISW assessed", ""]
    return out


def _all_patterns():
    rep = reporting("en")
    yield from (rx for rx, *_ in rep.claimants)
    yield from (rx for rx, *_ in CLAIMANT_RES)
    from geo.claims.slavic import _data

    for code in ("uk", "ru"):
        yield from (rx for rx, _ in _data(code)["claimants"])


def test_same_answers_as_the_pattern_on_real_text():
    texts = _texts()
    assert len(texts) > 100
    pats = list(_all_patterns())
    skipped = 0
    for text in texts:
        folded = fold(text)
        skipped += sum(not rx.could_match(folded) for rx in pats)
        _check(text, folded, pats)
    assert skipped > len(texts) * len(pats) // 2  # the prefilter does skip most searches


def _check(text, folded, pats):
    for rx in pats:
        assert isinstance(rx, Prefiltered)
        want = rx.pattern.search(text)
        got = rx.search(text, folded)
        assert (want and want.span()) == (got and got.span()), rx.pattern.pattern
        assert [m.span() for m in rx.pattern.finditer(text)] == [
            m.span() for m in rx.finditer(text)]


def test_the_language_data_mostly_has_pieces():
    """Speed depends on it: a claimant pattern without pieces is searched everywhere."""
    pats = [rx for rx, *_ in reporting("en").claimants]
    assert sum(rx.pieces is not None for rx in pats) >= 0.9 * len(pats)


def _alternations():
    from geo.claims.lexicon import lexicon

    for code in ("en", "uk", "ru"):
        lx = lexicon(code)
        yield lx.events_re
        yield lx.ground_re


def test_alternation_gives_the_whole_alternations_matches():
    """Event triggers run only the branches whose pieces are in the text: every match, its
    span and the branch that won are those of the whole alternation, on real and invented
    text, in all three languages; and on most sentences most branches are left out."""
    texts = _texts() + ["Генштаб: окупанти штурмували Покровськ, ворог відступив з Сухого Яру.",
                        "Войска освободили Торское; ВСУ отошли из Ямполя.",
                        "Russian forces captured the village and pushed on toward the town."]
    alts = list(_alternations())
    narrowed = 0
    for alt in alts:
        for text in texts:
            want = [(m.span(), m.lastgroup) for m in alt.pattern.finditer(text)]
            assert [(m.span(), m.lastgroup) for m in alt.finditer(text)] == want
            for pos in (0, len(text) // 3):
                w = alt.pattern.search(text, pos, len(text) - 5)
                g = alt.search(text, pos, len(text) - 5)
                assert (w and w.span()) == (g and g.span())
            rx = alt.for_text(text)
            narrowed += rx is None or rx is not alt.pattern
    assert narrowed > len(alts) * len(texts) // 2


def test_alternation_keeps_the_order_of_overlapping_branches():
    from geo.lang.prefilter import Alternation

    alt = Alternation([("a", "took"), ("b", "took control of"), ("c", "control")])
    m = next(alt.finditer("they took control of it"))
    assert (m.lastgroup, m.group(0)) == ("a", "took")  # listed first, as in the whole pattern
    assert [m.lastgroup for m in alt.finditer("control of it")] == ["c"]
    assert alt.for_text("nothing here") is None and alt.search("nothing here") is None
