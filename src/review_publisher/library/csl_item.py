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
                 "jstor": "https://www.jstor.org/stable/{}"}


def csl_name(person: Person) -> dict[str, str]:
    """A name as CSL-JSON: family, given, particles and suffix; an organisation as a literal.

    >>> csl_name(Person("van Gogh, Vincent"))
    {'family': 'Gogh', 'given': 'Vincent', 'non-dropping-particle': 'van'}
    >>> csl_name(Person("King, Jr., Martin Luther"))
    {'family': 'King', 'given': 'Martin Luther', 'suffix': 'Jr.'}
    >>> csl_name(Person("Brandt, Ahasver von"))
    {'family': 'Brandt', 'given': 'Ahasver', 'dropping-particle': 'von'}
    """
    given = person.first_names + person.middle_names
    particle: list[str] = []
    while given and given[-1][:1].islower():  # "Brandt, Ahasver von": biblatex reads "von" as a particle
        particle.insert(0, given.pop())
    name: dict[str, str] = {"family": " ".join(person.last_names)}
    if not given and not person.prelast_names and not particle and not person.lineage_names:
        return {"literal": name["family"]} if " " in name["family"] else name
    if given:
        name["given"] = " ".join(given)
    if particle:
        name["dropping-particle"] = " ".join(particle)
    if person.prelast_names:
        name["non-dropping-particle"] = " ".join(person.prelast_names)
    if person.lineage_names:
        name["suffix"] = " ".join(person.lineage_names)
    return name


def sentence_case(text: str) -> str:
    """Title case to sentence case, as pandoc does: a word written as a capital and small letters becomes small
    unless it begins the title or follows a colon, a full stop, a question or an exclamation mark. Words with
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
            out.append("-".join(_lower_word(part, start_of_sentence and index == 0)
                                for index, part in enumerate(token.split("-"))))
        start_of_sentence = token[-1] in ":.?!" and not re.fullmatch(r"[A-Z]\.", token)
    return "".join(out)


def _lower_word(word: str, keep: bool) -> str:
    letters = re.sub(r"[\W\d_]+$", "", re.sub(r"^[\W\d_]+", "", word))
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
    if title:
        item["title"] = title
    if fields.get("shorttitle"):
        item["title-short"] = _title(source, "shorttitle", sentence=sentence)
    container = _container(source, sentence)
    if container:
        item["container-title"] = container
    if fields.get("maintitle") and record.csl in ("book", "chapter"):
        item["volume-title" if fields.get("title") else "title"] = title
        item["title"] = _title(source, "maintitle", "mainsubtitle", "maintitleaddon", sentence=sentence)
    for role, people in source.persons.items():
        if role in _CSL_ROLES and people:
            item.setdefault(_CSL_ROLES[role], []).extend(csl_name(person) for person in people)
    if source.date:
        item["issued"] = source.date.csl()
    for name, csl in (("urldate", "accessed"), ("origdate", "original-date"), ("eventdate", "event-date")):
        date = parse_date(fields.get(name, "")) if fields.get(name) else None
        if date:
            item[csl] = date.csl()
    publisher = fields.get("publisher") or fields.get("institution") or fields.get("school") \
        or fields.get("organization")
    genre = _genre(source)
    values = {
        "publisher": publisher, "publisher-place": fields.get("location") or fields.get("address"),
        "collection-title": fields.get("series"), "volume": fields.get("volume"),
        "number-of-volumes": fields.get("volumes"), "edition": ordinal(fields["edition"]) if fields.get("edition")
        else None, "page": (fields.get("pages") or "").replace("--", "\u2013") or None,
        "number-of-pages": fields.get("pagetotal"), "genre": genre, "chapter-number": fields.get("chapter"),
        "event-title": fields.get("eventtitle"), "event-place": fields.get("venue"), "version": fields.get("version"),
        "ISBN": fields.get("isbn"), "ISSN": fields.get("issn"), "DOI": fields.get("doi"), "URL": _url(source),
        "note": fields.get("note") if source.type != "misc" else None, "status": fields.get("pubstate"),
        "medium": fields.get("howpublished") if source.type in ("misc", "booklet") else None,
    }
    number = fields.get("number") or fields.get("issue")
    if number:
        values["issue" if record.csl.startswith("article") else "number"] = number
    item.update({name: value for name, value in values.items() if value})
    return item


def _container(source: Source, sentence: bool) -> str:
    if source.entry_type.csl.startswith("article") or source.type == "review":
        return source.fields.get("journal") or _title(source, "journaltitle", "journalsubtitle", sentence=False)
    return _title(source, "booktitle", "booksubtitle", "booktitleaddon", sentence=sentence)


def _genre(source: Source) -> str | None:
    """What the document calls itself ('Working paper'), or what a biblatex type key or the entry type says."""
    written = source.fields.get("type", "").strip()
    if written:
        return TYPE_KEYS.get(written.lower(), written)
    return source.entry_type.genre or None


def _url(source: Source) -> str | None:
    """The document's address: its url, else a link made from its eprint (arXiv, handle, PubMed, ...)."""
    if source.fields.get("url"):
        return source.fields["url"]
    eprint = source.fields.get("eprint", "").strip()
    kind = (source.fields.get("eprinttype") or source.fields.get("archiveprefix") or "").strip().lower()
    if eprint and kind in _EPRINT_LINKS:
        return _EPRINT_LINKS[kind].format(eprint)
    return None
