"""What each BibTeX entry type is, in one record: what the house style needs, how the site names and groups it,
and what it is called in CSL, RIS, schema.org and COinS. Adding a type is one record here (and a test with a
real entry of that type); every table the other modules use is derived from these records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntryType:
    name: str  # the BibTeX type, lower case
    required: tuple[str, ...]  # fields the house style needs; a missing year is shown as "n.d."
    label: str  # on hover cards and source pages
    group: str  # the bibliography's heading
    csl: str  # CSL-JSON "type"
    ris: str  # RIS "TY"
    schema_org: str  # schema.org "@type" in JSON-LD
    coins_genre: str  # OpenURL rft.genre (journal articles use the journal format)


ENTRY_TYPES: tuple[EntryType, ...] = (
    EntryType("article", ("title", "journal"), "Journal article", "Journal articles", "article-journal", "JOUR",
              "ScholarlyArticle", "article"),
    EntryType("book", ("title", "publisher"), "Book", "Books", "book", "BOOK", "Book", "book"),
    EntryType("techreport", ("title", "institution"), "Report", "Reports", "report", "RPRT", "Report", "report"),
    EntryType("report", ("title", "institution"), "Report", "Reports", "report", "RPRT", "Report", "report"),
    EntryType("misc", ("title",), "Document", "Presentations and other documents", "document", "GEN",
              "CreativeWork", "document"),
    EntryType("online", ("title", "url"), "Web page", "Web pages", "webpage", "ELEC", "WebPage", "document"),
)
BY_NAME: dict[str, EntryType] = {entry_type.name: entry_type for entry_type in ENTRY_TYPES}

REQUIRED_FIELDS = {t.name: t.required for t in ENTRY_TYPES}
TYPE_LABELS = {t.name: t.label for t in ENTRY_TYPES}
TYPE_GROUPS = {t.name: t.group for t in ENTRY_TYPES}
CSL_TYPES = {t.name: t.csl for t in ENTRY_TYPES}
RIS_TYPES = {t.name: t.ris for t in ENTRY_TYPES}
SCHEMA_TYPES = {t.name: t.schema_org for t in ENTRY_TYPES}
COINS_GENRES = {t.name: t.coins_genre for t in ENTRY_TYPES}
