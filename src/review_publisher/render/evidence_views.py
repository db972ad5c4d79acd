"""Site-wide views of the evidence: the timeline, the sources index and the downloads list (the evidence map has
a module of its own). Each is plain HTML, readable without JavaScript; every value from data is escaped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from review_publisher.evidence.model import Evidence
from review_publisher.library.citation_style import NO_DATE, FormattedSource
from review_publisher.render.facets import (
    COLUMN_TITLES,
    Facets,
    data_attributes,
    filter_fields,
    record_field,
    with_column_labels,
)
from review_publisher.render.html import block, element, escape
from review_publisher.texts import DEFAULT_TEXTS, NOT_KNOWN, Texts

Href = Callable[[str], str]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


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
        parts.append(element("li", element("h2", escape(label), id=f"year-{year.replace('.', '')}")
                             + element("ul", items), class_="review-timeline__year"))
    return block(element("ol", "".join(parts), class_="review-timeline"))


# -- Sources index --------------------------------------------------------------------------------------------

def sources_index(keys: list[str], evidence: Evidence, formatted: Mapping[str, FormattedSource],
                  titles: Mapping[str, str], href: Href, table_id: str = "review-sources-index") -> str:
    """One table of every source, sortable and filterable by type, year and every list the review uses
    (programmes, countries, its own facets) with JavaScript, complete and readable without it; facet counts are
    shown either way."""
    facets = Facets(evidence, formatted)
    shown = facets.of_sources
    listed = [(name, title) for name, title in shown if name not in ("type", "year")]
    counts: dict[str, Counter] = {name: Counter() for name, _ in shown}
    rows = []
    unknown = element("em", NOT_KNOWN)
    for key in sorted(keys, key=lambda k: formatted[k].sort_key):
        record = evidence.records.get(key, {})
        values = facets.of_source(key)
        for name, items in values.items():
            counts[name].update(items)
        cells = (element("th", element("a", escape(f"{formatted[key].names}, {formatted[key].year}"), href=href(key)),
                         scope="row", data_sort=formatted[key].names.casefold())
                 + element("td", escape(titles[key]))
                 + element("td", escape(facets.labels["type"][values["type"][0]]))
                 + element("td", escape(formatted[key].year), data_sort=values["year"][0]))
        for name, _ in listed:
            cells += element("td", escape(", ".join(facets.labels[name][v] for v in values[name]))
                             if record.get(record_field(name)) is not None else unknown)
        rows.append(element("tr", cells, id=f"index-{key}", **data_attributes(values)))
    columns = ["Source", "Title", "Type", "Year"] + [COLUMN_TITLES.get(name, title) for name, title in listed]
    head = element("tr", "".join(element("th", escape(c), scope="col") for c in columns))
    caption = f"All {_plural(len(rows), 'source')}, by author" if rows else "No sources"
    body = with_column_labels("".join(rows), columns)
    table = element("table", element("caption", escape(caption), data_total=str(len(rows)))
                    + element("thead", head, data_search_exclude="") + element("tbody", body),
                    class_="review-table review-sources-index", id=table_id, data_sortable="")
    form = filter_fields(facets, shown, counts, f"#{table_id} tbody tr", "source", "Filter the sources")
    return block(_facet_summary(facets, counts) + form + element("div", table, class_="review-table-wrap"))


def _facet_summary(facets: Facets, counts: dict[str, Counter]) -> str:
    items = []
    for name, title in facets.of_sources:
        listed = ", ".join(f"{escape(facets.labels[name][value])} ({counts[name][value]})"
                           for value in facets.ordered(name, counts[name]))
        items.append(element("li", element("strong", escape(title) + ":") + " " + (listed or "none")))
    return element("ul", "".join(items), class_="review-facets")


# -- Downloads ------------------------------------------------------------------------------------------------

def downloads_table(files: list[tuple[str, str, str]], href: Href, texts: Texts = DEFAULT_TEXTS) -> str:
    """(path below the site, format, what it holds) as a table of links."""
    rows = "".join(element("tr", element("th", element("a", escape(path.rsplit("/", 1)[-1]), href=href(path),
                                                       download=""), scope="row")
                           + element("td", escape(kind)) + element("td", escape(what)))
                   for path, kind, what in files)
    columns = ["File", "Format", "Contents"]
    rows = with_column_labels(rows, columns)
    head = element("tr", "".join(element("th", c, scope="col") for c in columns))
    table = element("table", element("caption", escape(f"Open data of {texts.this()}"))
                    + element("thead", head, data_search_exclude="") + element("tbody", rows),
                    class_="review-table review-downloads")
    return block(element("div", table, class_="review-table-wrap"))
