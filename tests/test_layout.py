"""The house shows the pipeline: wings per stage, each importing only earlier wings and the core;
language data as validated files; one analysed document per article."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "geo"
WINGS = ["places", "claims", "ledger", "publish", "cli"]  # in pipeline order
#: The core every wing may use; it imports no wing.
CORE = {"geo", "geo.model", "geo.text", "geo.errors", "geo.files", "geo.ingest", "geo.records",
        "geo.distance", "geo.lang", "gazetteer", "gazetteer.build"}
#: Core drivers that run the stages (the CLI, the ledger's ingest and Dask call them).
DRIVERS = {"geo.pipeline", "geo.engine", "geo.evaluate"}


def _modules() -> dict[str, Path]:
    mods = {}
    for base in (GEO, ROOT / "gazetteer"):
        for p in base.rglob("*.py"):
            rel = p.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods[".".join(parts)] = p
    return mods


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every project module ``path`` imports, at any depth (lazy imports count too)."""
    out = set()
    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(p, m, known) for m, p in mods.items()}


def _wing(mod: str) -> int | None:
    parts = mod.split(".")
    if len(parts) >= 2 and parts[0] == "geo" and parts[1] in WINGS:
        return WINGS.index(parts[1])
    return None


def test_the_five_wings_and_three_languages_exist():
    for w in WINGS:
        assert (GEO / w / "__init__.py").is_file(), f"geo/{w}/ is not a package"
    for code in ("en", "uk", "ru"):
        assert (GEO / "lang" / code / "language.toml").is_file()
    for core in ("model", "text", "errors", "files", "ingest", "pipeline", "engine", "evaluate"):
        assert (GEO / f"{core}.py").is_file(), f"geo/{core}.py missing"


def test_no_wing_imports_a_later_wing(graph):
    bad = []
    for mod, deps in graph.items():
        w = _wing(mod)
        if mod == "geo.__main__":  # ``python -m geo`` is the command line
            continue
        for d in deps:
            dw = _wing(d)
            if w is None:
                # the core imports no wing; the drivers run places and claims only
                if mod in DRIVERS and dw is not None and WINGS[dw] in ("places", "claims"):
                    continue
                if mod in DRIVERS and dw is not None and WINGS[dw] == "publish" \
                        and mod == "geo.evaluate":
                    bad.append(f"{mod} -> {d}")
                    continue
                if dw is not None or (mod in CORE and d in DRIVERS):
                    bad.append(f"{mod} -> {d}")
            elif dw is not None and dw > w:
                bad.append(f"{mod} -> {d}")
            elif d in DRIVERS and WINGS[w] in ("places", "claims"):
                bad.append(f"{mod} -> {d}")
    assert not bad, "imports against the pipeline order:\n" + "\n".join(sorted(bad))


def test_places_do_not_read_the_claims_lexicon(graph):
    offenders = [m for m, deps in graph.items() if m.startswith("geo.places")
                 and any(d.startswith("geo.claims") for d in deps)]
    assert not offenders


def test_no_import_circle(graph):
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        seen[m] = 1
        stack.append(m)
        for d in sorted(graph.get(m, ())):
            if d == m or d not in graph:
                continue
            if seen.get(d) == 1:
                cycle = stack[stack.index(d):] + [d]
                # a package importing its own submodules is not a circle
                if not all(c == cycle[0] or c.startswith(cycle[0] + ".") for c in cycle) and \
                        not (d.count(".") < m.count(".") and m.startswith(d + ".")):
                    pytest.fail("import circle: " + " -> ".join(cycle))
            elif d not in seen:
                visit(d)
        stack.pop()
        seen[m] = 2

    for m in sorted(graph):
        if m not in seen:
            visit(m)


def test_no_module_over_600_lines():
    big = [(p.relative_to(ROOT), n) for p in GEO.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600]
    assert not big, f"modules over 600 lines: {big}"


def test_library_code_never_prints_or_exits():
    offenders = []
    for p in GEO.rglob("*.py"):
        if "cli" in p.relative_to(GEO).parts:
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else (
                    f"{getattr(f.value, 'id', '')}.{f.attr}" if isinstance(f, ast.Attribute)
                    else "")
                if name in ("print", "sys.exit", "exit", "click.echo"):
                    offenders.append(f"{p.relative_to(ROOT)}:{node.lineno} {name}")
    assert not offenders, offenders


def test_language_data_loads_and_bad_files_are_named(tmp_path):
    from geo.errors import LanguageDataError
    from geo.lang import languages, load

    assert {"en", "uk", "ru"} <= set(languages())
    en = load("en")
    assert en.triggers and en.claimants
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "language.toml").write_text('code = "xx"\nname = "Test"\nscript = "latin"\n')
    (folder / "events.toml").write_text('[[trigger]]\nevent = "capturd"\npatterns = ["x"]\n')
    with pytest.raises(LanguageDataError, match=r"events\.toml: trigger\[0\]: event: 'capturd' "
                                                r"is not an event"):
        load("xx", root=str(tmp_path))
    (folder / "events.toml").write_text('[[trigger]]\nevent = "captured"\npatterns = ["(x"]\n')
    with pytest.raises(LanguageDataError, match=r"trigger\[0\]: patterns\[0\]: not a valid"):
        load.__wrapped__("xx", root=str(tmp_path))
    (folder / "events.toml").write_text('[[trigger]]\nevent = "captured"\n')
    (folder / "extra.toml").write_text('x = 1\n')
    with pytest.raises(LanguageDataError, match=r"extra\.toml: unknown language data file"):
        load.__wrapped__("xx", root=str(tmp_path))


def test_word_lists_expand_in_patterns(tmp_path):
    from geo.lang import load

    folder = tmp_path / "yy"
    folder.mkdir()
    (folder / "language.toml").write_text('code = "yy"\nname = "Test"\nscript = "latin"\n')
    (folder / "status.toml").write_text(
        '[words]\ndenials = ["denied", "rejected"]\n[patterns]\ndisputed = \'\\b{denials}\\b\'\n')
    lang = load("yy", root=str(tmp_path))
    rx = lang.regex("status", "disputed")
    assert rx.search("Kyiv rejected it") and not rx.search("Kyiv rejects it")


def test_one_document_carries_text_folds_sentences_and_tokens():
    from geo.model import Article
    from geo.text import Document, document

    art = Article(id="t", text="Fighting near Pokrovs’k. Kyiv’s army held.\nCaption line")
    doc = Document(art)
    assert document(doc) is doc
    assert len(doc.folded) == len(doc.text) and "pokrovs'k" in doc.folded
    assert [doc.text[a:b] for a, b in doc.sentences] == [
        "Fighting near Pokrovs’k.", "Kyiv’s army held.", "Caption line"]
    assert doc.sentence_at(doc.text.index("army")) == 1
    words = [doc.text[a:b] for a, b in doc.tokens]
    assert "Kyiv’s" in words and "." in words
