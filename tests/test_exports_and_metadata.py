"""Downloads and metadata from hostile and ordinary entries: formats right, nothing unescaped."""

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bibtools import load
from review_publisher.evidence.model import Evidence, Finding, Place, SourceRef
from review_publisher.exports.formats import FINDING_COLUMNS, bibtex, csl_item, findings_records, ris, to_csv
from review_publisher.render.metadata import coins, highwire_for_source, json_ld, schema_org

ENTRIES = r"""
@techreport{t,
  author = {Tj{\o}nneland, Elling N. and {FK Norway}},
  title = {Chasing {FK} \& more </script><script>alert(1)</script>},
  institution = {Norad "Evaluation" Department},
  number = {1/2016}, year = {2016}, month = jan,
  url = {https://example.org/a?b=1&c=2}
}
"""


@pytest.fixture()
def source(tmp_path):
    library, diagnostics = load(tmp_path, ENTRIES)
    assert diagnostics.errors == []
    return library["t"]


def test_bibtex_keeps_the_values_as_written(source):
    text = bibtex([source])
    assert "title = {Chasing {FK} \\& more </script><script>alert(1)</script>}," in text
    assert "author = {Tj{\\o}nneland, Elling N. and {FK Norway}}," in text


def test_ris_has_one_tagged_line_per_value(source):
    lines = ris([source]).splitlines()
    assert lines[0] == "TY  - RPRT" and "ER  - " in lines
    assert "AU  - Tjønneland, Elling N." in lines and "AU  - FK Norway" in lines
    assert 'PB  - Norad "Evaluation" Department' in lines and "PY  - 2016" in lines


def test_csl_json_names_organisations_as_literal(source):
    item = csl_item(source)
    assert item["author"] == [{"family": "Tjønneland", "given": "Elling N."}, {"literal": "FK Norway"}]
    assert item["issued"] == {"date-parts": [[2016, 1]]} and item["number"] == "1/2016"


def test_csv_joins_lists_and_keeps_pipes_and_newlines():
    finding = Finding("a", "x | y\nz", "area", ["partner", "community"], "enabler", [],
                      [SourceRef("k", "p. 2", Place("f", 1)), SourceRef("m", "", Place("f", 2))], Place("f", 1))
    evidence = Evidence(present=True, findings=[finding])
    text = to_csv(findings_records(evidence), FINDING_COLUMNS)
    assert text.startswith("\ufeff"), "a byte-order mark, so that spreadsheets read UTF-8"
    (row,) = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert row["statement"] == "x | y\nz" and row["levels"] == "partner; community"
    assert row["sources"] == "k (p. 2); m"


def test_csv_cells_that_a_spreadsheet_would_run_are_written_as_text():
    finding = Finding("a", "=HYPERLINK(\"http://evil\")", "area", ["partner"], "enabler", [],
                      [SourceRef("@k", "-2", Place("f", 1))], Place("f", 1))
    evidence = Evidence(present=True, findings=[finding])
    text = to_csv(findings_records(evidence), FINDING_COLUMNS).removeprefix("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["statement"] == "'=HYPERLINK(\"http://evil\")" and row["sources"] == "'@k (-2)"
    assert row["id"] == "a", "other cells are as they are"


def test_json_ld_cannot_close_its_script_element(source):
    html = json_ld(schema_org(source))
    assert html.count("</script>") == 1 and "<script>alert" not in html
    parsed = json.loads(BeautifulSoup(html, "html.parser").script.string)
    assert parsed["name"].endswith("</script><script>alert(1)</script>")
    assert parsed["author"][1] == {"@type": "Organization", "name": "FK Norway"}


def test_meta_tags_and_coins_are_escaped(source):
    tags = "".join(highwire_for_source(source))
    soup = BeautifulSoup(tags, "html.parser")
    assert soup.find("meta", attrs={"name": "citation_title"})["content"].endswith("<script>alert(1)</script>")
    assert "<script>" not in tags
    assert soup.find("meta", attrs={"name": "citation_technical_report_number"})["content"] == "1/2016"
    span = coins(source)
    assert "<script" not in span and BeautifulSoup(span, "html.parser").span["title"].startswith("ctx_ver=")


@pytest.mark.parametrize("library_file", sorted(path.name for path in
                                                (Path(__file__).parent / "fixtures" / "libraries").glob("*.bib")))
def test_the_librarys_downloads_put_together_from_each_sources_are_what_the_writers_make_of_all(
        tmp_path, library_file):
    """The site's library.bib, .ris and .json are put together from every source's own download (a build makes
    those anyway); on each real library they must be exactly what each format's writer makes of all sources,
    and with no source at all, of none."""
    from review_publisher.evidence.model import Evidence
    from review_publisher.exports.formats import LIBRARY_FORMATS, site_downloads, source_downloads

    text = (Path(__file__).parent / "fixtures" / "libraries" / library_file).read_text(encoding="utf-8")
    library, _ = load(tmp_path, text)
    sources = list(library.sources.values())
    assert len(sources) >= 3
    each: dict[str, list[str]] = {}
    for source in sources:
        for extension, content in source_downloads(source).items():
            each.setdefault(extension, []).append(content)
    joined = site_downloads(library, Evidence(), each)
    for extension, _, write in LIBRARY_FORMATS:
        assert joined[f"downloads/library.{extension}"] == write(sources)
        assert joined[f"downloads/library.{extension}"] == site_downloads(library, Evidence())[
            f"downloads/library.{extension}"]
    (tmp_path / "empty").mkdir()
    empty, _ = load(tmp_path / "empty", "")
    for extension, _, write in LIBRARY_FORMATS:
        assert site_downloads(empty, Evidence(), {})[f"downloads/library.{extension}"] == write([])
