"""What only a browser shows: search, hover cards, the way back from a source, the map, filters, dark mode,
clean consoles, offline use, accessibility and the printed review. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml
from browser_tools import CHROMIUM, Watched, axe_violations, serve, set_scheme, tab_to

from harness import ROOT

PAGE_KINDS = {
    "home": "",
    "about": "about/edition/",
    "timeline": "evidence/timeline/",
    "downloads": "evidence/downloads/",
    "contributors' page": "contribute/performance/",
    "not found": "404.html",
    "chapter": "review/partner-learning/",
    "source page": "sources/tjonneland2016/",
    "sources index": "evidence/sources/",
    "map": "evidence/map/",
    "bibliography": "bibliography/",
    "findings": "evidence/findings/",
}

WIDTHS = [1280, 390]  # a desktop and a phone


def search(page, base_url: str, query: str) -> list[str]:
    """Type a query into Material's search box; the addresses of the results, relative to the site."""
    page.goto(base_url)
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():  # a phone: the search opens from its button in the header, with the box focused
        button.click()
        page.wait_for_function("document.activeElement.classList.contains('md-search__input')", timeout=5_000)
    else:
        page.click("input.md-search__input")
    # Material answers queries only once its search worker has loaded the index.
    page.wait_for_function("(document.querySelector('.md-search-result__meta') || {}).textContent"
                           " !== 'Initializing search'", timeout=20_000)
    page.type("input.md-search__input", query, delay=20)  # key by key, as a reader types
    # Material shows either results or "No matching documents": wait for one of them, never for a time-out.
    page.wait_for_function("document.querySelector('.md-search-result__item a') !== null || "
                           "/No matching/.test((document.querySelector('.md-search-result__meta') || {})"
                           ".textContent || '')", timeout=10_000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
    return [link[len(base_url):] for link in links]


@pytest.mark.parametrize("query, expected", [
    ("Chasing civil society", "sources/tjonneland2016/"),
    ("Tjønneland", "sources/tjonneland2016/"),
    ("Tjonneland", "sources/tjonneland2016/"),  # accents folded
    ("retention", "review/keeping-learning/"),  # the review's synonyms (data/vocabulary.yml)
    ("balanced power between partners", "review/partner-learning/"),
])
@pytest.mark.parametrize("width", WIDTHS)
def test_search_finds_the_right_page(browser, base_url, query, expected, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    watched = Watched(context.new_page())
    results = search(watched.page, base_url, query)
    assert any(result.split("#")[0].split("?")[0] == expected for result in results), results
    watched.assert_clean(base_url)
    context.close()


def test_search_with_a_broken_index_finds_nothing(browser, built_site, tmp_path):
    """The search test can fail: with an empty index, the same query finds nothing."""
    broken = tmp_path / "site"
    shutil.copytree(built_site, broken)
    index = broken / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps({"config": data["config"], "docs": []}), encoding="utf-8")
    server, url = serve(broken)
    try:
        page = browser.new_page()
        assert search(page, url, "Chasing civil society") == []
        page.close()
    finally:
        server.shutdown()


def test_hover_and_keyboard_focus_open_a_citation_card(watched, base_url, artifacts):
    page = watched.page
    page.goto(base_url + "review/partner-learning/")
    card = page.locator("#card-1-1")
    assert not card.is_visible()
    page.hover("#cite-1 a.review-cite__link")
    assert card.is_visible() and "Allum, C. (2019)" in card.inner_text()
    page.screenshot(path=str(artifacts / "chapter-with-hover-card.png"))
    page.mouse.move(0, 0)
    page.goto(base_url + "review/partner-learning/")
    tab_to(page, "review-cite__link")
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert page.locator(f"#{described}").is_visible()
    page.keyboard.press("Escape")  # WCAG 1.4.13: a card can be dismissed without moving focus
    assert page.locator(f"#{described}").is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == described
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.locator(f"#{described}").is_visible(), "the card comes back when its citation is focused again"
    watched.assert_clean(base_url)


def test_a_source_cited_again_on_a_page_shows_the_same_card(watched, base_url, artifacts):
    """A page holds one card per source; a later citation points to it and shows a copy on hover and on focus."""
    page = watched.page
    page.goto(base_url + "review/partner-learning/")
    again = page.locator("#cite-2 a.review-cite__link").first
    assert again.get_attribute("aria-describedby") == "card-1-1"
    assert page.locator("#cite-2 .review-card").count() == 0, "the page holds the card once"
    again.hover()
    shown = page.locator("#cite-2 .review-card")
    assert shown.is_visible() and "Allum, C. (2019)" in shown.inner_text()
    assert shown.text_content() == page.locator("#card-1-1").text_content()
    assert page.locator("#card-1-1").is_hidden(), "the first citation's card stays closed"
    page.screenshot(path=str(artifacts / "chapter-with-repeated-citation-card.png"))
    page.mouse.move(0, 0)
    assert shown.is_hidden()
    page.locator("#cite-2 a.review-cite__link").first.focus()
    assert shown.is_visible(), "keyboard focus opens it too"
    page.keyboard.press("Escape")
    assert shown.is_hidden()
    assert axe_violations(page) == []
    watched.assert_clean(base_url)


def test_on_a_phone_a_tap_opens_the_card_and_a_second_tap_follows_the_link(browser, base_url, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    watched = Watched(context.new_page())
    page = watched.page
    page.goto(base_url + "review/partner-learning/")
    link = page.locator("#cite-1 a.review-cite__link")
    card = page.locator("#card-1-1")
    link.tap()
    assert card.is_visible() and page.url.endswith("/review/partner-learning/"), "the first tap opens the card"
    box, viewport = card.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], "the card stays on the screen"
    assert box["y"] >= link.bounding_box()["y"] + link.bounding_box()["height"] - 1, "it opens below the text"
    assert card.evaluate("el => getComputedStyle(el).opacity") == "1", "the text under the card does not show through"
    page.screenshot(path=str(artifacts / "card-on-a-phone.png"))
    assert axe_violations(page) == [], "an open card is accessible too (contrast of its small print)"
    page.tap("h1")
    assert card.is_hidden(), "a tap elsewhere closes it"
    again = page.locator("#cite-2 a.review-cite__link").first  # a source cited again: its card is a copy
    again.tap()
    assert page.locator("#cite-2 .review-card").is_visible() and page.url.endswith("/review/partner-learning/")
    page.tap("h1")
    link.tap()
    link.tap()
    page.wait_for_url("**/sources/allum2019/")
    watched.assert_clean(base_url)
    context.close()


def test_citation_opens_the_source_and_cited_in_returns_to_the_place(watched, base_url, artifacts):
    page = watched.page
    page.goto(base_url + "review/partner-learning/")
    page.click("a.review-cite__link[data-key='lough2016']")
    page.wait_for_url("**/sources/lough2016/")
    page.screenshot(path=str(artifacts / "source-page.png"))
    back = page.locator("ul.review-source__cited-in a").first
    back.click()
    page.wait_for_url("**/review/partner-learning/#cite-*")
    anchor = page.evaluate("location.hash").lstrip("#")
    target = page.locator(f"[id='{anchor}']")
    assert "lough2016" in target.inner_html()
    box, viewport = target.bounding_box(), page.viewport_size
    assert 0 <= box["y"] < viewport["height"], "the cited place is scrolled into view"
    watched.assert_clean(base_url)


@pytest.mark.parametrize("width", WIDTHS)
def test_sources_index_filters_narrow_the_rows_and_columns_sort(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    watched = Watched(context.new_page())
    page = watched.page
    page.goto(base_url + "evidence/sources/")
    rows = page.locator("#review-sources-index tbody tr")
    total = rows.count()
    caption = page.locator("#review-sources-index caption")
    assert caption.inner_text() == f"All {total} sources, by author"
    assert page.locator("div.review-filter").is_visible(), "the script shows the filters"
    page.select_option("select[name=type]", "evaluation")
    visible = page.locator("#review-sources-index tbody tr:not([hidden])")
    evaluations = page.locator("#review-sources-index tbody tr[data-type='evaluation']").count()
    assert 0 < visible.count() == evaluations < total
    page.select_option("select[name=country]", "TZ")
    shown = visible.count()
    assert 0 < shown < evaluations
    assert page.locator("output.review-filter__status").inner_text().startswith(f"Showing {shown} of {total}")
    assert caption.inner_text().startswith(f"Sources shown: {shown} of {total}"), "the caption follows the filter"
    assert page.evaluate("location.search") == "?type=evaluation&country=TZ", "the filter is in the address"
    page.reload()  # a shared address opens with the same filter
    assert visible.count() == shown and page.locator("select[name=country]").input_value() == "TZ"
    page.select_option("select[name=type]", "")
    page.select_option("select[name=country]", "")
    assert page.evaluate("location.search") == "" and caption.inner_text() == f"All {total} sources, by author"
    page.click("#review-sources-index thead th:nth-child(4) button")
    years = page.eval_on_selector_all("#review-sources-index tbody tr td:nth-child(4)",
                                      "cells => cells.map(c => c.getAttribute('data-sort'))")
    assert years == sorted(years)
    watched.assert_clean(base_url)
    context.close()


def test_the_findings_index_filters_by_direction_and_by_its_sources_facets(watched, base_url):
    page = watched.page
    page.goto(base_url + "evidence/findings/?direction=barrier")
    rows = page.locator("table.review-findings tbody tr")
    shown = page.locator("table.review-findings tbody tr:not([hidden])")
    barriers = page.locator("table.review-findings tbody tr[data-direction='barrier']").count()
    assert 0 < shown.count() == barriers < rows.count(), "the address's filter applies on arrival"
    page.select_option("select[name=direction]", "")
    page.select_option("select[name=type]", "evaluation")
    assert 0 < shown.count() < rows.count()
    for row in shown.all():
        assert "evaluation" in row.get_attribute("data-type").split()
    emptied = page.locator(".review-table-wrap[data-empty='yes']")
    assert emptied.count() >= 1, "an area left without findings says so"
    assert "No finding of this area matches" in page.evaluate(
        "getComputedStyle(document.querySelector(\".review-table-wrap[data-empty='yes']\"), '::after').content")
    watched.assert_clean(base_url)


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_stack_into_cards_on_a_phone_and_words_break_only_between_words(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + "evidence/findings/")
    row = page.locator("table.review-findings tbody tr").first
    display = row.evaluate("el => getComputedStyle(el).display")
    assert display == ("table-row" if width > 720 else "block")
    cell = row.locator("td").first
    if width < 720:
        assert cell.evaluate("el => getComputedStyle(el, '::before').content") == f'"{cell.get_attribute("data-label")}"'
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('table.review-findings')]"
                           ".map(t => t.getBoundingClientRect().width))")
    assert widest <= width
    for path, selector in (("evidence/findings/", "table.review-findings :is(th, td)"),
                           ("evidence/sources/", "table.review-sources-index :is(th, td)")):
        page.goto(base_url + path)
        styles = page.eval_on_selector_all(selector, "els => els.map(e => [getComputedStyle(e).overflowWrap,"
                                                     " getComputedStyle(e).wordBreak])")
        assert styles and {tuple(style) for style in styles} == {("normal", "normal")}, selector
    context.close()


def test_dark_mode_toggle(watched, base_url):
    page = watched.page
    page.goto(base_url)
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.click("label[title='Switch to dark mode']:visible")
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert (before, after) == ("default", "slate")
    watched.assert_clean(base_url)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_every_kind_of_page_is_clean_offline_and_accessible(browser, base_url, artifacts, kind, scheme, width):
    """No console error, no request leaving the machine, no axe-core violation of any impact: every kind of page,
    light and dark, on a desktop and on a phone."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    watched = Watched(context.new_page())
    page = watched.page
    page.goto(base_url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    set_scheme(page, scheme)
    if scheme == "default":
        page.screenshot(path=str(artifacts / f"{kind.replace(' ', '-')}-{width}.png"))
    watched.assert_clean(base_url)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page pans sideways"
    context.close()


def test_an_injected_console_error_is_caught(browser, built_site, tmp_path):
    """The console check can fail: a page that logs an error does not pass it."""
    broken = tmp_path / "site"
    shutil.copytree(built_site, broken)
    (broken / "boom.html").write_text("<!doctype html><title>x</title><script>console.error('boom')</script>")
    server, url = serve(broken)
    try:
        page = browser.new_page()
        watched = Watched(page)
        page.goto(url + "boom.html")
        with pytest.raises(AssertionError, match="boom"):
            watched.assert_clean(url)
        page.close()
    finally:
        server.shutdown()


def test_the_readmes_pdf_command_makes_a_pdf_with_a_bookmark_for_every_chapter(built_site, tmp_path):
    """The README's command, run as written (with this machine's chromium and a profile of its own), turns
    print/index.html into a PDF whose bookmarks hold every chosen page's heading."""
    from pypdf import PdfReader

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    written = next(line for line in readme.splitlines() if line.startswith("chromium --headless")).split()
    pdf = tmp_path / "review.pdf"
    command = [str(CHROMIUM), *(f"--print-to-pdf={pdf}" if part.startswith("--print-to-pdf=") else
                                (built_site / "print" / "index.html").as_uri() if part == "site/print/index.html"
                                else part for part in written[1:]), f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    reader = PdfReader(str(pdf))

    def titles(outline) -> list[str]:
        return [title for item in outline
                for title in (titles(item) if isinstance(item, list) else ["".join(item.title.split())])]

    bookmarks = titles(reader.outline)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!", "").replace("!ENV", ""))
    review_options = next(p["review"] for p in config["plugins"] if isinstance(p, dict) and "review" in p)
    for path in review_options["print_pages"]:
        heading = next(line for line in (ROOT / "docs" / path).read_text(encoding="utf-8").splitlines()
                       if line.startswith("# "))[2:]
        # Compared without spaces: a bookmark joins the lines of a heading that wraps without one.
        assert "".join(heading.split()) in bookmarks, heading
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "by area of the review and level of change" in text
