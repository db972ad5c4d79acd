"""Loading the library: every bad input is a located diagnostic with its id, all of them in one run."""

import pytest

from bibtools import load

GOOD = "@techreport{good,\n  title = {A title},\n  institution = {An institution},\n  year = {2019}\n}\n"


@pytest.mark.parametrize("text, line, id, words", [
    ("\n@techreport{a,\n  title = {Unbalanced {brace},\n  institution = {I}\n}\n", 2, "bib.syntax", "entry 'a'"),
    ("@techreport{a,\n  title = {T}\n  institution = {I}\n}\n", 1, "bib.syntax", "missing comma"),
    ("@techreport{a,\n  institution = {I}\n}\n", 1, "bib.missing_field", "'title'"),
    ("@misc{a,\n  title = {T},\n  url = {javascript:alert(1)}\n}\n", 3, "bib.bad_url", "https://"),
    ("@misc{a,\n  title = {T},\n  doi = {https://proxy.example.edu/10.1/x}\n}\n", 3, "bib.bad_url", "not a DOI"),
    ("@misc{a,\n  title = {\\unknown{T}}\n}\n", 2, "bib.latex", "'\\unknown'"),
    ("@misc{a,\n  author = {M\\foo{u}ller, A},\n  title = {T}\n}\n", 2, "bib.latex", "field 'author'"),
    ("@incollection{a,\n  title = {T},\n  crossref = {nowhere}\n}\n", 3, "bib.crossref", "'nowhere'"),
])
def test_a_bad_entry_is_set_aside_under_its_key_with_its_own_line(tmp_path, text, line, id, words):
    library, diagnostics = load(tmp_path, text + GOOD)
    assert diagnostics.errors == [], "an entry's problems are set aside: the review decides if they matter"
    (found,) = library.set_aside["a"]
    assert (found.path, found.line, found.id) == ("bibliography/1.bib", line, id)
    assert words in found.message
    assert "a" not in library, "an entry with a problem is never half shown"
    assert "good" in library, "a bad entry must not hide the entries after it"


def test_an_entry_without_a_key_is_set_aside_under_its_place(tmp_path):
    library, _ = load(tmp_path, "@techreport{,\n  title = {T}\n}\n" + GOOD)
    (found,) = library.set_aside["bibliography/1.bib:1"]
    assert found.id == "bib.syntax" and "no key" in found.message


@pytest.mark.parametrize("text, line, words", [
    ("@misc{a,\n  title = {T},\n  year = {circa 2005}\n}\n", 3, "four digits"),
    ("@misc{a,\n  title = {T},\n  date = {2019},\n  year = {2018}\n}\n", 4, "the date was used"),
    ("@misc{a,\n  title = {T},\n  date = {spring}\n}\n", 3, "n.d."),
])
def test_a_date_that_cannot_be_read_is_a_note_and_the_entry_is_kept(tmp_path, text, line, words):
    library, diagnostics = load(tmp_path, text)
    (found,) = diagnostics.notes
    assert (found.line, found.id) == (line, "bib.bad_date") and words in found.message
    assert "a" in library


def test_every_bibtex_and_biblatex_type_is_read_and_an_unknown_one_is_misc_with_a_note(tmp_path):
    from review_publisher.library.entry_types import ENTRY_TYPES

    text = "".join(f"@{name}{{{name}key,\n  title = {{T}},\n  year = {{2001}}\n}}\n" for name in ENTRY_TYPES)
    library, diagnostics = load(tmp_path, text + "@zine{z,\n  title = {T}\n}\n")
    assert set(library.sources) == {f"{name}key" for name in ENTRY_TYPES} | {"z"}
    assert library["z"].type == "misc" and library["z"].written_type == "zine"
    assert [(d.id, d.line) for d in diagnostics] == [("bib.unknown_type", len(ENTRY_TYPES) * 4 + 1)]


def test_duplicate_keys_across_files_name_both_places(tmp_path):
    library, diagnostics = load(tmp_path, GOOD, "% another file\n" + GOOD.replace("{good", "{GOOD"))
    (found,) = library.set_aside["GOOD"]
    assert (found.path, found.line, found.id) == ("bibliography/2.bib", 2, "bib.duplicate_key")
    assert "bibliography/1.bib:1" in found.message and "ignoring case" in found.message
    assert list(library.sources) == ["good"]


def test_every_problem_of_every_file_in_one_run(tmp_path):
    library, _ = load(tmp_path, "@misc{a,\n title = {T}\n year = {2001}\n}\n" + GOOD,
                      "@book{b,\n publisher = {P}\n}\n@misc{c,\n title = {\\bad}\n}\n")
    assert sorted((d.path, d.id) for problems in library.set_aside.values() for d in problems) == [
        ("bibliography/1.bib", "bib.syntax"), ("bibliography/2.bib", "bib.latex"),
        ("bibliography/2.bib", "bib.missing_field")]


def test_fields_never_shown_are_kept_as_written_and_never_judged(tmp_path):
    library, diagnostics = load(tmp_path, "@article{z,\n  title = {T},\n  journal = {J},\n"
                                          "  file = {C:\\Users\\me\\Zotero\\storage\\x.pdf},\n"
                                          "  abstract = {50\\% of \\undefinedmacro{x}},\n  year = {2019}\n}\n")
    assert len(diagnostics) == 0 and not library.set_aside
    assert "file" not in library["z"].fields
    assert "Zotero" in library["z"].raw.fields["file"]


def test_file_that_is_not_utf8_is_named(tmp_path):
    folder = tmp_path / "bibliography"
    folder.mkdir()
    (folder / "latin1.bib").write_bytes("@misc{a,\n  title = {Tj\u00f8nneland}\n}\n".encode("latin-1"))
    _, diagnostics = load(tmp_path)
    (found,) = diagnostics.errors
    assert (found.path, found.line, found.id) == ("bibliography/latin1.bib", 2, "file.not_utf8")


def test_biblatex_fields_are_read_as_biblatex_means_them(tmp_path):
    library, diagnostics = load(tmp_path, "@article{z,\n  author = {Z, A},\n  title = {T},\n"
                                          "  journaltitle = {J},\n  date = {2019-03-01}\n}\n")
    assert len(diagnostics) == 0
    assert library["z"].fields["journal"] == "J"
    assert library["z"].date.start == (2019, 3, 1)
    assert (library["z"].fields["year"], library["z"].fields["month"]) == ("2019", "3")


def test_crossref_inherits_as_biblatex_renames(tmp_path):
    library, _ = load(tmp_path, "@incollection{chapter,\n  author = {A, B},\n  title = {Chapter},\n"
                                "  crossref = {book}\n}\n"
                                "@collection{book,\n  editor = {E, F},\n  title = {The Book},\n"
                                "  publisher = {P},\n  year = {2001}\n}\n")
    chapter = library["chapter"]
    assert chapter.fields["title"] == "Chapter" and chapter.fields["booktitle"] == "The Book"
    assert chapter.fields["publisher"] == "P" and chapter.year == "2001"
    assert [p.last_names for p in chapter.persons["editor"]] == [["E"]]


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
    assert len(diagnostics) == 0 and not library.set_aside
    assert "allum2019" in library


def test_set_aside_entries_stop_the_build_only_when_used(tmp_path):
    from review_publisher.project import set_aside_problems

    library, _ = load(tmp_path, "@misc{cited,\n  title = {\\bad}\n}\n@misc{idle,\n  title = {\\bad}\n}\n"
                                "@misc{idle2,\n  url = {ftp://x}\n}\n" + GOOD)
    found = set_aside_problems(library, {"cited", "good"})
    assert [(d.id, d.severity) for d in found if d.severity == "error"] == [("bib.latex", "error")]
    (summary,) = [d for d in found if d.id == "bib.left_out"]
    assert summary.severity == "note" and "2 library entries" in summary.message
    assert "idle, idle2" in summary.message
    listed = sorted((d.id, d.line) for d in found if d.severity == "note" and d.id != "bib.left_out")
    assert listed == [("bib.bad_url", 8), ("bib.latex", 5), ("bib.missing_field", 7)]


def test_xdata_fields_are_inherited_without_renaming(tmp_path):
    library, _ = load(tmp_path, "@xdata{wiley,\n  publisher = {Wiley},\n  location = {Chichester}\n}\n"
                                "@book{b,\n  author = {A, B},\n  title = {T},\n  xdata = {wiley},\n  year = {2000}\n}\n")
    assert library["b"].fields["publisher"] == "Wiley" and library["b"].fields["address"] == "Chichester"
    assert "wiley" not in library, "an @xdata entry only lends fields; it is not a document"
