"""Scholarly metadata: Highwire ``citation_*`` tags, schema.org JSON-LD, COinS, and the cite-this-page block.

Reference managers (Zotero among them) read these from a page's HTML. Every value is escaped for where it goes:
attribute values with HTML escaping, JSON-LD with ``<``, ``>`` and ``&`` as JSON escapes so that no text can
close the script element, COinS as a URL-encoded query in an escaped attribute.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibtexWriter

from review_publisher.library.bibliography import Source
from review_publisher.library.names import people, publisher
from review_publisher.render.html import element, escape


def meta_tag(name: str, content: str) -> str:
    return f'<meta name="{escape(name)}" content="{escape(content)}">'


def open_graph(title: str, site_name: str, description: str | None, url: str | None, kind: str) -> list[str]:
    """Open Graph tags, which link previews in chat and social applications read: title, site, kind, and the
    description and address when the page has them."""
    pairs = [("og:title", title), ("og:site_name", site_name), ("og:type", kind)]
    pairs += [(name, value) for name, value in (("og:description", description), ("og:url", url)) if value]
    return [f'<meta property="{escape(name)}" content="{escape(value)}">' for name, value in pairs]


def highwire_for_source(source: Source) -> list[str]:
    """The Highwire Press tags Google Scholar and Zotero read, for one library entry."""
    fields = source.fields
    tags = [meta_tag("citation_title", fields.get("title", source.key))]
    tags += [meta_tag("citation_author", f"{family}, {given}" if given else family)
             for family, given in people(source)]
    if fields.get("year"):
        tags.append(meta_tag("citation_publication_date", fields["year"]))
    published_by = publisher(source)
    if source.type in ("techreport", "report") and published_by:
        tags.append(meta_tag("citation_technical_report_institution", published_by))
        if fields.get("number"):
            tags.append(meta_tag("citation_technical_report_number", fields["number"]))
    elif published_by:
        tags.append(meta_tag("citation_publisher", published_by))
    for field_name, tag in (("journal", "citation_journal_title"), ("volume", "citation_volume"),
                            ("number", "citation_issue"), ("doi", "citation_doi"), ("isbn", "citation_isbn"),
                            ("issn", "citation_issn")):
        if fields.get(field_name) and not (field_name == "number" and source.type != "article"):
            tags.append(meta_tag(tag, fields[field_name]))
    return tags


def highwire_for_page(title: str, author: str, date: str, url: str | None) -> list[str]:
    tags = [meta_tag("citation_title", title), meta_tag("citation_author", author),
            meta_tag("citation_publication_date", date)]
    if url:
        tags.append(meta_tag("citation_public_url", url))
    return tags


def json_ld(data: dict) -> str:
    """A JSON-LD script element whose text cannot end the element early."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def schema_org(source: Source) -> dict:
    """schema.org description of one library entry."""
    fields = source.fields
    data: dict = {"@context": "https://schema.org", "@type": source.entry_type.schema_org,
                  "name": fields.get("title", source.key)}
    authors = [{"@type": "Person", "familyName": family, "givenName": given, "name": f"{given} {family}"}
               if given else {"@type": "Organization", "name": family} for family, given in people(source)]
    if authors:
        data["author"] = authors
    if fields.get("year"):
        data["datePublished"] = fields["year"]
    published_by = publisher(source)
    if published_by:
        data["publisher"] = {"@type": "Organization", "name": published_by}
    if fields.get("url"):
        data["url"] = fields["url"]
    identifiers = [value for value in (fields.get("doi") and "https://doi.org/" + fields["doi"], fields.get("isbn"),
                                       fields.get("issn")) if value]
    if identifiers:
        data["identifier"] = identifiers
    return data


def coins(source: Source) -> str:
    """A COinS span (OpenURL ContextObject), which Zotero detects on the page."""
    fields = source.fields
    pairs = [("ctx_ver", "Z39.88-2004"), ("rfr_id", "info:sid/review-publisher")]
    if source.type == "article":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", fields.get("title", "")), ("rft.jtitle", fields.get("journal", ""))]
    else:
        genre = source.entry_type.coins_genre
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre),
                  ("rft.btitle", fields.get("title", ""))]
    for family, given in people(source):
        pairs.append(("rft.au", f"{family}, {given}" if given else family))
    for field_name, key in (("year", "rft.date"), ("isbn", "rft.isbn"), ("issn", "rft.issn")):
        if fields.get(field_name):
            pairs.append((key, fields[field_name]))
    published_by = publisher(source)
    if published_by:
        pairs.append(("rft.pub", published_by))
    if fields.get("url"):
        pairs.append(("rft_id", fields["url"]))
    return element("span", "", class_="Z3988", title=urlencode(pairs))


def cite_this_page(title: str, author: str, site_name: str, date: str, url: str | None, key: str,
                   web_work: str = "website", version: str = "") -> str:
    """How to cite a page of the site, APA-like and as BibTeX, in a closed <details> block; with the edition's
    version when the review gives one (APA: "(Version 1.0)" after the title)."""
    year = date[:4]
    where = f" {escape(url)}" if url else ""
    numbered = f" (Version {escape(version)})" if version else ""
    reference = (f"{escape(author)}. ({escape(year)}). {element('em', escape(title))}. "
                 f"In {element('em', escape(site_name))}{numbered} [{escape(web_work)}].{where}")
    fields = {"title": title, "year": year,
              "note": f"In: {site_name} [{web_work}], " + (f"version {version} of {date}" if version
                                                             else f"version of {date}")}
    if version:
        fields["version"] = version
    if url:
        fields["url"] = url
    entry = Entry("online", fields=fields, persons={"author": [Person(f"{{{author}}}")]})
    # pybtex's own BibTeX writer, called directly: to_string("bibtex") looks the writer up by name through the
    # plugin registry on every call (2 ms each, once for every page of the site).
    bibtex = BibtexWriter().to_string(BibliographyData({key: entry}))
    body = (element("p", reference) + element("pre", element("code", escape(bibtex))))
    return element("details", element("summary", "Cite this page") + body, class_="review-cite-page")


# Small repairs of the theme's own HTML that accessibility checks (axe-core) flag as serious: each is a plain
# attribute added to a known element, and is skipped, never guessed at, if the theme changes that element.
THEME_REPAIRS = (
    # Material's search overlay is a dialog without a name (axe: aria-dialog-name).
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'),
)


def repair_theme(html: str) -> str:
    """The theme's HTML, or a template of it, with the repairs made."""
    for before, after in THEME_REPAIRS:
        html = html.replace(before, after, 1)
    return html
