"""The final gate over the whole built site: every page parsed once, every internal link and anchor resolved,
and the search index checked like a page (its entries are shown as HTML).

A page's own checks are in :mod:`review_publisher.gates.html_gate`; problems are located through a ``Locator``
(the plugin maps output files back to the Markdown or library entry they came from).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from review_publisher.cache.disk_cache import Verdicts
from review_publisher.diagnostics import Diagnostic, line_containing, problem
from review_publisher.gates.html_gate import CODE_SPAN, ParsedPage, join_values, parse_page
from review_publisher.search.index_file import sections

# A locator turns (output file, HTML line, text to look for) into (path to report, line to report).
Locator = Callable[[str, int, str], tuple[str, int]]


def parse_site(site_dir: Path, theme_shapes: frozenset[str],
               earlier: Verdicts | None = None) -> dict[str, ParsedPage]:
    """Every HTML file of the built site, parsed once: output path -> what the gate needs of it.

    Each file is read as bytes: a page that passed before is known by its bytes' key, and only a page parsed again
    is decoded (the findings index is 25 MB at 3,000 sources; its text beside its bytes raised the build's peak)."""
    site_dir = Path(site_dir)
    return {path.relative_to(site_dir).as_posix(): parse_known(path.read_bytes(), theme_shapes, earlier)
            for path in sorted(site_dir.rglob("*.html"))}


def parse_known(html: str | bytes, theme_shapes: frozenset[str], earlier: Verdicts | None,
                links: bool = True) -> ParsedPage:
    """``parse_page``, or what it found in an earlier build for the very same HTML (without its ids and links
    when the caller needs only its problems).

    ``earlier`` holds the pages that passed the page checks in earlier builds: their ids and links, which is all
    the link check needs of them. A page whose HTML is the same gives the same verdict (the key includes the
    theme's scripts and this generator); a page with a problem is never stored, so its messages are always
    made afresh. ``html`` may be the page's UTF-8 bytes: they have the key of their text."""
    if earlier is None:
        return parse_page(_text(html), theme_shapes).compact()
    key = earlier.key(html)
    known = earlier.table.get(key)
    if isinstance(known, list) and len(known) == 2 and all(isinstance(part, str) for part in known):
        # One string for the ids and one for the links: thousands of pages then cost two objects each in
        # memory, not one per id and per link.
        return ParsedPage(joined=(known[0], known[1])) if links else ParsedPage()
    page = parse_page(_text(html), theme_shapes).compact()
    if not page.problems:
        earlier.table.put(key, list(page.joined()))
    return page


def _text(html: str | bytes) -> str:
    return html.decode("utf-8") if isinstance(html, bytes) else html


def _site_files(site_dir: Path) -> tuple[set[str], set[str]]:
    """Every file and folder of the site, relative to it: link targets are looked up here, not on disk."""
    files: set[str] = set()
    folders: set[str] = {"."}
    for root, directories, names in os.walk(site_dir):
        relative = Path(root).relative_to(site_dir).as_posix()
        prefix = "" if relative == "." else relative + "/"
        folders.update(prefix + name for name in directories)
        files.update(prefix + name for name in names)
    return files, folders


def check_site(site_dir: Path, theme_shapes: frozenset[str], locate: Locator,
               site_path: str = "/", pages: dict[str, ParsedPage] | None = None,
               only: set[str] | None = None, earlier: Verdicts | None = None,
               links_passed: Verdicts | None = None) -> list[Diagnostic]:
    """Every problem in the built site. ``locate`` maps output files to their sources.

    ``site_path`` is the path part of ``site_url``: links starting with it are resolved from the site's root.
    ``pages`` reuses an earlier parse; ``only`` limits the report to some output files (the search index is
    then not checked again); ``earlier`` holds the pages and search entries that passed in earlier builds;
    ``links_passed`` the pages whose every link resolved in an earlier build of a site with the very same files
    and anchors (a page's navigation repeats the whole site's, so this saves most of the work of a rebuild).
    """
    site_dir = Path(site_dir)
    pages = pages if pages is not None else parse_site(site_dir, theme_shapes, earlier)
    files, folders = _site_files(site_dir)
    targets = _targets_digest(files, folders, pages, site_path) if links_passed is not None else ""
    problems = []
    verdicts: dict[tuple[str, str], tuple | None] = {}  # (page folder, url) -> verdict: nav links repeat a lot
    for output, page in pages.items():
        if only is not None and output not in only:
            continue
        for line, id, message, needle in page.problems:
            problems.append(problem(*locate(output, line, needle), id, message))
        passed_key = links_passed.key(targets + "\0" + output + page.joined()[1]) if links_passed else ""
        if links_passed is not None and links_passed.table.get(passed_key) is not None:
            continue
        folder = posixpath.dirname(output)
        found_here = []
        for url in page.links:
            key = (folder, url)
            if url.startswith("#") or url.split("#", 1)[0] == "":
                found = _check_link(files, folders, pages, output, url, site_path)
            elif key in verdicts:
                found = verdicts[key]
            else:
                found = verdicts[key] = _check_link(files, folders, pages, output, url, site_path)
            if found is not None:
                found_here.append((url, found))
        for url, (id, message, needle) in found_here:
            line = line_containing(site_dir / output, url) or 1
            problems.append(problem(*locate(output, line, needle), id, message))
        if links_passed is not None and not found_here:
            links_passed.table.put(passed_key, 1)
    if only is None:
        problems.extend(_check_search_index(site_dir, theme_shapes, locate, earlier))
    return problems


def _targets_digest(files: set[str], folders: set[str], pages: dict[str, ParsedPage], site_path: str) -> str:
    """Everything a link can resolve to (the site's files and folders, each page's anchors), as one digest."""
    digest = hashlib.sha256(site_path.encode())
    for name in sorted(files):
        digest.update(b"\1" + name.encode("utf-8", "surrogatepass"))
    for name in sorted(folders):
        digest.update(b"\2" + name.encode("utf-8", "surrogatepass"))
    for output in sorted(pages):
        digest.update(b"\3" + output.encode("utf-8", "surrogatepass") + pages[output].joined()[0].encode(
            "utf-8", "surrogatepass"))
    return digest.hexdigest()


def _check_link(files: set[str], folders: set[str], pages: dict[str, ParsedPage], output: str, url: str,
                site_path: str) -> tuple[str, str, str] | None:
    if url.startswith("#"):
        fragment = unquote(url[1:])
        if fragment and fragment not in pages[output].ids:
            return ("link.anchor_not_found",
                    f"link '{url}' points to the anchor '{url}', which '{output}' does not have", url)
        return None
    return _check_target(files, folders, pages, posixpath.dirname(output), url, site_path, output)


def _check_target(files, folders, pages, directory, url, site_path, output):
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        prefix = site_path.rstrip("/") + "/"
        if not path.startswith(prefix):
            return "link.not_found", f"link '{url}' is outside the site's address '{site_path}'", _needle(path)
        path, output, directory = path[len(prefix):] or ".", "index.html", ""
    if path:
        target = posixpath.normpath(posixpath.join(directory, path))
        if target.startswith("../") or target == "..":
            return "link.not_found", f"link '{url}' leaves the site", _needle(path)
        if path.endswith("/") or target in folders:
            target = posixpath.join(target, "index.html") if target != "." else "index.html"
        if target not in files:
            return "link.not_found", f"link '{url}' points to nothing in the built site", _needle(path)
    else:
        target = output
    if fragment and target.endswith(".html") and fragment not in pages[target].ids:
        return ("link.anchor_not_found",
                f"link '{url}' points to the anchor '#{fragment}', which '{target}' does not have",
                "#" + fragment)
    return None


def _needle(path: str) -> str:
    """The part of a link most likely to appear as written in the Markdown source."""
    last = [segment for segment in path.split("/") if segment and segment != ".."]
    return posixpath.splitext(last[-1])[0] if last else path


def _output_of_location(location: str) -> str:
    """The HTML file a search entry comes from: 'a/b/#part' is 'a/b/index.html'."""
    path = location.split("#", 1)[0]
    return path + "index.html" if path == "" or path.endswith("/") else path


def _check_search_index(site_dir: Path, theme_shapes: frozenset[str], locate: Locator,
                        earlier: Verdicts | None = None) -> list[Diagnostic]:
    """The search index holds each section's HTML, with braces decoded; results are shown as HTML.

    So it gets the same checks as a page, except that macro syntax shown in <code> (for contributors) is allowed.
    The sections of one page are looked up in ``earlier`` together: a page's sections that all passed before, as
    they are now, pass again without a key for each.
    """
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        return []
    found: list[Diagnostic] = []
    # The theme writes a page's sections one after the other; they are read a page at a time (index_file), not
    # the whole index at once (it is the whole site's text).
    for where, group in itertools.groupby(sections(index),
                                          key=lambda doc: _output_of_location(doc.get("location", ""))):
        docs = list(group)
        texts = [CODE_SPAN.sub("", f"{doc.get('title', '')}\n{doc.get('text', '')}") for doc in docs]
        group_key = earlier.key("sections\0" + join_values(texts)) if earlier is not None else ""
        if earlier is not None and earlier.table.get(group_key) is not None:
            continue
        before = len(found)
        for doc, text in zip(docs, texts, strict=True):
            parsed = parse_known(text, theme_shapes, earlier, links=False)
            for _, id, message, needle in parsed.problems:
                found.append(problem(*locate(where, 1, needle), id,
                                     f"{message} (search entry '{doc.get('title')}')"))
        if earlier is not None and len(found) == before:
            earlier.table.put(group_key, 1)
    return found
