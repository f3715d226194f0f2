"""Cost bounded by input size (issue 19): doubling a hostile input roughly doubles the work.

The work is measured in operations, never in seconds: the Python function calls of one
``extract_article`` (``cProfile``'s deterministic count) and the candidate-to-name distances
the context pass weighs (``geo.places.context.STATS``).  Quadratic code shows as a ratio near
4 when the input doubles; near-linear code stays near 2.  Inputs are generated here: one
sentence listing thousands of names joined by hyphens or commas, and a long Cyrillic text.
"""
from __future__ import annotations

import cProfile
import pstats

import pytest

from geo.model import Article
from geo.pipeline import extract_article
from geo.places import context

TOWNS = ["Bakhmut", "Avdiivka", "Pokrovsk", "Kupiansk", "Lyman", "Siversk", "Toretsk",
         "Chasiv Yar", "Vuhledar", "Kramatorsk", "Sloviansk", "Kostiantynivka", "Marinka",
         "Soledar", "Izium", "Balakliia", "Vovchansk", "Orikhiv", "Huliaipole", "Kherson"]


def hyphen_list(n: int) -> str:
    return "Russian forces attacked " + "-".join(TOWNS[i % 20] for i in range(n)) + " on Monday."


def comma_list(n: int) -> str:
    return "Shelling hit " + ", ".join(TOWNS[i % 20] for i in range(n)) + "."


def cyrillic(n: int) -> str:
    return "Окупанти атакували поблизу Бахмут-Авдіївка-Покровськ, " * n


def calls(gz, text: str) -> tuple[int, object]:
    pr = cProfile.Profile()
    pr.enable()
    e = extract_article(Article(id="cost.txt", text=text), gz)
    pr.disable()
    return pstats.Stats(pr).total_calls, e


@pytest.mark.parametrize("make, n", [(hyphen_list, 500), (comma_list, 500), (cyrillic, 400)],
                         ids=["hyphen-joined", "comma-list", "cyrillic"])
def test_doubling_the_input_about_doubles_the_work(gz, make, n):
    extract_article(Article(id="warm.txt", text=make(20)), gz)  # lazy loads out of the count
    small, _ = calls(gz, make(n))
    large, e = calls(gz, make(2 * n))
    assert 1.5 < large / small < 2.6, (small, large)
    assert e.claims  # still read: the places are there


def test_a_place_repeated_past_the_cap_is_said_in_the_evidence(gz):
    from geo.claims.stance import MAX_STATEMENTS

    text = "Shelling hit " + ", ".join(["Bakhmut"] * (MAX_STATEMENTS + 8)) + "."
    e = extract_article(Article(id="cap.txt", text=text), gz)
    notes = " ".join(c.evidence for c in e.claims if c.place.name == "Bakhmut")
    assert "8 further statement(s) of this event at this place not read" in notes
    below = "Shelling hit " + ", ".join(["Bakhmut"] * 3) + "."
    e = extract_article(Article(id="cap2.txt", text=below), gz)
    assert "not read" not in " ".join(c.evidence for c in e.claims)


def _distinct_names(gz, n: int) -> list[str]:
    """Real one-word Ukrainian hromada centres, from the gazetteer's own names."""
    stems = sorted({x[:-len(" hromada")] for x in gz.names
                    if x.endswith(" hromada") and " " not in x[:-len(" hromada")]
                    and x[0].isupper()})
    assert len(stems) >= n
    return stems[:n]


def test_context_distances_are_capped_per_name(gz):
    """A comma list of N distinct real names: distances weighed grow like N (x MAX_ANCHORS),
    not N squared, once N is over the cap, and the cap is said in the resolution notes."""
    names = _distinct_names(gz, 1200)
    work = []
    for n in (600, 1200):
        context.STATS["pairs"] = 0
        e = extract_article(Article(id="ctx.txt", text="Shelling hit " + ", ".join(names[:n])
                                    + "."), gz)
        work.append(context.STATS["pairs"])
    assert work[0] > 0
    assert work[1] / work[0] < 2.6, work
    per_name = work[1] / 1200
    assert per_name < 12 * context.MAX_ANCHORS  # a handful of candidates each, x the cap
    assert "(cost cap)" in " ".join(r.reason for r in e.resolutions)
