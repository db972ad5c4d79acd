"""The site's stable addresses: where each source's page is, and the anchors of citations, cards, findings,
references and messages. Editors and other sites link to these (CONTRIBUTING documents some), so they are
made here and nowhere else, and a test checks the documented ones against a build."""

from __future__ import annotations

import re
import unicodedata


def source_slug(key: str) -> str:
    """A library key as a file and URL name: letters of any script, digits, '_', '.' and '-' stay (иванов2019
    keeps its name); anything else becomes '-'. Two keys that would share a name are refused at load."""
    return re.sub(r"[^\w.-]", "-", unicodedata.normalize("NFC", key))


def source_page_path(key: str) -> str:
    """The generated page of a key, as a path below docs_dir: ``sources/<key>.md`` (served at ``sources/<key>/``)."""
    return f"sources/{source_slug(key)}.md"


def download_path(key: str, extension: str) -> str:
    """A generated download beside the source page: ``sources/<key>/<key>.bib``."""
    return f"sources/{source_slug(key)}/{source_slug(key)}.{extension}"


def pandoc_citation_anchor(number: int) -> str:
    """The n-th pandoc-style citation of a page, counted in document order: ``cite-<n>``."""
    return f"cite-{number}"


def macro_citation_anchor(number: int) -> str:
    """The n-th ``cite``/``citet`` call of a page, counted in rendering order: ``cite-m<n>``."""
    return f"cite-m{number}"


def card_anchor(citation: str, index: int) -> str:
    """The hover card of the index-th source of a citation."""
    return f"card-{citation}-{index}"


def table_card_anchor(key: str) -> str:
    """The hover card of a source shown in an evidence table."""
    return f"card-{key}"


def finding_anchor(finding_id: str) -> str:
    """A finding, in the findings index or its area's chapter: ``finding-<id>``."""
    return f"finding-{finding_id}"


def source_row_anchor(key: str) -> str:
    """A source's row in a sources table: ``source-<key>``."""
    return f"source-{key}"


def reference_anchor(key: str) -> str:
    """A reference in a page's reference list or the bibliography: ``ref-<key>``."""
    return f"ref-{key}"


def message_anchor(diagnostic_id: str) -> str:
    """A message's row on the page *Build messages*: ``id-<id>``."""
    return f"id-{diagnostic_id}"
