"""Costs of reading Ukrainian and Russian: writes the "Ukrainian and Russian" section of BENCHMARKS.md.

    .venv/bin/python benchmarks/ukru.py            # after benchmarks/run.py (which rewrites the file)

The corpus is built at run time from the dev set's Ukrainian and Russian texts
(``../shared/eval/dev/articles/2[1-9]_*.txt``, ``30_*.txt``; they are never copied into the
repository), repeated to 200 articles.  Figures, each in a fresh interpreter pinned to one core:

- language detector: first-use load time and memory (lingua, three languages), per-text time;
- case forms: per-name generation time (pymorphy3), the build hook's time and the names it adds;
- gazetteer warm load and peak memory with the forms in it;
- recognition (recognize + the skeleton pass) per Cyrillic article, against English articles;
- the alternative, lemmatising the text at recognition time: pymorphy3 parse cost per token.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "articles"
BEGIN, END = "<!-- ukru:begin -->", "<!-- ukru:end -->"


def _run(code: str) -> dict:
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _texts(pattern: str) -> list[str]:
    out = []
    for p in sorted(DEV.glob(pattern)):
        lines = p.read_text(encoding="utf-8").splitlines()
        out.append("\n".join(lines[2:]))
    return out


DETECT = r"""
import json, resource, time
from geo.lang import detect
m0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sample = "Генштаб заявил о потерях противника под Бахмутом и Часовым Яром"
t = time.perf_counter(); detect._detector()[0].detect_language_of(sample)  # models load here
load = time.perf_counter() - t
m1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
for _ in range(200): detect._detector()[0].detect_language_of(sample)
per = (time.perf_counter() - t) / 200
print(json.dumps({"load_s": load, "mem_mb": (m1 - m0) / 1024, "per_text_ms": per * 1000}))
"""

FORMS = r"""
import json, time
from gazetteer.forms import forms, _morph
_morph("uk"); _morph("ru")
names = [("Велика Новосілка", "uk"), ("Покровськ", "uk"), ("Садове", "uk"), ("Нова Гусарівка", "uk"),
         ("Северск", "ru"), ("Нововасильевское", "ru"), ("Ростов-на-Дону", "ru"), ("Кривий Ріг", "uk")]
t = time.perf_counter()
n = 0
for k in range(50):
    for name, lang in names:
        forms.__wrapped__(name, lang); n += 1  # uncached
print(json.dumps({"per_name_ms": (time.perf_counter() - t) / n * 1000}))
"""

LOAD = r"""
import json, resource, time
import gazetteer
t = time.perf_counter(); gz = gazetteer.load(); warm = time.perf_counter() - t
t = time.perf_counter(); gz.automaton; matcher = time.perf_counter() - t
info = gz.info()
cyr = sum(1 for k in gz._keys if any('\u0400' <= c <= '\u04ff' for c in k))
print(json.dumps({"warm_s": warm, "matcher_s": matcher, "names": info["names"], "cyrillic_names": cyr,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

RECOG = r"""
import json, re, sys, time
import gazetteer
from geo.model import Article
from geo.text import Document
from geo.lang.detect import with_language
from geo.places.recognize import recognize
from gazetteer.cyrillic import skeleton_mentions
from gazetteer.forms import _morph
gz = gazetteer.load(); gz.automaton
data = json.load(open(sys.argv[1], encoding="utf-8"))
out = {}
for kind, texts in data.items():
    arts = [with_language(Article(id=f"{kind}{i}", text=t)) for i, t in enumerate(texts)]
    for a in arts[:3]:
        skeleton_mentions(Document(a), recognize(Document(a), gz), gz, a.language)  # warm
    t = time.perf_counter(); n = 0; chars = 0
    for a in arts:
        d = Document(a)
        ms = skeleton_mentions(d, recognize(d, gz), gz, a.language)
        n += len(ms); chars += len(a.text)
    dt = time.perf_counter() - t
    out[kind] = {"articles": len(arts), "ms_per_article": dt / len(arts) * 1000,
                 "us_per_kchar": dt / chars * 1e6 * 1000, "mentions": n}
# the alternative: lemmatise every Cyrillic word of the texts with pymorphy3
words = [w for t in data["ukru"] for w in re.findall(r"[\u0400-\u04ff'’ʼ-]+", t)]
m = _morph("uk"); m2 = _morph("ru")
t = time.perf_counter()
for w in words:
    m.parse(w.lower()); m2.parse(w.lower())
out["lemmatise_us_per_word"] = (time.perf_counter() - t) / len(words) * 1e6
out["words_per_article"] = len(words) / len(data["ukru"])
print(json.dumps(out))
"""


def main() -> None:
    import tempfile

    if not DEV.is_dir():
        sys.exit("benchmarks/ukru.py needs ../shared/eval/dev/articles beside the repository")
    ukru = _texts("2[1-9]_*.txt") + _texts("30_*.txt")
    en = _texts("0*.txt") + _texts("1*.txt")
    corpus = {"ukru": (ukru * 20)[:200], "en": (en * 10)[:200]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(corpus, f, ensure_ascii=False)
    det = _run(DETECT)
    frm = _run(FORMS)
    load = _run(LOAD)
    rec = json.loads(subprocess.run(["taskset", "-c", "0", sys.executable, "-c", RECOG, f.name],
                                    cwd=ROOT, capture_output=True, text=True, check=True
                                    ).stdout.strip().splitlines()[-1])
    Path(f.name).unlink()
    u, e = rec["ukru"], rec["en"]
    lem_ms = rec["lemmatise_us_per_word"] * rec["words_per_article"] / 1000
    section = f"""{BEGIN}
## Ukrainian and Russian (`benchmarks/ukru.py`)

Corpus: the dev set's 10 Ukrainian/Russian texts repeated to {u['articles']} articles, beside
{e['articles']} of its English ones (built at run time from `../shared`, not stored).  One core.

| figure | measured |
|---|---|
| language detector (lingua, en/uk/ru only) first use, models loaded | {det['load_s']:.2f} s, +{det['mem_mb']:.0f} MB |
| detector per ambiguous text | {det['per_text_ms']:.2f} ms (texts with і/ї/є/ґ or ы/э/ё/ъ, or no Cyrillic, skip it) |
| case forms of one name (pymorphy3) | {frm['per_name_ms']:.2f} ms |
| gazetteer names / of them Cyrillic (with case forms) | {load['names']:,} / {load['cyrillic_names']:,} |
| gazetteer warm load | {load['warm_s']:.3f} s (matcher on first use {load['matcher_s']:.2f} s) |
| peak memory, gazetteer loaded with its matcher | {load['peak_mb']:.0f} MB |
| recognition per Cyrillic article (recognize + skeleton pass) | {u['ms_per_article']:.2f} ms ({u['us_per_kchar']:.0f} µs per 1,000 characters) |
| recognition per English article | {e['ms_per_article']:.2f} ms ({e['us_per_kchar']:.0f} µs per 1,000 characters) |
| the alternative: lemmatising the text (pymorphy3 uk+ru per word) | {rec['lemmatise_us_per_word']:.0f} µs per word, {lem_ms:.1f} ms per article |

Case forms are generated once, at gazetteer build time, rather than lemmatising each text:
matching inflected names then costs the same single Aho-Corasick pass as English, while
lemmatising would add the last row to every article and still need a lemma index of the
gazetteer's names (multi-word names, whose adjective lemmas are masculine, would have to be
re-agreed at lookup).
{END}"""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text,
                      flags=re.DOTALL)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
    print(section)


if __name__ == "__main__":
    main()
