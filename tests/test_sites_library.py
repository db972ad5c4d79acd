"""Tiny sites for what real libraries hold: keys that would share an address, keys in another script, keys only
the brace form can cite, a review's own citation style, and the real public libraries dropped into a review."""

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from harness import copy_site, mkdocs_build

LIBRARIES = Path(__file__).parent / "fixtures" / "libraries"


def text_of(build, page: str, selector: str) -> str:
    """An element's text as read, without the hidden hover cards of its citations."""
    html = (build.site_dir / page).read_text(encoding="utf-8")
    element = BeautifulSoup(html, "html.parser").select_one(selector)
    for card in element.select(".review-card"):
        card.decompose()
    return " ".join(element.get_text("").split())


def test_two_keys_sharing_an_address_stop_the_build_when_one_is_cited(tmp_path):
    build = mkdocs_build(copy_site("key_collision", tmp_path))
    assert not build.ok
    (found,) = build.diagnostics
    assert (found.path, found.line, found.id) == ("bibliography/library.bib", 8, "source.address")
    assert "'smith:2019'" in found.message and "'smith-2019'" in found.message and "bibliography/library.bib:1" \
        in found.message


def test_two_keys_sharing_an_address_leave_one_out_when_neither_is_cited(tmp_path):
    site = copy_site("key_collision", tmp_path)
    (site / "docs" / "index.md").write_text("# Collision\n\nNothing is cited.\n")
    build = mkdocs_build(site)
    assert build.ok, build.output
    assert "[bib.left_out] 1 library entry with problems left out of the site" in build.output
    assert (build.site_dir / "sources" / "smith-2019" / "index.html").is_file()
    assert "First report" in (build.site_dir / "sources" / "smith-2019" / "index.html").read_text()


def test_keys_in_another_script_get_readable_addresses_of_their_own(tmp_path):
    build = mkdocs_build(copy_site("unicode_keys", tmp_path))
    assert build.ok, build.output
    assert (build.site_dir / "sources" / "иванов2019" / "index.html").is_file()
    assert (build.site_dir / "sources" / "петров2019" / "index.html").is_file()
    assert text_of(build, "index.html", "#cite-1") == "(Иванов, 2019; Петров, 2019)"
    assert text_of(build, "index.html", "#cite-2") == "Петров (2019)"


def test_a_key_ending_in_punctuation_is_cited_in_braces_or_by_the_macro(tmp_path):
    build = mkdocs_build(copy_site("braced_key", tmp_path))
    assert build.ok, build.output
    assert text_of(build, "index.html", "#cite-1").startswith("(A key that ends in punctuation, 2020, p. 2)")
    assert (build.site_dir / "sources" / "Anonymous-eRL1OF3-" / "index.html").is_file()


def test_a_review_chooses_its_citation_style(tmp_path):
    build = mkdocs_build(copy_site("citation_style", tmp_path))
    assert build.ok, build.output
    assert text_of(build, "index.html", "#cite-1") == "(Borchgrevink and Skard 2004, p. 4)"
    assert text_of(build, "index.html", "#cite-2") == "Borchgrevink and Skard (2004)"
    reference = text_of(build, "index.html", "li#ref-borchgrevink2004")
    assert reference.startswith("Borchgrevink, Axel, and Torild Skard. 2004. Norway’s Fredskorpset Youth Program.")


@pytest.mark.parametrize("style, words", [
    ("no-such-style", "is not a CSL style name"),
    ("styles/house.csl", "declares a DOCTYPE or entities"),
])
def test_a_citation_style_that_cannot_be_used_is_named_in_mkdocs_yml(tmp_path, style, words):
    site = copy_site("citation_style", tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("chicago-author-date", style))
    (site / "styles").mkdir()
    (site / "styles" / "house.csl").write_text('<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY x SYSTEM '
                                               '"file:///etc/passwd">]>\n<style>&x;</style>\n')
    build = mkdocs_build(site)
    assert not build.ok
    (found,) = build.diagnostics
    assert (found.path, found.line, found.id) == ("mkdocs.yml", 12, "config.invalid") and words in found.message


@pytest.mark.parametrize("library", sorted(path.name for path in LIBRARIES.glob("*.bib")))
def test_a_real_public_library_builds_with_a_page_citing_every_key(tmp_path, library):
    """The libraries of tests/fixtures/libraries, unchanged, in a minimal review whose one page cites every key
    the library shows: the strict build passes and every entry has its page."""
    site = copy_site("clean", tmp_path)
    shutil.rmtree(site / "bibliography", ignore_errors=True)
    (site / "bibliography").mkdir()
    shutil.copy(LIBRARIES / library, site / "bibliography" / library)
    from review_publisher.diagnostics import Diagnostics
    from review_publisher.library.bibliography import load_library

    loaded = load_library(site / "bibliography", str, Diagnostics())
    keys = sorted(loaded.sources)
    paragraphs = "\n\n".join(f"See [@{{{key}}}]." for key in keys)
    (site / "docs" / "index.md").write_text(f"# Every key\n\n{paragraphs}\n", encoding="utf-8")
    build = mkdocs_build(site)
    assert build.ok, build.output[-3000:]
    assert "WARNING" not in build.output
    for key in keys[:: max(len(keys) // 10, 1)]:
        from review_publisher.render.addresses import source_slug

        assert (build.site_dir / "sources" / source_slug(key) / "index.html").is_file(), key


def test_serve_watches_the_library_and_the_data_like_the_pages(tmp_path):
    """MkDocs watches docs/ and mkdocs.yml; saving a .bib or YAML file must rebuild and reload too."""
    from mkdocs.config import load_config

    site = copy_site("evidence_tables", tmp_path)
    config = load_config(str(site / "mkdocs.yml"))
    config = config.plugins.on_config(config)

    class Server:
        def __init__(self):
            self.watched, self.builder = [], lambda: None

        def watch(self, path):
            self.watched.append(path)

    server = Server()
    config.plugins["review"].on_serve(server, config, None)
    assert sorted(server.watched) == [str((site / "bibliography").resolve()), str((site / "data").resolve())]


def test_a_source_page_shows_what_the_entry_says_in_its_own_rows(tmp_path):
    site = copy_site("unicode_keys", tmp_path)
    (site / "bibliography" / "more.bib").write_text(
        "@article{king1963,\n  author = {King, Jr., Martin Luther and von Solms, Rossouw},\n"
        "  title = {Letter from {Birmingham} Jail},\n  journaltitle = {The Atlantic Monthly},\n"
        "  volume = {212}, number = {2}, pages = {78--88},\n  date = {1963-08}\n}\n", encoding="utf-8")
    (site / "docs" / "king.md").write_text("# King\n\nA letter [@king1963].\n", encoding="utf-8")
    build = mkdocs_build(site)
    assert build.ok, build.output
    html = (build.site_dir / "sources" / "king1963" / "index.html").read_text(encoding="utf-8")
    rows = {row.th.get_text(strip=True): row.td.get_text(" ", strip=True)
            for row in BeautifulSoup(html, "html.parser").select("table.review-facts tr")}
    assert rows["Authors"] == "Martin Luther King Jr.; Rossouw von Solms"
    assert rows["Published in"] == "The Atlantic Monthly, vol. 212, no. 2, 78–88"
    assert rows["Year"] == "1963"


def test_an_entry_without_a_record_builds_and_its_page_claims_nothing(tmp_path):
    """Data is optional enrichment: the page of an entry without a record shows what the library knows."""
    site = copy_site("evidence_tables", tmp_path)
    (site / "bibliography" / "extra.bib").write_text("@book{extra2020,\n  author = {Doe, Jane},\n"
                                                     "  title = {An extra book},\n  publisher = {P},\n"
                                                     "  year = {2020}\n}\n", encoding="utf-8")
    build = mkdocs_build(site)
    assert build.ok, build.output
    notes = [d for d in build.diagnostics if d.id == "data.missing_record"]
    assert [(d.path.split()[-1], d.line) for d in notes] == [("bibliography/extra.bib", 1)]
    page = (build.site_dir / "sources" / "extra2020" / "index.html").read_text(encoding="utf-8")
    for claim in ("Commissioned by", "Relation to the review", "No official page was found", "Programmes"):
        assert claim not in page, claim


def test_a_review_without_data_builds_and_claims_nothing_about_its_sources(tmp_path):
    site = copy_site("citations", tmp_path)
    build = mkdocs_build(site)
    assert build.ok, build.output
    page = (build.site_dir / "sources" / "allum2019" / "index.html").read_text(encoding="utf-8")
    for claim in ("No official page was found", "Commissioned by", "Relation to the review", "not known"):
        assert claim not in page, claim


def test_a_direction_of_the_reviews_own_gets_the_colour_its_vocabulary_gives(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    vocabulary = site / "data" / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    assert "  - id: barrier\n    label: Barrier\n" in text
    vocabulary.write_text(text.replace("  - id: barrier\n    label: Barrier\n",
                                       "  - id: barrier\n    label: Barrier\n    colour: \"#6a1b9a\"\n"),
                          encoding="utf-8")
    build = mkdocs_build(site)
    assert build.ok, build.output
    pages = "".join(path.read_text(encoding="utf-8") for path in build.site_dir.rglob("*.html"))
    assert 'class="review-direction review-direction--barrier" style="color: #6a1b9a"' in pages


def test_a_second_review_with_a_model_of_its_own_says_nothing_of_the_first(tmp_path):
    """A review of another field, with its own directions (and their colours), no programmes, countries or
    relations, a record for one source only: it builds, and its pages hold none of the Norec review's words."""
    build = mkdocs_build(copy_site("second_review", tmp_path))
    assert build.ok, build.output
    pages = {path.relative_to(build.site_dir).as_posix(): path.read_text(encoding="utf-8")
             for path in build.site_dir.rglob("*.html")}
    for word in ("Norec", "FK", "Fredskorpset", "edition", "programme", "Programme", "Commissioned"):
        holding = [name for name, html in pages.items()
                   if word in BeautifulSoup(html, "html.parser").get_text(" ")]
        assert holding == [], (word, holding)
    assert 'style="color: #1565c0"' in pages["map/index.html"]
    assert "No finding of this review" not in pages["sources/harvey2004/index.html"]
    assert "A short article on what keeps handpumps working." in pages["sources/harvey2004/index.html"]


def test_texts_a_review_may_not_set_are_named_with_the_valid_ones(tmp_path):
    site = copy_site("clean", tmp_path)
    base = site.parent / "_base.yml"
    base.write_text(base.read_text().replace("  - review\n", "  - review:\n      texts:\n        wrok: edition\n"))
    build = mkdocs_build(site)
    assert not build.ok
    (found,) = build.diagnostics
    assert found.id == "config.invalid" and "'wrok'" in found.message and "work" in found.message


def test_a_facet_of_the_reviews_own_is_checked_shown_filtered_and_exported(tmp_path):
    site = copy_site("second_review", tmp_path)
    build = mkdocs_build(site)
    assert build.ok, build.output
    source = BeautifulSoup((build.site_dir / "sources" / "harvey2004" / "index.html").read_text(), "html.parser")
    rows = {row.th.get_text(strip=True): row.td.get_text(" ", strip=True) for row in source.select("table.review-facts tr")}
    assert rows["Method"] == "Field visits"
    index = BeautifulSoup((build.site_dir / "sources" / "index.html").read_text(), "html.parser")
    assert index.select_one("tr#index-harvey2004")["data-methods"] == "field-visits"
    assert [s["name"] for s in index.select(".review-filter select")] == ["type", "methods", "year"]
    assert "methods" in (build.site_dir / "downloads" / "sources.csv").read_text().splitlines()[0]
    assert '"methods": [\n      "interviews"' in (build.site_dir / "downloads" / "findings.json").read_text()
    records = site / "data" / "sources.yml"
    records.write_text(records.read_text().replace("[field-visits]", "[surveys]"))
    broken = mkdocs_build(site)
    assert not broken.ok
    (found,) = [d for d in broken.diagnostics if d.id == "data.unknown_term"]
    assert "the method 'surveys'" in found.message and "field-visits" in found.message


def test_a_citation_inside_an_admonition_is_a_citation_when_admonitions_are_on(tmp_path):
    """With the admonition extension, an admonition's indented content is Markdown, not code: citations and
    macro calls there work, and a fence inside it is still code."""
    build = mkdocs_build(copy_site("admonition_citation", tmp_path))
    assert build.ok, build.output
    assert text_of(build, "index.html", ".admonition #cite-1") == "(Allum, 2019)"
    assert text_of(build, "index.html", ".admonition #cite-m1") == "Allum (2019)"
    assert "[@in_a_fence] stays as written." in text_of(build, "index.html", ".admonition code")


@pytest.mark.parametrize("written, ok", [("2026-12-01", True), ("'2026-12-01'", True), ("1 December", False)])
def test_the_edition_date_is_fixed_in_mkdocs_yml_not_the_build_date(tmp_path, written, ok):
    site = copy_site("clean", tmp_path)
    base = site.parent / "_base.yml"
    base.write_text(base.read_text().replace("  - review\n", f"  - review:\n      edition_date: {written}\n"))
    build = mkdocs_build(site)
    assert build.ok == ok, build.output
    if ok:
        page = (build.site_dir / "index.html").read_text(encoding="utf-8")
        assert "version of 2026-12-01" in page and 'name="citation_publication_date" content="2026-12-01"' in page
    else:
        (found,) = build.diagnostics
        assert found.id == "config.invalid" and "YYYY-MM-DD" in found.message


def test_a_hover_card_says_what_is_known_and_what_the_document_is_about(tmp_path):
    build = mkdocs_build(copy_site("evidence_tables", tmp_path))
    assert build.ok, build.output
    html = BeautifulSoup((build.site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = [card for card in html.select(".review-card") if "Allum" in card.get_text()]
    assert cards, "the page cites allum2019"
    text = " ".join(cards[0].get_text(" ").split())
    assert "not known" not in text, "unknown facts are left out of a card"
    assert "About: The review." in text
