"""Site-wide views of the evidence: the findings index, the evidence map, the timeline, the sources index and
the downloads list. Each is plain HTML, readable without JavaScript; every value from data is escaped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from review_publisher.evidence.model import Evidence, Finding
from review_publisher.library.citation_style import NO_DATE, FormattedSource
from review_publisher.render.html import block, element, escape
from review_publisher.texts import DEFAULT_TEXTS, NOT_KNOWN, Texts

Href = Callable[[str], str]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


# -- Evidence map ---------------------------------------------------------------------------------------------

def cell_id(area: str, level: str) -> str:
    return f"cell-{area}-{level}"


def map_cells(evidence: Evidence) -> dict[tuple[str, str], list[Finding]]:
    """The findings of every (area, level) cell, in the order of the data; empty cells included."""
    cells: dict[tuple[str, str], list[Finding]] = {
        (area, level): [] for area in evidence.vocabulary["areas"] for level in evidence.vocabulary["levels"]}
    for finding in evidence.findings:
        for level in finding.levels:
            cells.setdefault((finding.area, level), []).append(finding)
    return cells


def direction_colour(evidence: Evidence, direction: str, before: str = "") -> str:
    """The colour a review gives a direction in its vocabulary, as a style declaration ('' if it gives none: the
    stylesheet colours enabler, barrier, mixed and context)."""
    colour = evidence.vocabulary["directions"].get(direction, {}).get("colour")
    return f"{before}color: {colour}" if colour else ""


def direction_balance(findings: list[Finding], evidence: Evidence) -> str:
    """"2 enablers, 1 barrier" (directions in the vocabulary's order)."""
    counts = Counter(finding.direction for finding in findings)
    return ", ".join(_plural(counts[d], evidence.label("directions", d).lower())
                     for d in evidence.vocabulary["directions"] if counts[d])


def cell_summary(findings: list[Finding], evidence: Evidence) -> str:
    """"3 findings from 2 sources: 2 enablers, 1 barrier"."""
    if not findings:
        return "No findings"
    sources = {ref.key for finding in findings for ref in finding.sources}
    return f"{_plural(len(findings), 'finding')} from {_plural(len(sources), 'source')}: " \
           f"{direction_balance(findings, evidence)}"


def evidence_map(evidence: Evidence, finding_href: Href, texts: Texts = DEFAULT_TEXTS) -> str:
    """Areas by levels. Each cell counts findings and distinct sources, shows the balance of directions and
    links to the list of its findings below the table; an empty cell is a visible gap."""
    levels = list(evidence.vocabulary["levels"])
    directions = list(evidence.vocabulary["directions"])
    cells = map_cells(evidence)
    head = element("tr", element("th", "Area", scope="col") + "".join(
        element("th", escape(evidence.label("levels", level)), scope="col") for level in levels))
    rows, lists = [], []
    for area in evidence.vocabulary["areas"]:
        row = element("th", escape(evidence.label("areas", area)), scope="row")
        for level in levels:
            found = cells[(area, level)]
            summary = cell_summary(found, evidence)
            if not found:
                row += element("td", element("span", "–", aria_hidden="true")
                               + element("span", escape(summary), class_="review-visually-hidden"),
                               class_="review-map__gap")
                continue
            counts = Counter(f.direction for f in found)
            bar = "".join(element("span", "", class_=f"review-map__bar review-direction--{d}",
                                  style=f"flex-grow: {counts[d]}" + direction_colour(evidence, d, "; "))
                          for d in directions if counts[d])
            sources = len({ref.key for f in found for ref in f.sources})
            # The visible text, then the balance for screen readers; the bar repeats it for the eye.
            figures = element("span", escape(f"{len(found)}"), class_="review-map__count") + " " + element(
                "span", escape(f"finding{'s' if len(found) != 1 else ''} · {_plural(sources, 'source')}"),
                class_="review-map__label") + element(
                "span", escape(f": {direction_balance(found, evidence)}"), class_="review-visually-hidden")
            link = element("a", figures + element("span", bar, class_="review-map__bars", aria_hidden="true"),
                           href=f"#{cell_id(area, level)}", title=summary)
            row += element("td", link, class_="review-map__cell")
            lists.append(_cell_list(area, level, found, evidence, finding_href, summary))
        rows.append(element("tr", row))
    legend = element("p", "Colours: " + ", ".join(
        element("span", escape(evidence.label("directions", d)), class_=f"review-direction review-direction--{d}",
                style=direction_colour(evidence, d) or None)
        for d in directions) + escape(f". An empty cell (–) means no finding of {texts.this()} covers it."),
        class_="review-map__legend")
    table = element("table", element("caption", "Evidence map: findings by area and level")
                    + element("thead", head) + element("tbody", "".join(rows)), class_="review-table review-map")
    return block(element("div", table, class_="review-table-wrap") + legend) + block("\n".join(lists))


def _cell_list(area: str, level: str, found: list[Finding], evidence: Evidence, finding_href: Href,
               summary: str) -> str:
    title = f"{evidence.label('areas', area)} › {evidence.label('levels', level)}"
    items = "".join(element("li", element("a", escape(f.statement), href=finding_href(f.id)) + " "
                            + element("span", escape(evidence.label("directions", f.direction)),
                                      class_=f"review-direction review-direction--{f.direction}",
                                      style=direction_colour(evidence, f.direction) or None))
                    for f in found)
    return element("section", element("h3", escape(title)) + element("p", escape(summary))
                   + element("ul", items), id=cell_id(area, level), class_="review-map__list")


# -- Timeline -------------------------------------------------------------------------------------------------

def timeline(formatted: Mapping[str, FormattedSource], titles: Mapping[str, str], href: Href,
             type_of: Callable[[str], str]) -> str:
    """The sources by year of publication, oldest first; those without a known year last."""
    years: dict[str, list[str]] = {}
    for key, source in formatted.items():
        years.setdefault(source.year[:4] if source.year[:4].isdigit() else NO_DATE, []).append(key)
    order = sorted(y for y in years if y != NO_DATE) + ([NO_DATE] if NO_DATE in years else [])
    parts = []
    for year in order:
        label = "Year not known" if year == NO_DATE else year
        items = "".join(element("li", element("a", escape(f"{formatted[k].names}, {formatted[k].year}"), href=href(k))
                                + ": " + element("em", escape(titles[k])) + " "
                                + element("span", escape(f"({type_of(k)})"), class_="review-timeline__type"))
                        for k in sorted(years[year], key=lambda k: formatted[k].sort_key))
        parts.append(element("li", element("h3", escape(label), id=f"year-{year.replace('.', '')}")
                             + element("ul", items), class_="review-timeline__year"))
    return block(element("ol", "".join(parts), class_="review-timeline"))


# -- Sources index --------------------------------------------------------------------------------------------

FACETS = (("type", "Type"), ("programme", "Programme"), ("country", "Country"), ("year", "Year"))
# The facet of each record field: a facet whose field the review does not use is not shown.
_FACET_FIELDS = {"programme": "programmes", "country": "countries"}
_COLUMN_TITLES = {"programme": "Programmes", "country": "Countries"}


def facets_of(evidence: Evidence) -> tuple[tuple[str, str], ...]:
    """(name, title) of the filters of the sources index: type, the built-in lists the review uses, its own
    facets on records, and the year."""
    built_in = [(name, title) for name, title in FACETS[:-1]
                if name not in _FACET_FIELDS or evidence.uses(_FACET_FIELDS[name])]
    return tuple(built_in + evidence.facets_on("records") + [FACETS[-1]])


def _field(name: str) -> str:
    """The record field a filter reads: the built-in ones by their plural field name, a review's facet by its id."""
    return _FACET_FIELDS.get(name, name)


def sources_index(keys: list[str], evidence: Evidence, formatted: Mapping[str, FormattedSource],
                  titles: Mapping[str, str], href: Href, table_id: str = "review-sources-index") -> str:
    """One table of every source, sortable and filterable by type, year and every list the review uses
    (programmes, countries, its own facets) with JavaScript, complete and readable without it; facet counts are
    shown either way."""
    shown = facets_of(evidence)
    listed = [(name, title) for name, title in shown if name not in ("type", "year")]
    facets: dict[str, Counter] = {name: Counter() for name, _ in shown}
    labels: dict[str, dict[str, str]] = {name: {} for name, _ in shown}
    vocabulary_of = {"programme": "programmes", "country": "countries"}
    rows = []
    unknown = element("em", NOT_KNOWN)
    for key in sorted(keys, key=lambda k: formatted[k].sort_key):
        record = evidence.records.get(key, {})
        # A record's document type, else what the library says the document is.
        kind = record.get("document_type") or "-".join(formatted[key].type_label.lower().split())
        values = {"type": [kind], "year": [formatted[key].year[:4] if formatted[key].year[:4].isdigit() else NO_DATE]}
        labels["type"][kind] = evidence.label("document_types", kind) if record.get("document_type") \
            else formatted[key].type_label
        labels["year"][values["year"][0]] = values["year"][0]
        for name, _ in listed:
            values[name] = record.get(_field(name)) or []
            for value in values[name]:
                labels[name][value] = evidence.label(vocabulary_of.get(name, name), value)
        for name, items in values.items():
            facets[name].update(items)
        cells = (element("th", element("a", escape(f"{formatted[key].names}, {formatted[key].year}"), href=href(key)),
                         scope="row", data_sort=formatted[key].names.casefold())
                 + element("td", escape(titles[key]))
                 + element("td", escape(labels["type"][kind]))
                 + element("td", escape(formatted[key].year), data_sort=values["year"][0]))
        for name, _ in listed:
            cells += element("td", escape(", ".join(labels[name][v] for v in values[name]))
                             if record.get(_field(name)) is not None else unknown)
        rows.append(element("tr", cells, id=f"index-{key}",
                            **{f"data_{name}": " ".join(values[name]) for name, _ in shown}))
    columns = ["Source", "Title", "Type", "Year"] + [_COLUMN_TITLES.get(name, title) for name, title in listed]
    head = element("tr", "".join(element("th", escape(c), scope="col") for c in columns))
    table = element("table", element("caption", escape(f"All sources ({len(rows)})")) + element("thead", head)
                    + element("tbody", "".join(rows)), class_="review-table review-sources-index", id=table_id,
                    data_sortable="")
    return block(_facet_summary(facets, labels, shown) + _filter_form(facets, labels, table_id, shown)
                 + element("div", table, class_="review-table-wrap"))


def _ordered(name: str, counter: Counter, labels: dict[str, str]) -> list[str]:
    if name == "year":
        return sorted(counter, key=lambda y: (y == NO_DATE, y))
    return sorted(counter, key=lambda value: labels[value].casefold())


def _facet_summary(facets: dict[str, Counter], labels: dict[str, dict[str, str]], shown) -> str:
    items = []
    for name, title in shown:
        counts = ", ".join(f"{escape(labels[name][value])} ({facets[name][value]})"
                           for value in _ordered(name, facets[name], labels[name]))
        items.append(element("li", element("strong", escape(title) + ":") + " " + (counts or "none")))
    return element("ul", "".join(items), class_="review-facets")


def _filter_form(facets: dict[str, Counter], labels: dict[str, dict[str, str]], table_id: str, shown) -> str:
    """Filters that only work with JavaScript, so they stay hidden until the script shows them."""
    fields = []
    for name, title in shown:
        options = element("option", "All", value="") + "".join(
            element("option", escape(f"{labels[name][value]} ({facets[name][value]})"), value=value)
            for value in _ordered(name, facets[name], labels[name]))
        fields.append(element("label", escape(title) + " " + element("select", options, name=name)))
    status = element("output", "", class_="review-filter__status", aria_live="polite")
    # A group of fields, not a <form>: nothing is submitted, and the HTML gate refuses forms in content.
    return element("div", "".join(fields) + status, class_="review-filter", role="search", hidden="",
                   data_filter_table=table_id, aria_label="Filter the sources")


# -- Downloads ------------------------------------------------------------------------------------------------

def downloads_table(files: list[tuple[str, str, str]], href: Href, texts: Texts = DEFAULT_TEXTS) -> str:
    """(path below the site, format, what it holds) as a table of links."""
    rows = "".join(element("tr", element("th", element("a", escape(path.rsplit("/", 1)[-1]), href=href(path),
                                                       download=""), scope="row")
                           + element("td", escape(kind)) + element("td", escape(what)))
                   for path, kind, what in files)
    head = element("tr", "".join(element("th", c, scope="col") for c in ("File", "Format", "Contents")))
    table = element("table", element("caption", escape(f"Open data of {texts.this()}")) + element("thead", head)
                    + element("tbody", rows), class_="review-table review-downloads")
    return block(element("div", table, class_="review-table-wrap"))
