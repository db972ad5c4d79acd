"""Reading one page: what it holds whatever the library and data say, so that it can be kept while the file is
unchanged: its problems of form, its title, headings, macro calls and pandoc citations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from review_publisher.cache.disk_cache import Verdicts
from review_publisher.content.citations import fenced_blocks, headings
from review_publisher.content.code_regions import RESERVED, Protected, protect
from review_publisher.content.kept_citations import pandoc_citations
from review_publisher.content.page_source import decode_page, read_page_source
from review_publisher.diagnostics import Diagnostics
from review_publisher.files import read_text
from review_publisher.gates.content_gate import environment_markers, scan_page
from review_publisher.page_macros.registry import MacroFunction
from review_publisher.settings import FrontMatterReader

# Characters a page's file name may not hold: MkDocs makes titles and addresses of file names.
_UNSAFE_NAME = re.compile(r"[<>{}%\x00-\x1f\"'`]")

@dataclass
class PageAnalysis:
    """What reading one page gives, whatever the library and data say (so it can be kept while the file is
    unchanged): its problems of form, title, headings, macro calls and pandoc citations."""

    body: str | None  # the text with its front matter blanked; None if the file could not be read
    title: str = ""
    problems: list = field(default_factory=list)
    headings: list = field(default_factory=list)
    calls: list = field(default_factory=list)
    pandoc: list = field(default_factory=list)
    text: str = ""  # the file's text exactly as MkDocs reads it (the plugin hands MkDocs this very string)
    protected: Protected | None = None  # the body as MkDocs hands it over, its code swapped out (used to render)


def analyse_page(path, shown_as: str, environment, macros: Mapping[str, MacroFunction],
                  read_front_matter: FrontMatterReader | None, admonitions: bool = False,
                  passed: Verdicts | None = None, citations: Verdicts | None = None) -> PageAnalysis:
    """Read and check one page; ``passed`` holds the texts that passed the content gate in earlier builds,
    ``citations`` the pandoc citations found in earlier builds' texts."""
    own = Diagnostics()
    text = read_text(path, shown_as, own, decode=decode_page)
    if text is None:
        return PageAnalysis(None, problems=list(own))
    if _UNSAFE_NAME.search(path.name):
        own.add(shown_as, 1, "content.file_name",
                "a page's file name becomes its address and may become its title: use letters, digits, '-' and '_'")
    source = read_page_source(text, shown_as, read_front_matter)
    own.extend(source.problems)
    # Lines are kept: the body is preceded by as many empty lines as the front matter had, so every line found
    # below is the line in the file. The text the gate checks here is the text rendered later (the plugin checks
    # it once more then).
    body = "\n" * (source.body_line - 1) + source.body
    reserved = next((character for character in RESERVED if character in text), None)
    if reserved:
        own.add(shown_as, text.count("\n", 0, text.index(reserved)) + 1, "file.control_character",
                f"the private-use character U+{ord(reserved):04X} is reserved by the generator; delete it")
        return PageAnalysis(None, problems=list(own))
    # Code (blocks, spans, comments) is swapped for placeholders: what is in code is shown as written, never
    # checked as a macro call or read as a citation. The plugin swaps the same regions when it renders.
    protected = protect(source.body, environment_markers(environment), admonitions)
    checked = "\n" * (source.body_line - 1) + protected.text  # the lines of the file again
    result = scan_page(checked, shown_as, environment, macros, passed)
    own.extend(result.problems)
    _, unclosed = fenced_blocks(body)
    if unclosed:
        # Python-Markdown searches for a closing fence from every opening one: thousands would take minutes.
        own.add(shown_as, unclosed[0] + 1, "content.unclosed_fence",
                f"the code block opened on this line never closes ({len(unclosed)} such fence(s) in the page); "
                f"add a line with exactly the same fence where the code ends")
    heading_list = headings(body)
    first_heading = next(((line, heading) for line, level, heading in heading_list if level == 1), None)
    if first_heading and re.search(r"<[A-Za-z/!]", first_heading[1]):
        own.add(shown_as, first_heading[0], "content.html_in_title",
                "the page's first heading contains HTML; write titles as plain text")
    page_path = path.name
    return PageAnalysis(body, _title(source.meta, body, page_path), list(own), heading_list, result.calls,
                        pandoc_citations(checked, citations), text=text, protected=protected)


def _title(meta: dict, body: str, page_path: str) -> str:
    """A page's title as its readers see it: front matter title, else the first level-1 heading, else its name."""
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    for _, level, heading in headings(body):
        if level == 1:
            return heading
    stem = page_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("-", " ").replace("_", " ").capitalize()
