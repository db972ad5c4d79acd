"""The Norec edition's content: every chapter cites and ends with its references; every source has a page with
its provenance; the library holds only the verified fields of the shared facts; the citation file is valid."""

import pytest
import yaml
from pybtex.database import parse_file

from harness import ROOT

SHARED_LIBRARY = ROOT.parent / "shared" / "content" / "sources.bib"
CHAPTERS = ["index.md"] + sorted(f"review/{p.name}" for p in (ROOT / "docs" / "review").glob("*.md"))


@pytest.fixture(scope="module")
def site(real_review):
    return real_review


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_cites_and_ends_with_its_references(site, chapter):
    output = "index.html" if chapter == "index.md" else chapter.removesuffix(".md") + "/index.html"
    page = site.html(output)
    assert page.select("article span.review-cite"), f"{chapter} cites nothing"
    headings = [h.get("id") for h in page.select("article h2")]
    assert headings[-1] == "references"
    cited = {a["data-key"] for a in page.select("article span.review-cite a.review-cite__link")}
    listed = {li["id"].removeprefix("ref-") for li in page.select("#references ~ ul.review-references li")}
    assert cited <= listed


def test_every_source_page_shows_its_provenance(site):
    records = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    for key, record in records.items():
        page = site.html(f"sources/{key}/index.html")
        shown = [a["href"] for a in page.select("ul.review-source__provenance a")]
        assert shown == [item["url"] for item in record["provenance"]]


def test_the_library_holds_only_the_verified_fields_of_the_shared_facts():
    if not SHARED_LIBRARY.is_file():
        pytest.skip("the shared facts are not beside this clone (they are in CI)")
    shared = parse_file(str(SHARED_LIBRARY), "bibtex").entries
    ours = {}
    for path in sorted((ROOT / "bibliography").glob("*.bib")):
        ours.update(parse_file(str(path), "bibtex").entries)
    assert set(ours) == set(shared)
    from review_publisher.library.latex import decode_latex

    def text(fields) -> dict:  # braces that only keep a capital in sentence case (South-South) are not data
        return {name: decode_latex(value) if name not in ("url", "doi") else value for name, value in fields.items()}

    for key, entry in ours.items():
        assert text(entry.fields) == text(shared[key].fields), key
        assert {role: [str(p) for p in people] for role, people in entry.persons.items()} == \
               {role: [str(p) for p in people] for role, people in shared[key].persons.items()}, key


def test_citation_file_is_valid_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"] and cff["title"] and cff["authors"]
    (review,) = cff["references"]
    assert review["authors"] == [{"family-names": "Allum", "given-names": "Cliff"}] and review["year"] == 2019


def test_every_data_file_points_its_editor_at_a_schema_that_exists():
    """CONTRIBUTING: the first line of each data file points editors to its JSON Schema."""
    for path in sorted((ROOT / "data").rglob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path
