"""`review check` checks the sources as a build loads them, and reads again only what changed.

The check keeps what each file gave in .review-cache/ (check/source_check.py); these tests hold it to the very
messages a build's loading gives, on every tiny site, cold and warm, and after each kind of edit.
"""

import json
import subprocess
import sys

import pytest

from harness import ROOT, SITES, copy_site

TINY_SITES = sorted(path.name for path in SITES.iterdir() if (path / "mkdocs.yml").is_file())


def configured(site):
    """The review plugin of a site after on_config, as `review check` has it."""
    from review_publisher.mkdocs import engine

    config = engine.load_config(str(site / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    return config.plugins["review"]


def checked(site) -> set:
    return set(configured(site).check_sources())


def loaded(site) -> set:
    """What a build's loading reports, notes included."""
    return set(configured(site).load().diagnostics)


@pytest.fixture
def counted(monkeypatch):
    """How many pages and libraries the check reads with the real loaders in each run (a library is read whole,
    or in outline: only the entries not checked before are parsed)."""
    from review_publisher.check import source_check

    reads = {"pages": [], "library": 0, "data": 0}
    analyse, library, evidence = source_check.analysed_page, source_check.load_library, source_check.load_evidence
    outline = source_check.library_outline

    def outlined(*arguments, **options):
        reads["library"] += 1
        return outline(*arguments, **options)

    def page(settings, path, *arguments, **options):
        reads["pages"].append(path.name)
        return analyse(settings, path, *arguments, **options)

    def bib(*arguments, **options):
        reads["library"] += 1
        return library(*arguments, **options)

    def data(*arguments, **options):
        reads["data"] += 1
        return evidence(*arguments, **options)

    monkeypatch.setattr(source_check, "analysed_page", page)
    monkeypatch.setattr(source_check, "load_library", bib)
    monkeypatch.setattr(source_check, "library_outline", outlined)
    monkeypatch.setattr(source_check, "load_evidence", data)
    return reads


@pytest.mark.parametrize("name", TINY_SITES)
def test_the_check_gives_what_loading_gives_cold_and_warm(tmp_path, name):
    site = copy_site(name, tmp_path)
    cold = checked(site)
    assert cold == loaded(site)
    assert checked(site) == cold  # warm: from what the first run kept


def test_the_check_of_the_norec_review_gives_what_loading_gives(tmp_path):
    import shutil

    site = tmp_path / "review"
    for folder in ("docs", "bibliography", "data", "macros"):
        shutil.copytree(ROOT / folder, site / folder)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    assert checked(site) == loaded(site)


@pytest.mark.parametrize("name", TINY_SITES)
def test_a_check_after_a_build_reads_nothing_again(tmp_path, counted, name):
    """A build keeps what its loading found as the check keeps it (the cache is shared)."""
    from harness import mkdocs_build

    site = copy_site(name, tmp_path)
    mkdocs_build(site)
    assert (site / ".review-cache" / "source-check.json").is_file()  # a failed build keeps what it learnt too
    assert checked(site) == loaded(site)
    assert counted == {"pages": [], "library": 0, "data": 0}, name


def test_a_second_run_reads_nothing_again(tmp_path, counted):
    site = copy_site("evidence_tables", tmp_path)
    first = checked(site)
    assert counted["pages"] and counted["library"] == 1 and counted["data"] == 1
    counted.update(pages=[], library=0, data=0)
    assert checked(site) == first
    assert counted == {"pages": [], "library": 0, "data": 0}


def test_an_edited_page_is_read_again_alone_and_its_new_problem_is_reported(tmp_path, counted):
    site = copy_site("citations", tmp_path)
    assert not [d for d in checked(site) if d.id == "cite.unknown_key"]
    page = next(path for path in sorted((site / "docs").rglob("*.md")) if "cite(" in path.read_text() or "@" in
                path.read_text())
    page.write_text(page.read_text() + "\n\nAnd one more [@nobody_wrote_this].\n")
    counted.update(pages=[], library=0, data=0)
    found = checked(site)
    assert counted["pages"] == [page.name] and counted["library"] == 0
    unknown = [d for d in found if d.id == "cite.unknown_key"]
    assert len(unknown) == 1 and "nobody_wrote_this" in unknown[0].message
    assert found == loaded(site)


def test_a_renamed_or_deleted_page_is_seen(tmp_path):
    site = copy_site("citations", tmp_path)
    checked(site)
    pages = sorted((site / "docs").rglob("*.md"))
    pages[-1].write_text(pages[-1].read_text() + "\n\nSee [@missing_after_rename].\n")
    renamed = pages[-1].with_name("renamed-page.md")
    pages[-1].rename(renamed)
    found = checked(site)
    assert any(d.path.endswith("renamed-page.md") and d.id == "cite.unknown_key" for d in found)
    renamed.unlink()
    found = checked(site)
    assert not any(d.path.endswith("renamed-page.md") for d in found) and found == loaded(site)


def test_a_library_edit_is_seen_by_the_pages_that_cite_it(tmp_path, counted):
    site = copy_site("citations", tmp_path)
    assert not [d for d in checked(site) if d.id == "cite.unknown_key"]
    first_key = configured(site).load().graph.records[0].key  # a key some page cites
    library = next(path for path in (site / "bibliography").glob("*.bib") if "{" + first_key + "," in path.read_text())
    library.write_text(library.read_text().replace("{" + first_key + ",", "{renamed_" + first_key + ",", 1))
    counted.update(pages=[], library=0, data=0)
    found = checked(site)
    assert counted["pages"] == [] and counted["library"] >= 1  # the pages' own parts are kept
    assert found == loaded(site)
    assert any(d.id == "cite.unknown_key" and f"'{first_key}'" in d.message for d in found)


def test_a_data_edit_is_seen_without_reading_the_library_or_the_pages_again(tmp_path, counted):
    site = copy_site("evidence_tables", tmp_path)
    assert not [d for d in checked(site) if d.severity == "error"]
    findings = sorted((site / "data" / "findings").glob("*.yml"))[0]
    findings.write_text(findings.read_text().replace("area: ", "area: no-such-area-", 1))
    counted.update(pages=[], library=0, data=0)
    found = checked(site)
    assert counted == {"pages": [], "library": 0, "data": 1}
    assert any(d.id == "data.unknown_term" and "no-such-area-" in d.message for d in found)
    assert found == loaded(site)


def test_a_new_generator_reads_everything_again(tmp_path, counted, monkeypatch):
    from review_publisher.cache import disk_cache

    site = copy_site("evidence_tables", tmp_path)
    first = checked(site)
    monkeypatch.setattr(disk_cache, "generator_fingerprint", lambda: b"another generator")
    counted.update(pages=[], library=0, data=0)
    assert checked(site) == first
    assert counted["pages"] and counted["library"] == 1 and counted["data"] == 1


def test_a_damaged_or_foreign_cache_is_read_as_nothing(tmp_path, counted):
    site = copy_site("citation_errors", tmp_path)
    first = checked(site)
    table = site / ".review-cache" / "source-check.json"
    stored = json.loads(table.read_text())
    assert stored
    # Every stored value damaged in shape: each part is made again, and the messages are the same.
    table.write_text(json.dumps({key: {"problems": [["x", "y"]]} for key in stored}))
    counted.update(pages=[], library=0, data=0)
    assert checked(site) == first and counted["library"] == 1 and counted["pages"]
    table.write_text("{not json")
    assert checked(site) == first


def test_review_check_prints_what_the_site_check_prints_before_rendering(tmp_path):
    """The CLI: the source check's messages are among `review check --site`'s, and it fails when they fail."""
    site = copy_site("citation_errors", tmp_path)
    command = [sys.executable, "-m", "review_publisher.cli", "check", "-f", "mkdocs.yml"]
    quick = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=300)
    full = subprocess.run([*command, "--site"], cwd=site, capture_output=True, text=True, timeout=300)
    assert quick.returncode == full.returncode == 1, quick.stdout + quick.stderr
    lines = {line for line in quick.stdout.splitlines() if "] " in line}
    assert lines and lines <= set(full.stdout.splitlines()), quick.stdout


def test_a_library_edit_reads_the_library_again_but_not_the_data(tmp_path, counted):
    site = copy_site("evidence_tables", tmp_path)
    first = checked(site)
    library = sorted((site / "bibliography").glob("*.bib"))[0]
    text = library.read_text()
    start = text.index("{", text.lower().index("title")) + 1
    library.write_text(text[:start] + "Corrected: " + text[start:])  # on the same line: no entry moves
    counted.update(pages=[], library=0, data=0)
    found = checked(site)
    assert counted == {"pages": [], "library": 1, "data": 0}
    assert found == loaded(site) == first
    # An entry added above the others moves them; what the data says of the library is weighed again against
    # the new places (the entry has no record: reported on its line), without reading the data again.
    library.write_text("@misc{added_above, title={Added}, author={Someone, A.}, year={2020}}\n\n"
                       + library.read_text())
    counted.update(pages=[], library=0, data=0)
    found = checked(site)
    assert counted == {"pages": [], "library": 1, "data": 0}
    assert found == loaded(site)
    assert [(d.path, d.line) for d in found if d.id == "data.missing_record" and "added_above" in d.message] == [
        (f"bibliography/{library.name}", 1)]


REAL_LIBRARIES = sorted((ROOT / "tests" / "fixtures" / "libraries").glob("*.bib"))


@pytest.mark.parametrize("library", REAL_LIBRARIES, ids=lambda path: path.stem)
def test_the_check_gives_what_loading_gives_with_real_libraries(tmp_path, library, counted):
    """Libraries written by Zotero, Better BibTeX, biblatex's authors and thesis writers (tests/fixtures/libraries,
    see PROVENANCE.md), added to a new review whose page cites some of their keys and one unknown key."""
    import re

    from review_publisher.scaffold import new_review

    site = tmp_path / "review"
    new_review(site, "Real library")
    (site / "bibliography" / library.name).write_bytes(library.read_bytes())
    keys = re.findall(r"^@\w+\{([^,\s]+),", library.read_text(encoding="utf-8"), re.M)[:5]
    page = next((site / "docs").glob("*.md"))
    page.write_text(page.read_text() + "\n\n" + " ".join(f"[@{key}]" for key in keys) + " [@not_in_any_library]\n")
    first = checked(site)
    assert first == loaded(site)
    assert any(d.id == "cite.unknown_key" and "not_in_any_library" in d.message for d in first)
    counted.update(pages=[], library=0, data=0)
    assert checked(site) == first and counted == {"pages": [], "library": 0, "data": 0}


@pytest.fixture
def parses(monkeypatch):
    """How many library entries pybtex parses, and how many times the library is read whole."""
    from review_publisher.check import source_check
    from review_publisher.library import bibliography

    count = {"entries": 0, "whole": 0}
    parse, whole = bibliography._parse_entry, source_check.load_library

    def parsed(*arguments, **options):
        count["entries"] += 1
        return parse(*arguments, **options)

    def read_whole(*arguments, **options):
        count["whole"] += 1
        return whole(*arguments, **options)

    monkeypatch.setattr(bibliography, "_parse_entry", parsed)
    monkeypatch.setattr(source_check, "load_library", read_whole)
    return count


def _kept_outcomes(site) -> int:
    """How many entries' outcomes are kept (beside them, one marker of the generator that kept them)."""
    return sum(isinstance(value, list) for value in json.loads((site / ".review-cache" / "bib-entries.json")
                                                                .read_text()).values())


# Entries whose kept outcomes hold a problem and a note, on lines of their own: they must move with the entry.
KEPT_WITH_PROBLEMS = ("\n@misc{kept_with_problem,\n  title = {Kept},\n  year = {2020},\n  url = {ftp://example.org}\n}\n"
                      "\n@unheardof{kept_with_note,\n  title = {Noted},\n  year = {2020}\n}\n")
ADDED_ENTRY = "@misc{added_on_top, title = {Added on top}, author = {Someone, A.}, year = {2020}}\n\n"


@pytest.mark.parametrize("library", REAL_LIBRARIES, ids=lambda path: path.stem)
def test_an_entry_added_to_a_real_library_is_the_only_one_parsed_again(tmp_path, library, parses):
    """Every other entry moves down two lines and keeps its outcome: the messages are still the loader's, in their
    new places. A library whose entries inherit fields (crossref, xdata) is read whole, as before."""
    import re

    from review_publisher.scaffold import new_review

    site = tmp_path / "review"
    new_review(site, "Real library")
    bib = site / "bibliography" / library.name
    bib.write_text(library.read_text(encoding="utf-8") + KEPT_WITH_PROBLEMS, encoding="utf-8")
    first = checked(site)
    assert {"bib.bad_url", "bib.unknown_type"} <= {d.id for d in first}
    never_kept = parses["entries"] - _kept_outcomes(site)  # broken, repeated or container-only entries
    assert first == loaded(site)
    inherits = re.search(r"^\s*(crossref|xdata)\s*=", library.read_text(encoding="utf-8"), re.M | re.I)
    bib.write_text(ADDED_ENTRY + bib.read_text(encoding="utf-8"), encoding="utf-8")
    parses.update(entries=0, whole=0)
    found = checked(site)
    if inherits:
        assert parses["whole"] == 1
    else:
        assert parses == {"entries": 1 + never_kept, "whole": 0}
    assert found == loaded(site)
    assert any(d.id == "data.missing_record" and "added_on_top" in d.message and d.line == 1 for d in found)


def test_a_changed_string_macro_reads_the_entries_of_its_file_again(tmp_path, parses):
    """An entry's outcome depends on its file's @string macros: a changed macro is a new outcome for each."""
    from review_publisher.scaffold import new_review

    site = tmp_path / "review"
    new_review(site, "Macros")
    bib = site / "bibliography" / "macros.bib"
    entries = "".join(f"@misc{{m{n}, title = {{Entry {n}}}, author = {{Someone, A.}}, year = {{2020}}, "
                      f"url = home}}\n\n" for n in range(3))
    bib.write_text('@string{home = "https://example.org"}\n\n' + entries, encoding="utf-8")
    first = checked(site)
    assert not [d for d in first if d.id == "bib.bad_url"] and first == loaded(site)
    bib.write_text('@string{home = "ftp://example.org"}\n\n' + entries, encoding="utf-8")
    parses.update(entries=0, whole=0)
    found = checked(site)
    assert parses == {"entries": 3, "whole": 0}
    assert sorted(d.line for d in found if d.id == "bib.bad_url") == [3, 5, 7]
    assert found == loaded(site)


def test_damaged_entry_outcomes_are_read_as_nothing(tmp_path, parses):
    site = copy_site("citation_errors", tmp_path)
    first = checked(site)
    kept = site / ".review-cache" / "bib-entries.json"
    stored = json.loads(kept.read_text())
    damaged = [["k", "misc", [["one", "bib.syntax", "x"]], []], ["k", "misc", [[1, "no.such_id", "x"]], []],
               "text", ["k", "misc", []], {"key": "k"}]
    kept.write_text(json.dumps({key: damaged[number % len(damaged)] for number, key in enumerate(stored)}))
    bib = next((site / "bibliography").glob("*.bib"))
    bib.write_text("\n" + bib.read_text())  # the library's part is made again, from its entries
    parses.update(entries=0, whole=0)
    found = checked(site)
    assert parses["entries"] >= len(stored) - 1  # every entry (one value is the generator's marker)
    assert found == loaded(site)
    assert {(d.id, d.message) for d in found} == {(d.id, d.message) for d in first}


def test_a_check_after_a_build_parses_only_the_entry_edited_since(tmp_path, parses):
    """A build keeps its entries' outcomes as the check does (the cache is shared)."""
    from harness import mkdocs_build

    site = copy_site("citations", tmp_path)
    mkdocs_build(site)
    bib = next((site / "bibliography").glob("*.bib"))
    text = bib.read_text()
    start = text.index("{", text.lower().index("title")) + 1
    bib.write_text(text[:start] + "Corrected: " + text[start:])
    parses.update(entries=0, whole=0)
    found = checked(site)
    assert parses == {"entries": 1, "whole": 0}
    assert found == loaded(site)


@pytest.fixture
def data_reads(monkeypatch):
    """The data files (after the vocabulary) the check reads, by name, in each run."""
    from review_publisher.check import source_check

    names: list[str] = []
    read = source_check.load_data_file

    def counted(path, *arguments, **options):
        names.append(path.name)
        return read(path, *arguments, **options)

    monkeypatch.setattr(source_check, "load_data_file", counted)
    return names


MORE_FINDINGS = """findings:
  - id: pump-mechanics
    statement: A second file of findings, so that an edit can repeat an id of the first.
    area: committees
    levels: [village]
    direction: helps
    sources:
      - key: harvey2004
"""
# Each edit to the second review's data: the file, what is replaced, by what, and the messages it must bring.
DATA_EDITS = {
    "an id of another file repeated, twice": (
        "findings/more.yml", "  - id: pump-mechanics\n", "  - id: spare-parts\n" + MORE_FINDINGS.split("\n", 2)[2]
        + "  - id: spare-parts\n", {"data.duplicate_id"}),
    "a facet's term not in the vocabulary": (
        "findings/more.yml", "levels: [village]", "levels: [village]\n    methods: [guessing]", {"data.unknown_term"}),
    "the only finding naming a term removed": (
        "findings/committees.yml", "    methods: [interviews]\n", "", {"data.unused_term"}),
    "a finding that fails its schema": (
        "findings/more.yml", "direction: helps", "direction: [helps", {"data.yaml_syntax"}),
    "a record naming an unknown term": (
        "sources.yml", "methods: [field-visits]", "methods: [field-visits, guessing]", {"data.unknown_term"}),
    "a record removed": ("sources.yml", "harvey2004:", "harvey2003:", {"data.missing_record"}),
}


@pytest.mark.parametrize("edit", DATA_EDITS, ids=list(DATA_EDITS))
def test_a_data_edit_reads_only_the_edited_file_and_weighs_it_with_the_others(tmp_path, data_reads, edit):
    """What each file gives the checks across files is kept by file (evidence/file_facts.py): only the edited
    file is read again, and the messages are the loader's, the ones that span files included."""
    site = copy_site("second_review", tmp_path)
    (site / "data" / "findings" / "more.yml").write_text(MORE_FINDINGS, encoding="utf-8")
    first = checked(site)
    assert first == loaded(site)
    name, old, new, expected = DATA_EDITS[edit]
    path = site / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    data_reads.clear()
    found = checked(site)
    assert data_reads == [path.name]
    assert found == loaded(site)
    assert expected <= {d.id for d in found - first}


def test_a_check_after_a_build_reads_only_the_data_file_edited_since(tmp_path, data_reads):
    """A build keeps each data file's facts as the check does."""
    from harness import mkdocs_build

    site = copy_site("second_review", tmp_path)
    mkdocs_build(site)
    findings = site / "data" / "findings" / "committees.yml"
    findings.write_text(findings.read_text(encoding="utf-8").replace("spare parts", "spare parts and tools"),
                        encoding="utf-8")
    data_reads.clear()
    found = checked(site)
    assert data_reads == ["committees.yml"]
    assert found == loaded(site)


def test_damaged_data_facts_are_read_as_nothing(tmp_path, data_reads):
    site = copy_site("second_review", tmp_path)
    first = checked(site)
    kept = site / ".review-cache" / "data-facts.json"
    stored = json.loads(kept.read_text())
    assert stored
    damaged = [["findings", "x", True, [["p", 1, "no.such_id", "m", "error"]], [], [], []],
               ["findings", "x", "yes", [], [], [], []], ["findings", "x", True, [], [["id", "one", [], []]], [], []],
               ["sources", "x", True, [], [], [["k", 1, [["methods", "t", "one"]]]], []], [1, 2]]
    damaged = [json.dumps(value) for value in damaged] + ["not json", ["a list, not a text"]]  # each kept as a text
    kept.write_text(json.dumps({key: damaged[number % len(damaged)] for number, key in enumerate(stored)}))
    sources = site / "data" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8") + "\n# the data's part is made again\n", encoding="utf-8")
    data_reads.clear()
    found = checked(site)
    assert sorted(data_reads) == sorted(["sources.yml", "committees.yml"])
    assert found == loaded(site) == first


def test_an_unreadable_file_of_findings_keeps_unused_terms_unreported(tmp_path, data_reads):
    """Terms nothing uses are reported only when every file was read: an unreadable file may use them."""
    site = copy_site("second_review", tmp_path)
    vocabulary = site / "data" / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "levels:\n", "levels:\n  - id: region\n    label: Region\n", 1), encoding="utf-8")
    more = site / "data" / "findings" / "more.yml"
    more.write_text(MORE_FINDINGS, encoding="utf-8")
    assert any(d.id == "data.unused_term" and "'region'" in d.message for d in checked(site))
    more.write_text(MORE_FINDINGS.replace("direction: helps", "direction: [helps"), encoding="utf-8")
    data_reads.clear()
    found = checked(site)
    assert data_reads == ["more.yml"]
    assert not any(d.id == "data.unused_term" for d in found) and found == loaded(site)


def test_a_check_keeps_the_readings_builds_kept(tmp_path, read_ahead_everything):
    """A check that reads one data file must not drop the other files' readings, which the next build uses (this
    site's macro calls have the check load the data for real, which keeps the edited file's reading too)."""
    from harness import mkdocs_build

    site = copy_site("second_review", tmp_path)
    mkdocs_build(site)
    readings = site / ".review-cache" / "readings.json"
    before = set(json.loads(readings.read_text()))
    findings = site / "data" / "findings" / "committees.yml"
    findings.write_text(findings.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    found = checked(site)
    after = set(json.loads(readings.read_text()))
    assert len(before) == 3 and len(after) == 4 and before < after  # the vocabulary, sources, old and new findings
    assert found == loaded(site)


@pytest.fixture
def read_ahead_everything(monkeypatch):
    """Workers read any data file whose facts are not kept, however small."""
    from review_publisher.check import read_ahead

    monkeypatch.setattr(read_ahead, "SMALLEST_WORTH_A_PROCESS", {"fork": 0, "spawn": 0})


def test_a_check_keeps_the_citation_style_it_read_for_the_next_check(tmp_path, monkeypatch):
    """Reading a style renders a sample citation with citeproc-py; a check after a check finds what it read kept."""
    from review_publisher.library import citation_style

    site = copy_site("citation_style", tmp_path)
    first = checked(site)
    monkeypatch.setattr(citation_style, "_sample_citation", lambda path: pytest.fail("the style was read again"))
    citation_style._read_style.cache_clear()
    assert checked(site) == first
