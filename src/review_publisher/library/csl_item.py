"""One library entry as a CSL-JSON item: the single reading of an entry that every output starts from.

The formatted references (through a CSL style), the CSL-JSON, RIS and metadata exports all take their values
from :func:`csl_item`, so they cannot disagree. The reading follows biblatex's own model and pandoc's biblatex
reader: names keep their particles and suffixes, dates keep days and ranges, titles of works are put into
sentence case (words the library protects with braces keep their case), and periodicals keep title case.
"""

from __future__ import annotations

import re

from pybtex.database import Person

from review_publisher.library.biblatex import ordinal, parse_date
from review_publisher.library.bibliography import Source
from review_publisher.library.entry_types import TYPE_KEYS
from review_publisher.library.latex import PROTECT_END, PROTECT_START, strip_protection

_CSL_ROLES = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author",
              "director": "director", "holder": "author"}
_ENGLISH = {"english", "american", "british", "canadian", "australian", "newzealand", "usenglish", "ukenglish",
            "en", "en-us", "en-gb", "en-au", "en-ca", "en-nz"}
_EPRINT_LINKS = {"arxiv": "https://arxiv.org/abs/{}", "hdl": "https://hdl.handle.net/{}",
                 "handle": "https://hdl.handle.net/{}", "doi": "https://doi.org/{}",
                 "pubmed": "https://pubmed.ncbi.nlm.nih.gov/{}",
                 "jstor": "https://www.jstor.org/stable/{}", "googlebooks": "https://books.google.com?id={}"}


def csl_name(person: Person, use_prefix: bool = False) -> dict[str, str]:
    """A name as CSL-JSON: family, given, particles and suffix; an organisation as a literal.

    >>> csl_name(Person("von Solms, Rossouw"))
    {'family': 'Solms', 'given': 'Rossouw', 'dropping-particle': 'von'}
    >>> csl_name(Person("King, Jr., Martin Luther"))
    {'family': 'King', 'given': 'Martin Luther', 'suffix': 'Jr.'}
    >>> csl_name(Person("Brandt, Ahasver von"))
    {'family': 'Brandt', 'given': 'Ahasver von'}
    >>> csl_name(Person("Van den Noortgate, Wim"))
    {'family': 'Van den Noortgate', 'given': 'Wim'}
    """
    # "Brandt, Ahasver von": a particle written after the given names stays with them, as biblatex reads it.
    # A particle before the family name ("von Solms") is sorted and listed under S ("Solms, R. von"): a dropping
    # particle; with biblatex's useprefix, or written with a capital ("Van den Noortgate"), it is the family name's.
    given = person.first_names + person.middle_names
    name: dict[str, str] = {"family": " ".join(person.last_names)}
    if not given and not person.prelast_names and not person.lineage_names:
        return {"literal": name["family"]} if " " in name["family"] else name
    particles = person.prelast_names
    if particles and (use_prefix or any(word[:1].isupper() for word in particles)):
        name["family"] = " ".join(particles + person.last_names)
        particles = []
    if given:
        name["given"] = " ".join(given)
    if particles:
        name["dropping-particle"] = " ".join(particles)
    if person.lineage_names:
        name["suffix"] = " ".join(person.lineage_names)
    return name


def sentence_case(text: str) -> str:
    """Title case to sentence case, as pandoc does: a word written as a capital and small letters becomes small
    unless it begins the title or follows a colon, a question or an exclamation mark. Words with
    other capitals (NATO, iPhone, McDonald) and words the library protects with braces keep their case.

    >>> sentence_case("The Value of Flexible Work: Evidence from \\ue010Uber\\ue011 Drivers in the USA")
    'The value of flexible work: Evidence from Uber drivers in the USA'
    >>> sentence_case("Higher-Dimensional Algebra V: 2-Groups")
    'Higher-dimensional algebra V: 2-groups'
    """
    out: list[str] = []
    depth = 0
    start_of_sentence = True
    for token in re.split(r"(\s+|[\ue010\ue011])", text):
        if token == PROTECT_START:
            depth += 1
            continue
        if token == PROTECT_END:
            depth = max(depth - 1, 0)
            continue
        if not token or token.isspace():
            out.append(token)
            continue
        if depth:
            out.append(token)
        else:
            parts = re.split(r"([-\u2013\u2014/])", token)
            after_colon = start_of_sentence and bool(out) and not out_is_title_start(out)
            out.append("".join(_lower_word(part, start_of_sentence and index == 0, after_colon and index == 0)
                               if index % 2 == 0 else part for index, part in enumerate(parts)))
        # A new sentence after a colon, a question or an exclamation mark; a full stop is too often an
        # abbreviation ("Proc.", "Conf.") to tell.
        start_of_sentence = token[-1] in ":?!"
    return "".join(out)


def out_is_title_start(out: list[str]) -> bool:
    return not "".join(out).strip()


def _lower_word(word: str, keep: bool, capital: bool = False) -> str:
    letters = re.sub(r"[\W\d_]+$", "", re.sub(r"^[\W\d_]+", "", word))
    if capital and letters[:1].islower() and letters.isalpha():  # APA: a capital after a colon
        at = word.index(letters[0])
        return word[:at] + letters[0].upper() + word[at + 1:]
    if keep or not letters or not letters[0].isupper() or len(letters) < 2:
        return word
    rest = letters[1:]
    if not rest.replace("'", "").replace("\u2019", "").isalpha() or rest != rest.lower():
        return word  # iPhone, NATO, McDonald, 2-Groups' digits: as written
    at = word.index(letters[0])
    return word[:at] + letters[0].lower() + word[at + 1:]


def _title(source: Source, *names: str, sentence: bool) -> str:
    """A title and its subtitle and addon, joined as biblatex joins them."""
    parts: list[str] = []
    for index, name in enumerate(names):
        text = source.protected.get(name) or source.fields.get(name, "")
        if not text:
            continue
        text = sentence_case(text) if sentence else text
        text = strip_protection(text)
        if index and parts:
            separator = ". " if name.endswith("addon") else ": "
            parts.append(separator + (text[:1].upper() + text[1:] if sentence and separator == ": " else text))
        else:
            parts.append(text)
    return "".join(parts)


def is_english(source: Source) -> bool:
    language = (source.fields.get("langid") or source.fields.get("language") or "english").strip().lower()
    return language in _ENGLISH


def csl_item(source: Source) -> dict:
    """One entry as CSL-JSON (what Zotero, pandoc and citeproc read)."""
    fields = source.fields
    record = source.entry_type
    sentence = is_english(source)
    item: dict = {"id": source.key, "type": record.csl}
    if source.type == "article" and fields.get("entrysubtype", "").lower() in ("magazine", "newspaper"):
        item["type"] = f"article-{fields['entrysubtype'].lower()}"
    title = _title(source, "title", "subtitle", "titleaddon", sentence=sentence)
    if source.type == "periodical":  # biblatex: the periodical is the title, its issue the issuetitle
        item["container-title"] = _title(source, "title", "subtitle", sentence=False)
        title = _title(source, "issuetitle", "issuesubtitle", sentence=sentence)
    if title:
        item["title"] = title
    if fields.get("shorttitle"):
        item["title-short"] = _title(source, "shorttitle", sentence=sentence)
    container = _container(source, sentence)
    if container and "container-title" not in item:
        item["container-title"] = container
    main = _title(source, "maintitle", "mainsubtitle", "maintitleaddon", sentence=sentence)
    if main and item.get("container-title"):  # a part of one volume of a multi-volume work
        item["volume-title"], item["container-title"] = item["container-title"], main
    elif main and title:  # one volume of a multi-volume work
        item["volume-title"], item["title"] = title, main
    use_prefix = bool(re.search(r"useprefix(?:\s*=\s*true)?\b(?!\s*=\s*false)",
                                source.as_written().fields.get("options", "")))
    for role, people in source.persons.items():
        if role in _CSL_ROLES and people:
            item.setdefault(_CSL_ROLES[role], []).extend(csl_name(person, use_prefix) for person in people)
    if source.date:
        item["issued"] = source.date.csl()
    for name, csl in (("urldate", "accessed"), ("origdate", "original-date"), ("eventdate", "event-date")):
        date = parse_date(fields.get(name, "")) if fields.get(name) else None
        if date:
            item[csl] = date.csl()
    publisher = fields.get("publisher") or fields.get("institution") or fields.get("school") \
        or fields.get("organization")
    series = fields.get("series")
    if series and series.isdigit():  # biblatex: a numbered series of a journal is "3rd Series"
        series = f"{ordinal(series)} Series"
    if series and item["type"].startswith("article"):
        item["container-title"] = ", ".join(filter(None, [item.get("container-title"),
                                                          _SERIES_KEYS.get(series.lower(), series)]))
        series = None
    volume = fields.get("volume")
    if volume and fields.get("part"):
        volume = f"{volume}.{fields['part']}"
    genre = _genre(source)
    values = {
        "publisher": publisher, "publisher-place": fields.get("location") or fields.get("address"),
        "collection-title": series, "volume": volume,
        "number-of-volumes": fields.get("volumes"), "edition": ordinal(fields["edition"]) if fields.get("edition")
        else None, "page": (fields.get("pages") or "").replace("--", "\u2013") or None,
        "number-of-pages": fields.get("pagetotal"), "genre": genre, "chapter-number": fields.get("chapter"),
        "event-title": fields.get("eventtitle"), "event-place": fields.get("venue"), "version": fields.get("version"),
        "ISBN": fields.get("isbn"), "ISSN": fields.get("issn"), "DOI": fields.get("doi"), "URL": _url(source),
        "note": fields.get("note"), "status": fields.get("pubstate"),
        "medium": fields.get("howpublished") if source.type in ("misc", "booklet")
        and not re.match(r"https?://", fields.get("howpublished", "")) else None,
    }
    number = fields.get("number") or fields.get("issue")
    if number:
        values[_NUMBER_AS.get(record.csl, "number")] = number
    item.update({name: value for name, value in values.items() if value})
    return _typographic(item)


# What biblatex's `number` means for each kind of document.
_NUMBER_AS = {"article-journal": "issue", "article-magazine": "issue", "article-newspaper": "issue",
              "book": "collection-number", "chapter": "collection-number", "paper-conference": "collection-number",
              "entry-encyclopedia": "collection-number", "thesis": "collection-number"}
_SERIES_KEYS = {"newseries": "New Series", "oldseries": "Old Series"}
_NOT_TEXT = {"id", "type", "URL", "DOI", "ISBN", "ISSN"}


def _typographic(item: dict) -> dict:
    """Typewriter apostrophes as typographic ones (’), as pandoc prints them, in every text of the item."""
    def fix(value):
        if isinstance(value, str):
            return value.replace("'", "\u2019")
        if isinstance(value, list):
            return [fix(part) for part in value]
        if isinstance(value, dict):
            return {key: fix(part) if key != "date-parts" else part for key, part in value.items()}
        return value

    return {key: value if key in _NOT_TEXT else fix(value) for key, value in item.items()}


def _container(source: Source, sentence: bool) -> str:
    """The periodical (kept in title case) or the book (in sentence case) that holds the document."""
    journal = _title(source, "journaltitle", "journalsubtitle", sentence=False) or source.fields.get("journal", "")
    if journal:
        return journal
    if source.entry_type.csl not in _IN_A_BOOK:  # a collection's own booktitle is for its chapters to inherit
        return ""
    return _title(source, "booktitle", "booksubtitle", "booktitleaddon", sentence=sentence)


_IN_A_BOOK = {"chapter", "paper-conference", "entry-encyclopedia"}


def _genre(source: Source) -> str | None:
    """What the document calls itself ('Working paper'), or what a biblatex type key or the entry type says."""
    written = source.fields.get("type", "").strip()
    if written:
        return TYPE_KEYS.get(written.lower(), written)
    return source.entry_type.genre or None


def _url(source: Source) -> str | None:
    """The document's address: its url, else a link made from its eprint (arXiv, handle, PubMed, ...), else an
    address that is all its howpublished says (as Zotero's BibTeX export writes web pages)."""
    if source.fields.get("url"):
        return source.fields["url"]
    published = source.fields.get("howpublished", "").strip()
    if re.fullmatch(r"https?://\S+", published):
        return published
    eprint = source.fields.get("eprint", "").strip()
    kind = (source.fields.get("eprinttype") or source.fields.get("archiveprefix") or "").strip().lower()
    if eprint and kind in _EPRINT_LINKS:
        return _EPRINT_LINKS[kind].format(eprint)
    return None
