"""The Norec edition's content: every chapter cites and ends with its references; every source has a page with
its provenance; the library holds only the verified fields of the shared facts; the citation file is valid."""

import re

import pytest
import yaml
from pybtex.database import parse_file

from harness import ROOT

SHARED_LIBRARY = ROOT.parent / "shared" / "content" / "sources.bib"
# Document-sharing sites: a copy there may be listed as unofficial, never given as a reference's address.
SHARING_SITES = re.compile(r"https?://(?:[\w-]+\.)*(?:9pdf\.net|paperzz\.com|docslib\.org|pdfslide\.(?:us|net)|"
                           r"pdfcoke\.com|fdocuments\.\w+|abcdocz\.com|scribd\.com|vdocuments?\.\w+|"
                           r"docplayer\.\w+|kipdf\.com|pdffox\.com|9dok\.net)/")
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

    records = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    for key, entry in ours.items():
        mine, theirs = text(entry.fields), text(shared[key].fields)
        # A link to a document-sharing site is never a reference's url: it moves to the record's copies, or
        # gives way to an official page whose fact is recorded in the record's provenance.
        if theirs.get("url") != mine.get("url"):
            copies = [copy["url"] for copy in records[key].get("copies", [])]
            assert theirs["url"] in copies, key
            assert "url" not in mine or mine["url"] in [item["url"] for item in records[key]["provenance"]], key
            assert "url" in mine or SHARING_SITES.search(theirs["url"]), key
            mine.pop("url", None), theirs.pop("url")
        assert mine == theirs, key
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


def test_the_home_page_opens_with_the_review_at_a_glance_and_its_limits():
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    glance = home.index("The review at a glance")
    assert glance < home.index("## Five key messages")
    for words in ("**The question.**", "**What was reviewed.**", "**Who and when.**", "**What this site is.**",
                  "did not see the full text of the review"):
        assert words in home[glance:home.index("## Five key messages")], words
    assert home.count("*Basis:*") == 5, "each key message says what it rests on"


@pytest.mark.parametrize("path", ["docs/review/about.md", "CITATION.cff"])
def test_the_full_text_limitation_is_stated_where_readers_and_citers_look(path):
    text = " ".join((ROOT / path).read_text(encoding="utf-8").split())
    assert "full text" in text and ("not available" in text or "did not have" in text), path


def content_texts():
    for path in sorted((ROOT / "docs").rglob("*.md")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "data").rglob("*.yml")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for path in ("README.md", "mkdocs.yml", "CITATION.cff"):
        yield path, (ROOT / path).read_text(encoding="utf-8")


CITATION_CLAIMS = re.compile(r"(?:the review|it) (?:cites|draws on|drew on|relies on)|documents the review "
                             r"(?:draws|drew|relies) on|cited (?:in|by) the review(?! (?:is|was) not)", re.I)


def test_no_page_claims_that_the_review_cites_a_document_its_record_does_not_say_it_cites():
    records = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    assert not [key for key, record in records.items() if record["review_relation"] == "cited"], \
        "a record now says the review cites it: this test must then allow claims about that document"
    claims = []
    for path, text in content_texts():
        text = " ".join(text.split())
        for match in CITATION_CLAIMS.finditer(text):
            around = text[max(match.start() - 100, 0):match.end() + 100]
            if not any(hedge in around for hedge in ("not confirmed", "not known", "whether", "no document")):
                claims.append(f"{path}: ...{around}...")
    assert claims == []


def test_the_claim_test_catches_a_claim():
    assert CITATION_CLAIMS.search("Around it, the site gathers the documents the review draws on.")


def test_no_reference_links_to_a_document_sharing_site():
    library = {}
    for path in sorted((ROOT / "bibliography").glob("*.bib")):
        library.update(parse_file(str(path), "bibtex").entries)
    records = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    addresses = [entry.fields.get("url", "") for entry in library.values()]
    addresses += [record.get("original", "") for record in records.values()]
    assert [address for address in addresses if SHARING_SITES.search(address)] == []
    assert not [address for address in addresses if address.endswith("...")], "a truncated address"


def test_every_document_supports_a_finding_or_says_why_not():
    records = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    supported = {source["key"] for path in (ROOT / "data" / "findings").glob("*.yml")
                 for finding in yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]
                 for source in finding["sources"]}
    unexplained = [key for key, record in records.items() if key not in supported and not record.get("no_finding")]
    assert unexplained == []


def test_every_finding_of_a_single_document_names_it_in_its_statement():
    """Findings not of the review say whose they are ("Tjønneland et al. (2016) found ..."), so that on the map and
    in the findings index no finding of one evaluation reads as the review's."""
    names = {"tjonneland2016": "Tjønneland", "borchgrevink2004": "Borchgrevink", "lough2016": "Lough",
             "fk2008engaged": "FK Norway", "fk2017annual": "annual report", "fk2007ivco": "FK Norway",
             "fk2012annual": "annual reports", "fk2013annual": "annual reports", "fk2015ourwork": "annual reports"}
    for path in (ROOT / "data" / "findings").glob("*.yml"):
        for finding in yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]:
            for source in finding["sources"]:
                if source["key"] != "allum2019":
                    assert names[source["key"]] in finding["statement"], (finding["id"], source["key"])


@pytest.mark.parametrize("chapter", sorted(p.name for p in (ROOT / "docs" / "review").glob("*.md")
                                           if p.name not in ("about.md", "conclusions.md")))
def test_every_substantive_chapter_cites_at_least_two_documents(chapter):
    text = (ROOT / "docs" / "review" / chapter).read_text(encoding="utf-8")
    assert len(set(re.findall(r"@([\w:-]+)", text))) >= 2, chapter


def test_citation_file_and_site_give_the_same_edition_date_and_version(site):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    written = re.search(r"^\s*edition_date: (\S+)$", config, re.M).group(1)
    version = re.search(r'^\s*edition_version: "([^"]+)"$', config, re.M).group(1)
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["date-released"]) == written and cff["version"] == version
    cite = " ".join(site.html("review/about/index.html").select_one("details.review-cite-page").get_text(" ").split())
    assert f"(Version {version})" in cite and f'version = "{version}"' in cite and f"of {written}" in cite
    title_page = site.html("print/index.html").select_one("header.review-print__title").get_text(" ")
    assert version in title_page and written in title_page


def test_every_citation_describes_itself_by_a_card_on_its_own_page(site):
    """One card per source and page: a later citation points to the card of the first (see test_sites_citations);
    the print version, which prints no card, points to none."""
    pointing = 0
    for path in sorted(site.site_dir.rglob("index.html")):
        page = site.html(path.relative_to(site.site_dir).as_posix())
        links = page.select("a.review-cite__link")
        if path.parent.name == "print":
            assert links and not page.select("[aria-describedby]")
            continue
        for link in links:
            card = page.find(id=link["aria-describedby"])
            assert card is not None and "review-card" in card["class"], (path, link)
            assert card.find_previous_sibling("a")["data-key"] == link["data-key"], (path, link)
            pointing += link.parent.find(class_="review-card") is None
    assert pointing > 0, "some page of the review cites a source twice"


def test_every_page_shows_the_licences_and_chapters_link_to_the_next(site):
    home = site.html("index.html")
    footer = " ".join(home.select_one("footer").get_text(" ").split())
    assert "CC BY 4.0" in footer and "MIT" in footer
    chapter = site.html("review/participants/index.html")
    assert chapter.select_one("a.md-footer__link--next")["href"].endswith("keeping-learning/")
    assert chapter.select_one("a.md-footer__link--prev")["href"].endswith("partner-learning/")
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_pages_carry_open_graph_tags_for_link_previews(site):
    home = site.html("index.html")
    tags = {tag["property"]: tag["content"] for tag in home.select("meta[property^='og:']")}
    assert tags["og:title"] and tags["og:site_name"] == "What do we know about exchange for development?"
    assert tags["og:type"] == "website" and "published summary" in tags["og:description"]
    source = site.html("sources/allum2019/index.html")
    assert source.select_one("meta[property='og:type']")["content"] == "article"


def test_hover_cards_are_not_indexed_twice_by_search(site):
    import json

    index = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = {doc["location"]: doc["text"] for doc in index["docs"]}
    assert "Norad's 2016 evaluation" in text["review/evaluation-history/#focus"], "the section itself is indexed"
    assert "Chasing civil society" not in text["review/evaluation-history/#focus"], "the cards of its citations not"
    assert "Chasing civil society" in text["review/evaluation-history/#references"], "the reference list is"
