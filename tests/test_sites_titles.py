"""One title per page, the one MkDocs uses (the navigation's, else the front matter's, else the first heading),
everywhere: the head's metadata, "Cite this page", every "Cited in" list and the print version."""

import pytest

from harness import build_ok


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_ok("page_titles", tmp_path_factory)


@pytest.mark.parametrize("page, title", [("index.html", "Short title"), ("other/index.html", "Front-matter title")])
def test_the_head_and_cite_this_page_use_the_engines_title(site, page, title):
    html = site.html(page)
    assert html.select_one('meta[name="citation_title"]')["content"] == title
    assert title in html.select_one(".review-cite-page").get_text()


def test_cited_in_lists_and_the_print_version_use_the_same_titles(site):
    cited_in = site.html("sources/allum2019/index.html").select_one(".review-source__cited-in").get_text()
    assert "Short title" in cited_in and "Front-matter title" in cited_in
    assert "A much longer heading" not in cited_in
    contents = [a.get_text() for a in site.html("print/index.html").select("nav[aria-label=Contents] a")]
    assert contents[:2] == ["Short title", "Front-matter title"]


def test_every_page_written_after_others_still_names_them_in_its_navigation(site):
    """A single build lets go of each page's Markdown and HTML once it is written (MkDocs would keep them to the
    end); the pages written after it still show its title in their navigation, which MkDocs takes from them."""
    pages = [path for path in sorted(site.site_dir.rglob("index.html")) if "/print/" not in path.as_posix()]
    assert len(pages) >= 3  # the two chapters and at least one source's page
    for path in pages:
        navigation = {a.get_text(" ", strip=True) for a in site.html(path.relative_to(site.site_dir).as_posix())
                      .select("nav.md-nav--primary a.md-nav__link")}
        assert {"Short title", "Front-matter title"} <= navigation, path
