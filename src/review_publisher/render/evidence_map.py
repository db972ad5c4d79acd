"""The evidence gap map: areas of the review by levels of change, as 3ie's and EPPI-Mapper's readers know it.

Each cell is shaded by how many distinct sources back it (the volume of evidence), gives the number of findings
and their split by direction in words and numbers, and opens a panel with that cell's findings (review.js). Without
JavaScript the map is a complete table, and each area's findings follow it once, each naming its levels. Every
value from data is escaped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from review_publisher.evidence.model import Evidence, Finding
from review_publisher.library.citation_style import FormattedSource
from review_publisher.render.directions import direction_badge
from review_publisher.render.facets import Facets, data_attributes, filter_fields
from review_publisher.render.html import block, element, escape
from review_publisher.texts import DEFAULT_TEXTS, Texts

Href = Callable[[str], str]
MAX_STEPS = 4  # shades of the volume scale, the lightest for one source


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def cell_id(area: str, level: str) -> str:
    return f"cell-{area}-{level}"


def area_id(area: str) -> str:
    return f"area-{area}"


def map_cells(evidence: Evidence) -> dict[tuple[str, str], list[Finding]]:
    """The findings of every (area, level) cell, in the order of the data; empty cells included."""
    cells: dict[tuple[str, str], list[Finding]] = {
        (area, level): [] for area in evidence.vocabulary["areas"] for level in evidence.vocabulary["levels"]}
    for finding in evidence.findings:
        for level in finding.levels:
            cells.setdefault((finding.area, level), []).append(finding)
    return cells


def distinct_sources(findings: list[Finding]) -> int:
    return len({ref.key for finding in findings for ref in finding.sources})


def volume_steps(most: int) -> list[tuple[int, int]]:
    """The source counts each shade stands for, as (lowest, highest): one shade per count up to four, else four
    even ranges from 1 to the largest count.

    >>> volume_steps(3)
    [(1, 1), (2, 2), (3, 3)]
    >>> volume_steps(9)
    [(1, 2), (3, 4), (5, 6), (7, 9)]
    """
    if most <= MAX_STEPS:
        return [(count, count) for count in range(1, most + 1)]
    width = most // MAX_STEPS
    steps = [(1 + step * width, (step + 1) * width) for step in range(MAX_STEPS)]
    steps[-1] = (steps[-1][0], most)
    return steps


def _step_of(count: int, steps: list[tuple[int, int]]) -> int:
    return next(index for index, (low, high) in enumerate(steps, start=1) if low <= count <= high)


def _range_label(low: int, high: int) -> str:
    return _plural(low, "source") if low == high else f"{low}–{high} sources"


def direction_split(findings: list[Finding], evidence: Evidence) -> str:
    """"Enabler 2 · Barrier 1", each in its direction's colour, in the vocabulary's order."""
    counts = Counter(finding.direction for finding in findings)
    return " · ".join(direction_badge(evidence, d, f"{evidence.label('directions', d)} {counts[d]}")
                      for d in evidence.vocabulary["directions"] if counts[d])


def cell_summary(findings: list[Finding], evidence: Evidence) -> str:
    """"3 findings from 2 sources (Enabler 2, Barrier 1)", as plain text."""
    if not findings:
        return "No findings: a gap"
    counts = Counter(finding.direction for finding in findings)
    split = ", ".join(f"{evidence.label('directions', d)} {counts[d]}"
                      for d in evidence.vocabulary["directions"] if counts[d])
    return f"{_plural(len(findings), 'finding')} from {_plural(distinct_sources(findings), 'source')} ({split})"


def evidence_map(evidence: Evidence, formatted: Mapping[str, FormattedSource], finding_href: Href,
                 chapter_href: Href, texts: Texts = DEFAULT_TEXTS) -> str:
    """The map, its legend, the panel the script fills, and each area's findings once."""
    cells = map_cells(evidence)
    steps = volume_steps(max((distinct_sources(found) for found in cells.values()), default=0))
    levels = list(evidence.vocabulary["levels"])
    head = element("tr", element("th", "Area of the review", scope="col") + "".join(
        element("th", escape(evidence.label("levels", level)), scope="col") for level in levels))
    rows = []
    for area, term in evidence.vocabulary["areas"].items():
        chapter = term.get("chapter")
        name = escape(term.get("label", area))
        row = element("th", element("a", name, href=chapter_href(chapter)) if chapter else name, scope="row")
        for level in levels:
            row += " " + _cell(area, level, cells[(area, level)], evidence, steps)
        rows.append(element("tr", row))
    caption = (f"Findings of {texts.this()} by area of the review and level of change; the shade of a cell shows "
               "how many distinct sources back it")
    table = element("table", element("caption", escape(caption)) + element("thead", head, data_search_exclude="")
                    + element("tbody", "".join(rows)), class_="review-table review-map", data_review_map="")
    facets = Facets(evidence, formatted)
    lists = [_area_list(area, evidence, facets, finding_href) for area in evidence.vocabulary["areas"]]
    counts: dict[str, Counter] = {}
    for finding in evidence.findings:
        for facet, values in facets.of_finding(finding).items():
            counts.setdefault(facet, Counter()).update(values)
    shown = [(name, title) for name, title in facets.of_finding_names() if name != "level"]
    panel = element("section", filter_fields(facets, shown, counts, "#review-map-panel li", "finding",
                                             "Filter the findings of this cell", with_counts=False),
                    class_="review-map__panel", id="review-map-panel", hidden="", tabindex="-1",
                    aria_label="Findings of the selected cell")
    return block(element("div", table, class_="review-table-wrap") + _legend(evidence, steps, texts) + panel) \
        + block("\n".join(part for part in lists if part))


def _cell(area: str, level: str, found: list[Finding], evidence: Evidence, steps: list[tuple[int, int]]) -> str:
    label = evidence.label("levels", level)
    if not found:
        return element("td", element("span", "–", aria_hidden="true")
                       + element("span", "No findings: a gap", class_="review-visually-hidden"),
                       class_="review-map__cell review-map__gap", data_label=label)
    sources = distinct_sources(found)
    figures = (element("span", element("strong", str(sources)) + escape(" source" + ("s" if sources != 1 else "")),
                       class_="review-map__sources")
               + element("span", escape(_plural(len(found), "finding")), class_="review-map__findings")
               + element("span", direction_split(found, evidence), class_="review-map__split"))
    link = element("a", figures, href=f"#{area_id(area)}", class_="review-map__open", data_cell=cell_id(area, level),
                   data_area=area, data_level=level, data_summary=cell_summary(found, evidence),
                   aria_controls="review-map-panel")
    step = _step_of(sources, steps)
    return element("td", link, class_=f"review-map__cell review-map__cell--volume-{step}", id=cell_id(area, level),
                   data_label=label)


def _legend(evidence: Evidence, steps: list[tuple[int, int]], texts: Texts) -> str:
    shades = "".join(element("li", element("span", "", class_=f"review-map__swatch review-map__cell--volume-{step}",
                                           aria_hidden="true") + escape(_range_label(low, high)))
                     for step, (low, high) in enumerate(steps, start=1))
    shades += element("li", element("span", "–", class_="review-map__swatch review-map__gap", aria_hidden="true")
                      + escape(f"no finding of {texts.this()}: a gap in the evidence"))
    directions = " · ".join(direction_badge(evidence, d) + " " + escape(term.get("description", "")).rstrip(".")
                            for d, term in evidence.vocabulary["directions"].items())
    return element("div", element("p", element("strong", "Shade:") + " the number of distinct sources behind a "
                                  "cell's findings.") + element("ul", shades, class_="review-map__shades")
                   + element("p", element("strong", "Directions:") + " each cell counts its findings by what they "
                             "say: " + directions + "."),
                   class_="review-map__legend", role="group", aria_label="Legend of the evidence map")


def _area_list(area: str, evidence: Evidence, facets: Facets, finding_href: Href) -> str:
    """An area's findings, each once, with the levels it concerns: the map's lists without JavaScript, and what
    the panel draws from."""
    found = [finding for finding in evidence.findings if finding.area == area]
    if not found:
        return ""
    items = "".join(_finding_item(finding, evidence, facets, finding_href) for finding in found)
    title = evidence.label("areas", area)
    return element("section", element("h2", escape(title)) + element("p", escape(cell_summary(found, evidence)))
                   + element("ul", items), id=area_id(area), class_="review-map__area")


def _finding_item(finding: Finding, evidence: Evidence, facets: Facets, finding_href: Href) -> str:
    levels = ", ".join(evidence.label("levels", level) for level in finding.levels)
    return element("li", element("a", escape(finding.statement), href=finding_href(finding.id)) + " "
                   + direction_badge(evidence, finding.direction) + " "
                   + element("span", escape(f"Levels: {levels}"), class_="review-map__levels"),
                   data_finding=finding.id, **data_attributes(facets.of_finding(finding)))
