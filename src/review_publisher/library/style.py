"""The house author-year style: an APA-like pybtex style, and the in-text labels that go with it.

References are written by one :class:`HouseStyle` (a small subclass of pybtex's ``unsrt.Style``, built from its
template language) and rendered through pybtex's HTML backend, which escapes text; links are escaped here too.
Every entry is formatted once per build (:func:`format_library`), never per citation.
"""

from __future__ import annotations

import html as _html
import re
import string
from dataclasses import dataclass

from pybtex.backends.html import Backend as HtmlBackend
from pybtex.database import BibliographyData, Entry, Person
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, href, join, names, optional, optional_field, sentence, tag

from review_publisher.library.bibliography import Library, Source
from review_publisher.library.entry_types import TYPE_KEYS
from review_publisher.library.names import family_name
from review_publisher.render.html import escape_braces

NO_DATE = "n.d."

class LinkSafeHtmlBackend(HtmlBackend):
    """pybtex's HTML backend, with the link address escaped as an attribute value."""

    def format_href(self, url, text, external=False):
        return f'<a href="{_html.escape(url, quote=True)}">{text}</a>' if text else ""


class CardBackend(HtmlBackend):
    """For hover cards: the same text without links, so that a hidden card holds nothing focusable."""

    def format_href(self, url, text, external=False):
        return text


date = join["(", field("yearlabel", raw=True), ")"]
link = optional[href(field("linkurl", raw=True))[field("linkurl", raw=True)]]


def _title(detail=None, brackets="()"):
    title = tag("em")[field("title", raw=True)]
    if detail is None:
        return title
    return join[title, optional[" " + brackets[0], detail, brackets[1]]]


class HouseStyle(UnsrtStyle):
    """APA-like: ``Authors. (Year). *Title* (Type Number). Institution. URL``."""

    default_name_style = "lastfirst"
    default_sorting_style = "author_year_title"

    def __init__(self) -> None:
        super().__init__(abbreviate_names=True)

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=", & ", last_sep=", & ")
        return sentence[formatted] if as_sentence else formatted

    def _lead(self, e, title_block):
        """Who is responsible, or the title in their place when nobody is named (APA)."""
        if e.persons.get("author"):
            return self.format_names("author"), [sentence[title_block]]
        if e.persons.get("editor"):
            label = " (Eds.)" if len(e.persons["editor"]) > 1 else " (Ed.)"
            return sentence[join[self.format_names("editor", as_sentence=False), label]], [sentence[title_block]]
        return sentence[title_block], []

    def _publisher(self, e, name):
        """The institution or publisher, left out when it is also the (corporate) author, as APA does."""
        authors = e.persons.get("author", [])
        if len(authors) == 1 and " ".join(authors[0].last_names) == e.fields.get(name):
            return []
        return [optional[sentence[field(name, raw=True)]]]

    def _report(self, e):
        detail = None
        if e.fields.get("type") or e.fields.get("number"):
            detail = join(sep=" ")[optional_field("type", raw=True), optional_field("number", raw=True)]
        lead, title = self._lead(e, _title(detail))
        return join(sep=" ")[lead, sentence[date], *title, *self._publisher(e, "institution"), link]

    get_techreport_template = _report
    get_report_template = _report

    def get_misc_template(self, e):
        lead, title = self._lead(e, _title(field("howpublished", raw=True), "[]"))
        return join(sep=" ")[lead, sentence[date], *title, *self._publisher(e, "organization"), link]

    def get_book_template(self, e):
        lead, title = self._lead(e, _title(field("edition", raw=True)))
        return join(sep=" ")[lead, sentence[date], *title, *self._publisher(e, "publisher"), link]

    def get_online_template(self, e):
        lead, title = self._lead(e, _title())
        return join(sep=" ")[lead, sentence[date], *title, *self._publisher(e, "organization"), link]

    def get_chapter_template(self, e):
        """A chapter or paper in a book or proceedings: ``Authors. (Year). Title. In Editors (Eds.), *Book*
        (pp. pages). Publisher. URL``."""
        editors = optional[join[self.format_names("editor", as_sentence=False), " (Eds.), "]] \
            if len(e.persons.get("editor", [])) > 1 else \
            optional[join[self.format_names("editor", as_sentence=False), " (Ed.), "]]
        pages = optional[join[" (pp. ", field("pages", raw=True), ")"]]
        container = sentence[join["In ", editors, tag("em")[field("booktitle", raw=True)], pages]]
        lead, title = self._lead(e, field("title", raw=True))
        return join(sep=" ")[lead, sentence[date], *title, optional[container], *self._publisher(e, "publisher"),
                             link]

    def get_article_template(self, e):
        volume = optional[join[", ", tag("em")[field("volume", raw=True)],
                               optional["(", field("number", raw=True), ")"]]]
        pages = optional[join[", ", field("pages", raw=True)]]
        journal = sentence[join[tag("em")[field("journal", raw=True)], volume, pages]]
        if e.persons.get("author"):
            lead, rest = self.format_names("author"), [sentence[field("title", raw=True)], journal]
        else:
            lead, rest = sentence[field("title", raw=True)], [journal]
        return join(sep=" ")[lead, sentence[date], *rest, link]


@dataclass(frozen=True)
class FormattedSource:
    """Everything the site shows of one source, computed once per build."""

    key: str
    names: str  # in-text: "Tjønneland et al.", "Borchgrevink & Skard", "FK Norway"
    year: str  # "2016", "2016a", "n.d.", "n.d.-b"
    reference_html: str  # the full reference, with links
    card_html: str  # the full reference, without links
    type_label: str
    sort_key: tuple


def person_surname(person: Person) -> str:
    return family_name(person)


def names_label(source: Source) -> str:
    """The names part of an in-text citation.

    APA: one or two names in full, three or more as the first name and "et al."; a corporate author in full;
    with nobody named, the title.
    """
    people = source.persons.get("author") or source.persons.get("editor") or []
    surnames = [person_surname(person) for person in people]
    if not surnames:
        return source.fields.get("title", source.key)
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} & {surnames[1]}"
    return f"{surnames[0]} et al."


def year_labels(library: Library) -> dict[str, str]:
    """The year of each entry as cited: "n.d." without one, and a, b, ... for the same names and year."""
    groups: dict[tuple[str, str], list[Source]] = {}
    for source in library.sources.values():
        groups.setdefault((names_label(source), source.year or NO_DATE), []).append(source)
    labels = {}
    for (_, year), sources in groups.items():
        if len(sources) == 1:
            labels[sources[0].key] = year
            continue
        ordered = sorted(sources, key=lambda s: (s.fields.get("title", "").casefold(), s.key))
        for index, source in enumerate(ordered):
            letter = year_suffix(index)
            labels[source.key] = f"{year}-{letter}" if year == NO_DATE else f"{year}{letter}"
    return labels


def year_suffix(index: int) -> str:
    """a, b, ..., z, then aa, ab, ...: so that any number of works of one author and year stay apart.

    >>> [year_suffix(i) for i in (0, 1, 25, 26, 27, 701, 702)]
    ['a', 'b', 'z', 'aa', 'ab', 'zz', 'aaa']
    """
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_lowercase[remainder] + letters
    return letters


def format_library(library: Library) -> dict[str, FormattedSource]:
    """Format every entry once, with one style and one backend of each kind."""
    style, backend, card_backend = HouseStyle(), LinkSafeHtmlBackend(), CardBackend()
    years = year_labels(library)
    entries = BibliographyData()
    for key, source in library.sources.items():
        entries.add_entry(key, _formatting_entry(source, years[key]))
    formatted = {}
    for key, source in library.sources.items():
        text = style.format_entry(key, entries.entries[key], bib_data=entries).text
        names = names_label(source)
        formatted[key] = FormattedSource(
            key=key,
            names=names,
            year=years[key],
            reference_html=escape_braces(text.render(backend)),
            card_html=escape_braces(text.render(card_backend)),
            type_label=type_label(source),
            sort_key=(names.casefold(), years[key], source.fields.get("title", "").casefold(), key),
        )
    return formatted


def type_label(source: Source) -> str:
    """How the document calls itself ("Evaluation Department Report"), else what its entry type means."""
    written = source.fields.get("type", "").strip()
    return TYPE_KEYS.get(written.lower(), written) if written else source.entry_type.label


# The template each CSL type is written with.
_TEMPLATES = {"article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
              "book": "book", "pamphlet": "book", "report": "report", "thesis": "report", "standard": "report",
              "patent": "report", "chapter": "chapter", "paper-conference": "chapter",
              "entry-encyclopedia": "chapter", "webpage": "online"}


def _formatting_entry(source: Source, year_label: str) -> Entry:
    fields = dict(source.fields)
    fields["yearlabel"] = year_label
    if source.fields.get("doi"):
        fields["linkurl"] = "https://doi.org/" + re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", source.fields["doi"])
    elif source.fields.get("url"):
        fields["linkurl"] = source.fields["url"]
    if "journal" not in fields and fields.get("journaltitle"):
        fields["journal"] = fields["journaltitle"]
    if "publisher" not in fields:
        fields["publisher"] = fields.get("institution") or fields.get("school") or fields.get("organization") or ""
        if not fields["publisher"]:
            del fields["publisher"]
    if "institution" not in fields and fields.get("publisher"):
        fields["institution"] = fields["publisher"]
    if fields.get("type"):
        fields["type"] = type_label(source)
    template = _TEMPLATES.get(source.entry_type.csl, "misc")
    return Entry(template, fields=fields, persons={role: people for role, people in source.persons.items()
                                                      if people})
