"""Ingest: every supported input form, metadata, and a clear message for each bad input."""
from __future__ import annotations

import io
import json
import os

import pytest

from geo.errors import BadArticle
from geo.ingest import Failure, iter_articles, read_articles

TEXT = "Russian forces advanced near Pokrovsk, the Ukrainian military said on Monday."


def _one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_plain_text_and_front_matter(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: Fighting\npublished: 2025-12-02\noutlet: Kyiv Independent\n"
                 "url: https://example.org/a\n---\n" + TEXT, encoding="utf-8")
    a = _one(iter_articles([str(p)]))
    assert a.id == "a.md" and a.text == TEXT
    assert (a.title, a.published, a.outlet, a.url) == ("Fighting", "2025-12-02",
                                                       "Kyiv Independent", "https://example.org/a")


def test_sidecar_and_directory_table(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "articles.toml").write_text('["b.txt"]\noutlet = "AFP"\n'
                                                    'published = "2024-08-19"\n')
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "c.txt.meta.json").write_text(json.dumps({"outlet": "Reuters",
                                                          "url": "javascript:alert(1)"}))
    got = {a.id: a for a in iter_articles([str(tmp_path)])}
    assert set(got) == {"b.txt", "c.txt"}  # metadata files are not articles
    assert got["b.txt"].outlet == "AFP" and got["b.txt"].published == "2024-08-19"
    assert got["c.txt"].outlet == "Reuters"
    assert got["c.txt"].url is None  # only http(s) links survive


def test_json_jsonl_and_stdin(tmp_path):
    rec = {"text": TEXT, "title": "T", "url": "https://x.org", "published": "2025-11-12T10:00:00Z",
           "outlet": "O"}
    (tmp_path / "one.json").write_text(json.dumps(rec))
    (tmp_path / "many.json").write_text(json.dumps([rec, rec]))
    (tmp_path / "lines.jsonl").write_text(json.dumps(rec) + "\n\n" + json.dumps(rec) + "\n")
    got = list(iter_articles([str(tmp_path)]))
    assert sorted(a.id for a in got) == ["lines.jsonl#1", "lines.jsonl#3", "many.json#1",
                                         "many.json#2", "one.json"]
    assert all(a.published == "2025-11-12" for a in got)
    a = _one(iter_articles(["-"], stdin=io.StringIO(TEXT)))
    assert a.id == "stdin" and a.text == TEXT
    a = _one(iter_articles(["-"], stdin=io.StringIO(json.dumps(rec))))
    assert a.title == "T"


def test_html_main_text(tmp_path):
    body = " ".join([TEXT] * 6)
    html = (f"<html><head><title>Front</title></head><body><nav>Home | Sign up</nav>"
            f"<article><h1>Front</h1><p>{body}</p><p>{body}</p></article>"
            f"<footer>Copyright</footer></body></html>")
    (tmp_path / "page.html").write_text(html)
    a = _one(iter_articles([str(tmp_path / "page.html")]))
    assert "Pokrovsk" in a.text and "Home | Sign up" not in a.text


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("bin.txt", b"\x00\x01\x02PNG\x00" * 50, "binary"),
    ("latin.txt", "Zalizné".encode("latin-1"), "not UTF-8"),
    ("bad.json", b'{"text": "x",', "malformed JSON"),
    ("notext.json", b'{"title": "x"}', "no 'text'"),
    ("bad.jsonl", b'{"text": "ok"}\n{oops\n', "malformed JSON on line 2"),
    ("empty.html", b"<html><body><script>var a=1;</script></body></html>", "no article text"),
])
def test_bad_inputs_name_the_file_and_the_problem(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    items = list(iter_articles([str(p)]))
    fails = [i for i in items if isinstance(i, Failure)]
    assert fails, items
    assert fails[0].path == str(p) and reason in fails[0].reason
    with pytest.raises(BadArticle, match=str(p).replace(".", r"\.")):
        read_articles(p)


def test_missing_unreadable_and_too_large(tmp_path):
    f = _one(iter_articles([str(tmp_path / "nope.txt")]))
    assert isinstance(f, Failure) and "no such file" in f.reason
    p = tmp_path / "secret.txt"
    p.write_text(TEXT)
    os.chmod(p, 0)
    if os.geteuid() != 0:  # root reads anything
        f = _one(iter_articles([str(p)]))
        assert isinstance(f, Failure) and "permission" in f.reason
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 100)
    f = _one(iter_articles([str(big)], max_bytes=1000))
    assert isinstance(f, Failure) and "--max-bytes" in f.reason


def test_batch_keeps_going(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    items = list(iter_articles([str(tmp_path)]))
    assert sum(isinstance(i, Failure) for i in items) == 1
    assert [i.id for i in items if not isinstance(i, Failure)] == ["good.txt"]
