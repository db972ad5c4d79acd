"""What each BibTeX and biblatex entry type is, in one record: how the site names and groups it, and what it is
called in CSL, RIS, schema.org and COinS. Adding a type is one record here; every table the other modules use is
derived from these records. A type not listed is read as @misc (with a note that names it), never refused.

The CSL types follow the mapping pandoc's biblatex reader uses, so that a library formats as pandoc would.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntryType:
    name: str  # the BibTeX/biblatex type, lower case
    label: str  # on hover cards and source pages
    group: str  # the bibliography's heading
    csl: str  # CSL-JSON "type"
    ris: str  # RIS "TY"
    schema_org: str  # schema.org "@type" in JSON-LD
    coins_genre: str  # OpenURL rft.genre (journal articles use the journal format)
    genre: str = ""  # what the type itself says of the document ("Doctoral dissertation"), if anything
    required: tuple[str, ...] = ("title",)  # without these an entry cannot be shown at all


def _types(*records: EntryType) -> dict[str, EntryType]:
    return {record.name: record for record in records}


ARTICLES, BOOKS, CHAPTERS, PAPERS = "Journal articles", "Books", "Book chapters", "Conference papers"
REPORTS, THESES, WEB, DATA, OTHER = "Reports", "Theses", "Web pages", "Data and software", "Other documents"

ENTRY_TYPES: dict[str, EntryType] = _types(
    EntryType("article", "Journal article", ARTICLES, "article-journal", "JOUR", "ScholarlyArticle", "article"),
    EntryType("periodical", "Periodical", ARTICLES, "article-journal", "JFULL", "Periodical", "journal"),
    EntryType("suppperiodical", "Periodical supplement", ARTICLES, "article-journal", "JOUR", "ScholarlyArticle",
              "article"),
    EntryType("book", "Book", BOOKS, "book", "BOOK", "Book", "book"),
    EntryType("mvbook", "Multi-volume book", BOOKS, "book", "BOOK", "Book", "book"),
    EntryType("collection", "Edited book", BOOKS, "book", "EDBOOK", "Book", "book"),
    EntryType("mvcollection", "Multi-volume edited book", BOOKS, "book", "EDBOOK", "Book", "book"),
    EntryType("proceedings", "Conference proceedings", BOOKS, "book", "CONF", "Book", "proceeding"),
    EntryType("mvproceedings", "Conference proceedings", BOOKS, "book", "CONF", "Book", "proceeding"),
    EntryType("reference", "Reference work", BOOKS, "book", "ENCYC", "Book", "book"),
    EntryType("mvreference", "Reference work", BOOKS, "book", "ENCYC", "Book", "book"),
    EntryType("booklet", "Booklet", BOOKS, "pamphlet", "PAMP", "Book", "book"),
    EntryType("inbook", "Book chapter", CHAPTERS, "chapter", "CHAP", "Chapter", "bookitem"),
    EntryType("bookinbook", "Book in a book", CHAPTERS, "chapter", "CHAP", "Chapter", "bookitem"),
    EntryType("suppbook", "Book supplement", CHAPTERS, "chapter", "CHAP", "Chapter", "bookitem"),
    EntryType("incollection", "Book chapter", CHAPTERS, "chapter", "CHAP", "Chapter", "bookitem"),
    EntryType("suppcollection", "Book supplement", CHAPTERS, "chapter", "CHAP", "Chapter", "bookitem"),
    EntryType("inreference", "Encyclopedia entry", CHAPTERS, "entry-encyclopedia", "ENCYC", "Article",
              "bookitem"),
    EntryType("inproceedings", "Conference paper", PAPERS, "paper-conference", "CPAPER", "ScholarlyArticle",
              "proceeding"),
    EntryType("conference", "Conference paper", PAPERS, "paper-conference", "CPAPER", "ScholarlyArticle",
              "proceeding"),
    EntryType("report", "Report", REPORTS, "report", "RPRT", "Report", "report"),
    EntryType("techreport", "Report", REPORTS, "report", "RPRT", "Report", "report"),
    EntryType("manual", "Manual", REPORTS, "report", "RPRT", "Book", "document"),
    EntryType("standard", "Standard", REPORTS, "standard", "STAND", "CreativeWork", "document"),
    EntryType("patent", "Patent", REPORTS, "patent", "PAT", "CreativeWork", "document"),
    EntryType("thesis", "Thesis", THESES, "thesis", "THES", "Thesis", "document"),
    EntryType("phdthesis", "Doctoral dissertation", THESES, "thesis", "THES", "Thesis", "document",
              genre="Doctoral dissertation"),
    EntryType("mastersthesis", "Master's thesis", THESES, "thesis", "THES", "Thesis", "document",
              genre="Master's thesis"),
    EntryType("online", "Web page", WEB, "webpage", "ELEC", "WebPage", "document"),
    EntryType("www", "Web page", WEB, "webpage", "ELEC", "WebPage", "document"),
    EntryType("electronic", "Web page", WEB, "webpage", "ELEC", "WebPage", "document"),
    EntryType("dataset", "Dataset", DATA, "dataset", "DATA", "Dataset", "document"),
    EntryType("software", "Software", DATA, "software", "COMP", "SoftwareSourceCode", "document"),
    EntryType("unpublished", "Unpublished manuscript", OTHER, "manuscript", "UNPB", "CreativeWork", "document"),
    EntryType("misc", "Document", OTHER, "document", "GEN", "CreativeWork", "document"),
    EntryType("letter", "Letter", OTHER, "personal_communication", "PCOMM", "CreativeWork", "document"),
    EntryType("review", "Review", OTHER, "review", "JOUR", "Review", "article"),
    EntryType("artwork", "Artwork", OTHER, "graphic", "ART", "VisualArtwork", "document"),
    EntryType("image", "Image", OTHER, "graphic", "ART", "ImageObject", "document"),
    EntryType("audio", "Audio recording", OTHER, "song", "SOUND", "AudioObject", "document"),
    EntryType("music", "Music recording", OTHER, "song", "MUSIC", "MusicRecording", "document"),
    EntryType("video", "Video", OTHER, "motion_picture", "VIDEO", "VideoObject", "document"),
    EntryType("movie", "Film", OTHER, "motion_picture", "MPCT", "Movie", "document"),
    EntryType("performance", "Performance", OTHER, "speech", "GEN", "Event", "document"),
    EntryType("legislation", "Legislation", OTHER, "legislation", "STAT", "Legislation", "document"),
    EntryType("jurisdiction", "Court decision", OTHER, "legal_case", "CASE", "CreativeWork", "document"),
)
MISC = ENTRY_TYPES["misc"]
# biblatex entries that only group others, never shown as documents of their own.
CONTAINERS_ONLY = frozenset({"set", "xdata"})


def entry_type(name: str) -> EntryType:
    """The record of a type; @misc for a type this registry does not know (the loader notes which)."""
    return ENTRY_TYPES.get(name.lower(), MISC)


# What the biblatex `type` field's standard keys mean, as APA and citation managers print them.
TYPE_KEYS = {
    "mathesis": "Master's thesis", "phdthesis": "Doctoral dissertation", "candthesis": "Candidate thesis",
    "techreport": "Technical report", "resreport": "Research report", "software": "Computer software",
    "datacd": "Data CD", "audiocd": "Audio CD", "patent": "Patent", "patentde": "German patent",
    "patenteu": "European patent", "patentfr": "French patent", "patentuk": "British patent",
    "patentus": "U.S. patent", "patreq": "Patent request", "patreqde": "German patent request",
    "patreqeu": "European patent request", "patreqfr": "French patent request",
    "patrequk": "British patent request", "patrequs": "U.S. patent request",
}
