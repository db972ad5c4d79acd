"""The review as the publishing workflow builds it: with its published address, its repository and its PDF.

The PDF is what a reader files: a title page with the work's facts, the contents, every finding once, nothing
that only works on screen, and no nearly empty page. The frame: canonical links, a full sitemap, edit links,
link previews, and the PDF offered on the downloads page."""

from __future__ import annotations

import re

import pytest
import yaml
from browser_tools import serve

from harness import ROOT, mkdocs_build

SITE_URL = "https://example.github.io/exchange-review/"
REPO_URL = "https://github.com/example/exchange-review"
WEB_ONLY = ["Select a cell", "About this source", "Point at or tap", "Cite this page"]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REVIEW_PDF", "true")
        patch.setenv("REVIEW_SITE_URL", SITE_URL)
        patch.setenv("REVIEW_REPO_URL", REPO_URL)
        build = mkdocs_build(ROOT, "--strict", site_dir=tmp_path_factory.mktemp("published") / "site")
    assert build.ok, build.output
    return build.site_dir


@pytest.fixture(scope="module")
def pdf_pages(published) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(str(published / "downloads" / "review.pdf")).pages]


def _squeezed(text: str) -> str:
    return "".join(text.split())  # the PDF's text breaks lines anywhere, after a dash too


def test_the_pdf_opens_with_a_title_page_and_the_contents(pdf_pages):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!", "").replace("!ENV", ""))
    title = pdf_pages[0]
    for fact in (config["site_name"], "Review edition team", "2026-12-01", "CC BY 4.0"):
        assert _squeezed(fact) in _squeezed(title), fact
    assert pdf_pages[1].startswith("2 Contents"), "the contents follow the title page, on page 2"
    assert "Home" not in pdf_pages[1], "the contents name parts of the work, not places on the site"


def test_the_pdf_has_no_nearly_empty_page_and_no_web_only_text(pdf_pages):
    text = " ".join(pdf_pages)
    for phrase in WEB_ONLY:
        assert phrase not in text, phrase
    short = [(number, len(page)) for number, page in enumerate(pdf_pages[2:-1], start=3) if len(page) < 400]
    assert short == [], f"nearly empty pages (number, characters): {short}"


def test_the_pdf_prints_each_finding_once(pdf_pages):
    text = _squeezed(" ".join(pdf_pages))
    findings = [finding for path in sorted((ROOT / "data" / "findings").glob("*.yml"))
                for finding in yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]]
    counts = {finding["id"]: text.count(_squeezed(finding["statement"])[:80]) for finding in findings}
    assert {id: count for id, count in counts.items() if count != 1} == {}


def test_the_downloads_page_offers_the_pdf(published):
    downloads = (published / "evidence" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/review.pdf"' in downloads
    assert (published / "downloads" / "review.pdf").read_bytes().startswith(b"%PDF")


def test_every_page_has_its_canonical_address_an_edit_link_and_a_sitemap_entry(published):
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    pages = [path for path in published.rglob("index.html") if path.parent.name not in ("print",)]
    for path in pages:
        address = SITE_URL + path.parent.relative_to(published).as_posix() + "/"
        address = address.replace("/./", "/")
        html = path.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{address}">' in html, path
        assert f"<loc>{address}</loc>" in sitemap, address
        assert f'<meta property="og:url" content="{address}">' in html, path
    chapter = (published / "review" / "about" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO_URL}/edit/main/docs/review/about.md"' in chapter
    assert re.search(r"Cite this page.*" + re.escape(SITE_URL + "review/about/"), chapter, re.S)


def test_the_print_version_title_page_in_a_browser(browser, published, artifacts):
    server, url = serve(published)
    try:
        page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
        page.goto(url + "print/")
        page.emulate_media(media="print")
        page.screenshot(path=str(artifacts / "pdf-title-page.png"))
        page.locator("nav.review-print__contents").screenshot(path=str(artifacts / "pdf-contents.png"))
        assert page.locator(".review-map__area").first.is_hidden(), "the map's lists are not printed again"
        page.close()
    finally:
        server.shutdown()


def test_a_review_of_its_own_names_its_editors_and_publisher_on_the_title_page(tmp_path):
    """The tiny site `pdf`: pdf: true, editors and a publisher; its PDF's first page gives them all."""
    from pypdf import PdfReader

    from harness import copy_site

    site = copy_site("pdf", tmp_path)
    build = mkdocs_build(site)
    assert build.ok, build.output
    first = " ".join(PdfReader(str(build.site_dir / "downloads" / "review.pdf")).pages[0].extract_text().split())
    for fact in ("A review printed to PDF", "A review team", "Ada Editor, Bo Editor", "A publishing house",
                 "2026-11-30", "Text CC BY 4.0"):
        assert fact in first, fact


def test_pages_are_numbered_and_the_contents_give_the_page_each_part_begins_on(published, pdf_pages):
    from pypdf import PdfReader

    reader = PdfReader(str(published / "downloads" / "review.pdf"))
    for number, text in enumerate(pdf_pages[1:], start=2):  # the title page has no number
        assert text.startswith(f"{number} ") or text.endswith(f" {number}"), (number, text[:40])
    # The parts' headings are the top-level bookmarks after the title page's own.
    begins = [reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)]
    listed = [int(page) for page in re.findall(r"\d+\. .+? (\d+)(?= \d+\. |$)", pdf_pages[1])]
    assert listed == begins[1:] and len(listed) >= 10
