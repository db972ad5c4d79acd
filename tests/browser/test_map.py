"""The evidence gap map in a browser: a cell opens a panel with its findings once, by pointer, by keyboard and on a
phone; the panel's filters narrow it; without JavaScript every cell still leads to its findings."""

from __future__ import annotations

import re

import pytest
from browser_tools import Watched, tab_to

MAP = "evidence/map/"


def _open_page(browser, base_url, width, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    watched = Watched(context.new_page())
    watched.page.goto(base_url + MAP)
    return context, watched


def _findings_in(link) -> int:
    return int(re.match(r"(\d+) finding", link.get_attribute("data-summary")).group(1))


@pytest.mark.parametrize("width", [1280, 390])
def test_every_cell_opens_a_panel_listing_its_findings_once(browser, base_url, artifacts, width):
    context, watched = _open_page(browser, base_url, width, has_touch=width < 500, is_mobile=width < 500)
    page = watched.page
    page.screenshot(path=str(artifacts / f"map-{width}.png"), full_page=True)
    links = page.locator("a.review-map__open")
    assert links.count() >= 10
    panel = page.locator("#review-map-panel")
    assert panel.is_hidden(), "the panel waits for a cell"
    for index in range(links.count()):
        link = links.nth(index)
        if width < 500:
            link.tap()
        else:
            link.click()
        assert panel.is_visible()
        items = panel.locator("ul li[data-finding]")
        ids = items.evaluate_all("els => els.map(e => e.getAttribute('data-finding'))")
        assert len(ids) == len(set(ids)) == _findings_in(link), link.get_attribute("data-cell")
        level = link.get_attribute("data-level")
        assert all(level in item.split() for item in items.evaluate_all(
            "els => els.map(e => e.getAttribute('data-level'))"))
        assert page.evaluate("location.hash") == "#" + link.get_attribute("data-cell")
        assert link.get_attribute("aria-expanded") == "true"
    if width < 500:
        page.screenshot(path=str(artifacts / "map-panel-390.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    watched.assert_clean(base_url)
    context.close()


def test_the_keyboard_opens_a_cell_and_escape_closes_the_panel(browser, base_url):
    context, watched = _open_page(browser, base_url, 1280)
    page = watched.page
    tab_to(page, "review-map__open")
    cell = page.evaluate("document.activeElement.getAttribute('data-cell')")
    page.keyboard.press("Enter")
    panel = page.locator("#review-map-panel")
    assert panel.is_visible()
    assert page.evaluate("document.activeElement.id") == "review-map-panel", "focus moves to the panel"
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('data-cell')") == cell, "focus returns to the cell"
    watched.assert_clean(base_url)
    context.close()


def test_the_panel_filters_narrow_the_findings_and_a_shared_address_reopens_the_cell(browser, base_url):
    context, watched = _open_page(browser, base_url, 1280)
    page = watched.page
    link = page.locator("a.review-map__open[data-cell='cell-participants-individual']")
    link.click()
    items = page.locator("#review-map-panel ul li[data-finding]")
    total = items.count()
    page.select_option("#review-map-panel select[name=direction]", "context")
    shown = page.locator("#review-map-panel ul li[data-finding]:not([hidden])")
    expected = re.search(r"Context (\d+)", link.get_attribute("data-summary")).group(1)
    assert 0 < shown.count() == int(expected) < total
    assert page.locator("#review-map-panel output").inner_text().startswith(f"Showing {shown.count()} of {total}")
    for before in (MAP, ""):  # the same page (the address's fragment changes) and a page loaded afresh
        page.goto(base_url + before)
        page.goto(base_url + MAP + "#cell-evaluation-history-partner")
        assert page.locator("#review-map-panel").is_visible()
        assert "› Partner organisation" in page.locator("#review-map-panel h2").inner_text()
    watched.assert_clean(base_url)
    context.close()


def test_without_javascript_each_cell_leads_to_its_findings(browser, base_url):
    context, watched = _open_page(browser, base_url, 1280, java_script_enabled=False)
    page = watched.page
    links = page.locator("a.review-map__open")
    hrefs = links.evaluate_all("els => els.map(a => [a.getAttribute('href'), a.getAttribute('data-level'),"
                               " a.getAttribute('data-summary')])")
    for href, level, summary in hrefs:
        page.goto(base_url + MAP)
        page.click(f"a.review-map__open[href='{href}'][data-level='{level}']")
        assert page.evaluate("location.hash") == href
        section = page.locator(href)
        assert section.is_visible()
        assert section.locator(f"li[data-level~='{level}']").count() == int(summary.split()[0])
    watched.assert_clean(base_url)
    context.close()
