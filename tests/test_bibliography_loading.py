"""Loading the library: every bad input is a located diagnostic with its id, all of them in one run."""

import pytest

from bibtools import load

GOOD = "@techreport{good,\n  title = {A title},\n  institution = {An institution},\n  year = {2019}\n}\n"


@pytest.mark.parametrize("text, line, id, words", [
    ("\n@techreport{a,\n  title = {Unbalanced {brace},\n  institution = {I}\n}\n", 2, "bib.syntax", "entry 'a'"),
    ("@techreport{a,\n  title = {T}\n  institution = {I}\n}\n", 1, "bib.syntax", "missing comma"),
    ("@techreport{,\n  title = {T}\n}\n", 1, "bib.syntax", "no key"),
    ("@techreport{a,\n  institution = {I}\n}\n", 1, "bib.missing_field", "'title'"),
    ("@book{a,\n  title = {T}\n}\n", 1, "bib.missing_field", "'publisher'"),
    ("@inproceedings{a,\n  title = {T}\n}\n", 1, "bib.unsupported_type", "@techreport"),
    ("@misc{a,\n  title = {T},\n  url = {javascript:alert(1)}\n}\n", 3, "bib.bad_url", "https://"),
    ("@misc{a,\n  title = {T},\n  year = {circa 2005}\n}\n", 3, "bib.bad_year", "four digits"),
    ("@misc{a,\n  title = {\\unknown{T}}\n}\n", 2, "bib.latex", "'\\unknown'"),
    ("@misc{a,\n  author = {M\\foo{u}ller, A},\n  title = {T}\n}\n", 2, "bib.latex", "field 'author'"),
    ("@misc{a,\n  title = {T},\n  date = {2019},\n  year = {2018}\n}\n", 3, "bib.biblatex_conflict", "keep only"),
    ("@misc{a,\n  title = {T},\n  date = {spring}\n}\n", 3, "bib.biblatex_conflict", "no year"),
])
def test_bad_entry(tmp_path, text, line, id, words):
    library, diagnostics = load(tmp_path, text + GOOD)
    found = [(d.path, d.line, d.id) for d in diagnostics.errors]
    assert found == [("bibliography/1.bib", line, id)]
    assert words in diagnostics.errors[0].message
    assert "good" in library, "a bad entry must not hide the entries after it"


def test_duplicate_keys_across_files_name_both_places(tmp_path):
    library, diagnostics = load(tmp_path, GOOD, "% another file\n" + GOOD.replace("{good", "{GOOD"))
    (found,) = diagnostics.errors
    assert (found.path, found.line, found.id) == ("bibliography/2.bib", 2, "bib.duplicate_key")
    assert "bibliography/1.bib:1" in found.message and "ignoring case" in found.message
    assert list(library.sources) == ["good"]


def test_every_problem_of_every_file_in_one_run(tmp_path):
    _, diagnostics = load(tmp_path, "@misc{a,\n title = {T}\n year = {2001}\n}\n" + GOOD,
                          "@book{b,\n title = {T}\n}\n@misc{c,\n title = {\\bad}\n}\n")
    assert [(d.path, d.id) for d in diagnostics.errors] == [
        ("bibliography/1.bib", "bib.syntax"), ("bibliography/2.bib", "bib.missing_field"),
        ("bibliography/2.bib", "bib.latex")]


def test_file_that_is_not_utf8_is_named(tmp_path):
    folder = tmp_path / "bibliography"
    folder.mkdir()
    (folder / "latin1.bib").write_bytes("@misc{a,\n  title = {Tj\u00f8nneland}\n}\n".encode("latin-1"))
    _, diagnostics = load(tmp_path)
    (found,) = diagnostics.errors
    assert (found.path, found.line, found.id) == ("bibliography/latin1.bib", 2, "file.not_utf8")


def test_biblatex_fields_are_read_as_bibtex_with_a_warning(tmp_path):
    library, diagnostics = load(tmp_path, "@article{z,\n  author = {Z, A},\n  title = {T},\n"
                                          "  journaltitle = {J},\n  date = {2019-03-01}\n}\n")
    assert diagnostics.errors == []
    assert sorted((d.line, d.id) for d in diagnostics.warnings) == [(4, "bib.biblatex_field"),
                                                                    (5, "bib.biblatex_field")]
    assert library["z"].fields["journal"] == "J"
    assert (library["z"].fields["year"], library["z"].fields["month"]) == ("2019", "3")


def test_utf8_names_and_string_macros_work(tmp_path):
    library, diagnostics = load(tmp_path, '@string{norad = "Norad Evaluation Department"}\n'
                                          "@techreport{t,\n  author = {Tjønneland, Elling N.},\n"
                                          "  title = {T},\n  institution = norad\n}\n")
    assert diagnostics.errors == []
    assert library["t"].fields["institution"] == "Norad Evaluation Department"
    assert library["t"].persons["author"][0].last_names == ["Tjønneland"]


def test_the_shared_library_loads_cleanly(tmp_path):
    from harness import ROOT

    library, diagnostics = load(tmp_path, *(p.read_text(encoding="utf-8")
                                            for p in sorted((ROOT / "bibliography").glob("*.bib"))))
    assert diagnostics.errors == [] and diagnostics.warnings == []
    assert "allum2019" in library
