"""The parser's speed-ups give the analyses the slow paths gave: token lookup by offset, the
array-based part-of-speech and lemma components, and parsing in batches.  Invented sentences
(written for these tests, not taken from the dev or seed articles); the real spaCy model runs."""
from __future__ import annotations

import pytest

from geo.claims import parse
from geo.lang import load

pytestmark = pytest.mark.skipif(not parse.available("en"),
                                reason="the English parser model is not installed (make install)")

SENTENCES = [
    "The brigade said on Tuesday that  its units had repelled three assaults near Hlybokyi.",
    "Officials denied reports that the town of Ostrivka had fallen, calling them \"fakes\".",
    "Drones struck a depot outside Velykyi Luh; the governor's office was investigating.",
    "Residents were being evacuated as shelling intensified, according to the regional police.",
    "Moscow claims its troops are advancing toward Sosnivka, but Kyiv says they were pushed back.",
    "",
    "   ",
]


def _scan(doc, offset: int, pos: int):
    """The linear scan that token_at replaced."""
    return next((t for t in doc if offset + t.idx <= pos < offset + t.idx + len(t.text)), None)


def test_token_at_agrees_with_a_scan_at_every_offset():
    docs = parse.parse(SENTENCES)
    for offset in (0, 1234):
        for doc, text in zip(docs, SENTENCES):
            for pos in range(offset - 2, offset + len(text) + 3):
                want = _scan(doc, offset, pos)
                got = parse.token_at(doc, offset, pos)
                assert (None if want is None else want.i) == (None if got is None else got.i), \
                    (text, pos - offset)
    assert parse.token_at(None, 0, 3) is None


def test_lemmas_are_the_rule_lemmatizers_own():
    import spacy

    stock = spacy.load(load("en").parser, exclude=["ner"]).get_pipe("lemmatizer")
    seen = 0
    for doc in parse.parse(SENTENCES * 2):  # twice: the second pass reads the memo
        for t in doc:
            assert t.lemma_ == stock.rule_lemmatize(t)[0], t.text
            seen += 1
    assert seen > 80
    lemmas = {t.text: t.lemma_ for d in parse.parse(SENTENCES) for t in d}
    assert (lemmas["repelled"], lemmas["assaults"], lemmas["denied"]) == ("repel", "assault",
                                                                          "deny")


def test_parts_of_speech_follow_the_language_tag_map():
    meta = load("en").raw["language.toml"]
    tag_map, aux = meta["tag_map"], set(meta.get("aux", ()))
    for doc in parse.parse(SENTENCES):
        for t in doc:
            want = tag_map.get(t.tag_, "X")
            if want == "VERB" and t.lower_ in aux:
                want = "AUX"
            assert t.pos_ == want, (t.text, t.tag_)


def test_parsing_in_one_batch_or_one_by_one_gives_the_same_analysis():
    def analysis(docs):
        return [[(t.idx, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in d] for d in docs]

    together = analysis(parse.parse(SENTENCES))
    alone = [analysis(parse.parse([s]))[0] for s in SENTENCES]
    assert together == alone
    assert together[0] and not together[5]


ARTICLES = {  # invented reports, each with claims that the parse attributes
    "a.txt": "The regional governor said on Sunday that Russian forces had captured Ostrivka. "
             "Ukraine's General Staff denied it, saying its units still held the village.",
    "b.txt": "Ukrainian troops repelled two assaults near Lyman, the brigade said in a statement.",
    "c.txt": "Drones struck an oil depot near Kramatorsk overnight, local officials reported. "
             "Nobody was hurt, they said.",
    "d.txt": "Moscow claims its units are advancing toward Kupiansk; Kyiv calls this a fabrication.",
}


def _claims(exs) -> list:
    return [(e.article.id, [(c.place.id, c.event.value, c.claimant, c.status.value, c.quote_start)
                            for c in e.claims]) if hasattr(e, "claims") else ("failure", str(e))
            for e in exs]


def test_batched_extraction_is_the_one_by_one_extraction_in_order(gz, tmp_path, monkeypatch):
    from geo import pipeline

    for i in range(3):  # copies too: each is parsed for itself
        for name, text in ARTICLES.items():
            (tmp_path / f"{i}{name}").write_text(text, encoding="utf-8")
    (tmp_path / "1bad.txt").write_bytes(b"\xff\xfe\x00\x00" * 10)  # a failure in the middle
    monkeypatch.setattr(pipeline, "BATCH", 1)
    alone = _claims(pipeline.extract_paths([str(tmp_path)], gz=gz))
    monkeypatch.setattr(pipeline, "BATCH", 5)  # batches that straddle the failure
    together = _claims(pipeline.extract_paths([str(tmp_path)], gz=gz))
    assert together == alone
    assert len(alone) == 13 and any(c for _, c in alone if isinstance(c, list))
    assert any(a == "failure" for a, _ in alone)


def test_a_batch_parses_every_request_and_survives_an_article_that_fails():
    def read(text):
        first = parse.parse([text, "A second sentence about Lyman."])
        return first, parse.parse([text])  # a second request is parsed alone

    def fail():
        raise ValueError("this article cannot be read")

    slots = parse.Batch().run([(read, SENTENCES[0]), (fail,), (read, SENTENCES[0])])
    assert all(not s["thread"].is_alive() for s in slots)
    (first, again), (second, _) = slots[0]["result"], slots[2]["result"]
    assert first[0] is not second[0]  # the same sentence of two articles is parsed twice
    assert [t.text for t in first[0]] == [t.text for t in second[0]] == [t.text for t in again[0]]
    assert [t.dep_ for t in first[1]] == [t.dep_ for t in parse.parse([first[1].text])[0]]
    assert isinstance(slots[1]["error"], ValueError)
