"""A tiny site with evidence tables: escaped, captioned, anchored, linked; bad filters fail with their line."""

import pytest

from harness import build_ok, copy_site, mkdocs_build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_ok("evidence_tables", tmp_path_factory)


def test_findings_table_has_caption_scoped_headers_and_row_anchors(site):
    table = site.html().select("table.review-findings")[0]
    assert table.caption.get_text() == "Findings"
    assert [th.get_text() for th in table.select("thead th")] == ["Finding", "Area", "Levels", "Direction",
                                                                  "Sources"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    rows = table.select("tbody tr")
    assert [row["id"] for row in rows] == ["finding-south-south-power", "finding-youth-benefit"]
    assert all(row.th["scope"] == "row" for row in rows)


def test_pipes_newlines_and_script_arrive_intact_and_inert(site):
    page = site.html()
    cell = page.select_one("#finding-south-south-power th")
    assert cell.get_text() == ("South–South models did better | with balanced power\n"
                               "and <script>alert(1)</script> shared values.")
    assert page.select("article script") == []
    assert "Case studies | interviews\nand a <script>alert(1)</script> survey" in page.select_one(
        "#source-tjonneland2016").get_text()


def test_filtered_table_and_repeated_rows_get_unique_anchors(site):
    tables = site.html().select("table.review-findings")
    assert tables[1].caption.get_text() == "Findings on Partner learning"
    assert [th.get_text() for th in tables[1].select("thead th")] == ["Finding", "Levels", "Direction", "Sources"]
    assert [row["id"] for row in tables[1].select("tbody tr")] == ["finding-south-south-power-2"]


def test_one_finding(site):
    table = site.html().select_one("table.review-finding")
    assert table["id"] == "finding-youth-benefit-2"
    rows = {tr.th.get_text(): tr.td.get_text(" ", strip=True) for tr in table.select("tr")}
    assert rows["Direction"] == "Barrier" and rows["Programmes"] == "Youth exchange"
    assert rows["Levels"] == "Individual participant"


def test_sources_tables_and_empty_result(site):
    page = site.html()
    sources = page.select("table.review-sources")
    assert [s.caption.get_text() for s in sources] == ["Sources of the kind “Evaluation”",
                                                       "Sources in the programme “Youth exchange”"]
    cells = [td.get_text() for td in sources[0].select("#source-tjonneland2016 td")]
    assert cells[:4] == ["Evaluation", "2016", "Youth exchange, South–South exchange", "Norway, Tanzania"]
    assert "no findings match" in page.select_one("p.review-empty").get_text()


def test_sources_link_to_their_pages_and_cards_show_appraisal_facts(site):
    page = site.html()
    link = page.select_one("#finding-youth-benefit a.review-cite__link")
    assert link.get_text() == "Tjønneland et al., 2016" and link["href"] == "sources/tjonneland2016/"
    assert page.select_one("li#ref-tjonneland2016") is not None, "the page lists the references its tables show"
    card = page.select_one("#" + link["aria-describedby"])
    facts = [span.get_text(" ", strip=True) for span in card.select(".review-card__fact")]
    assert facts[0] == "Programmes: Youth exchange, South–South exchange"
    assert facts[1] == "Countries: Norway, Tanzania"
    assert card.select_one(".review-card__meta").get_text() == "Evaluation · 2016"
    located = page.select_one("#finding-south-south-power a.review-cite__link")
    assert located.get_text() == "Allum, 2019, p. 12"


def test_unknown_filter_value_fails_with_page_line_and_choices(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    page = site / "docs" / "index.md"
    page.write_text(page.read_text().replace('findings(area="partner-learning")', 'findings(area="partner")')
                    .replace('finding("youth-benefit")', 'finding("youth")'))
    build = mkdocs_build(site)
    assert not build.ok
    assert build.ids_at() == {("docs/index.md", 9, "macro.bad_argument"), ("docs/index.md", 13, "macro.bad_argument")}
    assert any("the choices are: participants, partner-learning" in d.message for d in build.diagnostics)
