"""Page addresses, computed the way MkDocs computes them, so macros can link between pages before they exist.

No engine import here: a test compares these with MkDocs' own functions on many paths.
"""

from __future__ import annotations

import posixpath


def _parts(path: str) -> list[str]:
    normal = posixpath.normpath("/" + path.lstrip("/"))[1:]
    return normal.split("/") if normal else []


def get_relative_url(url: str, other: str) -> str:
    """The address of ``url`` relative to the page at ``other`` (both relative to the site), as MkDocs gives it:
    the last part of ``other`` is dropped if it has a dot (a file), and nothing goes above the root.

    >>> get_relative_url("a/b/", "c/"), get_relative_url("x.css", "a/b.html"), get_relative_url("a/", ".")
    ('../a/b/', '../x.css', 'a/')
    """
    directory, _, name = other.rpartition("/")
    if "." in name:
        other = directory
    other_parts, url_parts = _parts(other), _parts(url)
    common = 0
    for mine, theirs in zip(other_parts, url_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + url_parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def page_url(src_path: str, use_directory_urls: bool = True) -> str:
    """The site address of a Markdown page, relative to the site root, as MkDocs gives it.

    >>> page_url("index.md"), page_url("a/index.md"), page_url("a/b.md"), page_url("a/b.md", False)
    ('', 'a/', 'a/b/', 'a/b.html')
    """
    stem = posixpath.splitext(src_path)[0]
    if posixpath.basename(stem) in ("index", "README"):
        directory = posixpath.dirname(stem)
        return directory + "/" if directory else ("" if use_directory_urls else "index.html")
    return stem + "/" if use_directory_urls else stem + ".html"


def link_between(from_src: str, to_src: str, fragment: str = "", use_directory_urls: bool = True,
                 is_file: bool = False) -> str:
    """A relative link from one page to another page (or a file of the site, or a place on the same page).

    >>> link_between("a/b.md", "bibliography.md", "ref-x"), link_between("a.md", "a.md", "ref-x")
    ('../../bibliography/#ref-x', '#ref-x')
    >>> link_between("evidence/downloads.md", "downloads/library.bib", is_file=True)
    '../../downloads/library.bib'
    """
    anchor = f"#{fragment}" if fragment else ""
    if from_src == to_src:
        return anchor or "./"
    target = to_src if is_file else (page_url(to_src, use_directory_urls) or "./")
    return get_relative_url(target, page_url(from_src, use_directory_urls) or "./") + anchor
