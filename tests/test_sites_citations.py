"""Tiny sites for citations: every form renders, links and hovers; every bad citation fails, located."""

import pytest

from harness import build_ok, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_ok("citations", tmp_path_factory)


def citations(page):
    return {span["id"]: span for span in page.select("article span.review-cite")}


def visible_text(span):
    """The citation as read, without its hidden cards."""
    for card in span.select(".review-card"):
        card.decompose()
    return span.get_text("", strip=False)


def test_every_form_renders_in_author_year_style(site):
    found = {number: visible_text(span) for number, span in citations(site.html()).items()}
    assert found == {
        "cite-1": "(Allum, 2019)",
        "cite-2": "(see Tjønneland et al., 2016, p. 12; Borchgrevink & Skard, 2004)",
        "cite-3": "Allum (2019, p. 3)",
        "cite-m1": "(compare FK Norway, 2006a; FK Norway, 2006b, pp. 4–6)",
        "cite-m2": "García et al. (2020)",
        "cite-m3": "(FK Norway, n.d.)",
    }


def test_citations_link_to_the_source_page_and_carry_a_card(site):
    link = site.html().select_one("#cite-2 a.review-cite__link")
    assert link["href"] == "sources/tjonneland2016/"
    card = site.html().select_one("#" + link["aria-describedby"])
    assert card["role"] == "tooltip"
    assert card.select_one(".review-card__meta").get_text() == "Evaluation Department Report · 2016"
    assert "Chasing civil society? Evaluation of Fredskorpset" in card.get_text()
    target = site.html("bibliography/index.html").select_one("li#ref-tjonneland2016")
    assert target is not None and "Tjønneland, E." in target.get_text()


def test_a_page_holds_one_card_per_source_and_later_citations_point_to_it(site):
    page = site.html()
    links = page.select("article a.review-cite__link")
    keys = [link["data-key"] for link in links]
    assert len(page.select("article .review-card")) == len(set(keys)) < len(keys), "Allum is cited twice"
    first_link = {}
    for link in links:
        first_link.setdefault(link["data-key"], link)
    for link in links:
        carrier = first_link[link["data-key"]]
        assert link["aria-describedby"] == carrier["aria-describedby"]
        card = page.select_one("#" + link["aria-describedby"])
        assert card.parent is carrier.parent and "review-card" in card["class"], "the first citation carries it"
        if link is not carrier:
            assert link.parent.select_one(".review-card") is None
    assert page.select_one("#cite-3 a.review-cite__link")["aria-describedby"] == "card-1-1"


def test_at_signs_outside_citations_are_left_alone(site):
    text = site.html().select_one("article").get_text()
    assert "editor@example.org" in text and "https://example.org/@team" in text
    assert "[@in_code]" in text and "[@in_fence] stays as written." in text


def test_chapter_ends_with_its_own_references(site):
    page = site.html()
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
    assert headings[-1] == "References"
    listed = [li["id"] for li in page.select("#references ~ ul.review-references li")]
    # APA 9.47: a work without a date comes before the same author's dated works
    assert listed == ["ref-allum2019", "ref-borchgrevink2004", "ref-fknd", "ref-fk2006", "ref-fk2006b",
                      "ref-garcia2020", "ref-tjonneland2016"]
    back = page.select_one("li#ref-allum2019 .review-backlinks")
    assert [a["href"] for a in back.select("a")] == ["#cite-1", "#cite-3"]


def test_a_placed_reference_list_is_not_repeated(site):
    page = site.html("second/index.html")
    assert len(page.select("ul.review-references")) == 1
    assert page.select_one("#references") is None
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
    assert headings == ["My own list", "After the list"]
    assert visible_text(page.select_one("#cite-1")) == "(Allum, 2019, ch. 2)"


def test_bibliography_groups_sorts_and_says_who_cites(site):
    page = site.html("bibliography/index.html")
    groups = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
    assert groups == ["Books (1)", "Other documents (1)", "Reports (5)"]
    reports = page.select_one("#group-reports").find_next_sibling("ul")
    assert [li["id"] for li in reports.select("li")] == ["ref-allum2019", "ref-borchgrevink2004", "ref-fknd",
                                                         "ref-fk2006", "ref-tjonneland2016"]
    # Chapter two is rendered after this page, yet it is listed: the graph is built before rendering.
    allum = page.select_one("li#ref-allum2019 .review-cited-in")
    assert [(a.get_text(), a["href"]) for a in allum.select("a")] == [("Chapter one", "../"),
                                                                     ("Chapter two", "../second/")]


def test_citation_errors_are_all_reported_with_their_lines(tmp_path):
    build = build_site("citation_errors", tmp_path)
    assert not build.ok
    assert build.ids_at() == {
        ("docs/index.md", 5, "cite.unknown_key"),
        ("docs/index.md", 6, "cite.unknown_key"),
        ("docs/index.md", 7, "cite.syntax"),
        ("docs/index.md", 8, "cite.syntax"),
        ("docs/other.md", 3, "cite.unknown_key"),
    }
    assert len(build.diagnostics) == 6  # line 7 holds two problems
    messages = {d.message for d in build.diagnostics}
    assert "unknown citation key 'Tjonneland2016' (did you mean 'tjonneland2016'?)" in messages
    assert "unknown citation key 'tjonneland2061' (did you mean 'tjonneland2016'?)" in messages
    assert "unknown citation key 'nosuchkey2020'" in messages
    assert not (build.site_dir / "index.html").exists()
