"""The plugin's settings in mkdocs.yml, the review's settings read from a loaded config, and the checks of both.

Every problem is located in mkdocs.yml and names the valid choices.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.utils.meta import get_data

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.diagnostics import Diagnostic, line_containing, problem
from review_publisher.library.citation_style import StyleError, load_style, style_path
from review_publisher.settings import MARKER_OPTIONS, ProjectSettings
from review_publisher.texts import texts_from


class ReviewPluginConfig(base.Config):
    """The options of the ``review`` plugin."""

    enabled = c.Type(bool, default=True)
    # Folders relative to mkdocs.yml. Left out, they default to "bibliography" and "data" where those exist.
    bibliography_dir = c.Optional(c.Type(str))
    data_dir = c.Optional(c.Type(str))
    # The check of the final HTML; only the benchmark's floor turns it off, to measure MkDocs alone.
    html_gate = c.Type(bool, default=True)
    # Keep results between builds in .review-cache/ (formatted references, pages the gates passed), each under a
    # key made from everything it depends on; off, every build starts from nothing (slower, never different).
    cache = c.Type(bool, default=True)
    # Pages of the print version (paths below docs_dir), in order; left out, every page of the navigation.
    print_pages = c.Optional(c.ListOfItems(c.Type(str)))
    # The citation style: a CSL style's name (apa, chicago-author-date, harvard-cite-them-right, ...) or a .csl
    # file of the review's own, relative to mkdocs.yml.
    citation_style = c.Type(str, default="apa")
    # Words the site shows that no data gives, with neutral defaults (texts.py): for example {work: edition}.
    texts = c.Type(dict, default={})
    # The date of this edition (YYYY-MM-DD): used by "Cite this page", the metadata and the print version, so that
    # a citation does not change with every build. Left out, the date of the build (or SOURCE_DATE_EPOCH).
    edition_date = c.Optional(c.Type((str, datetime.date)))  # YAML reads 2026-12-01 as a date
    # The version of this edition ("1.0"), which "Cite this page" and the print version's title page give.
    edition_version = c.Optional(c.Type(str))
    # Make a PDF of the print version with headless Chromium, offered on the downloads page (downloads/review.pdf).
    # Off by default: local previews need no Chromium; the publishing workflow sets REVIEW_PDF=true.
    pdf = c.Type(bool, default=False)
    # Who edited and who publishes the work, for the print version's title page (left out: not shown).
    editors = c.ListOfItems(c.Type(str), default=[])
    publisher = c.Optional(c.Type(str))


def markers_from_macros_options(options: Mapping[str, Any]) -> dict[str, str]:
    """The Jinja markers set for the macros plugin (its ``j2_*`` options): the sandbox renders with the same."""
    return {argument: options[option] for option, argument in MARKER_OPTIONS.items() if options.get(option)}


def settings_from_mkdocs(config: Any, review_options: Mapping[str, Any]) -> ProjectSettings:
    """The review's settings from a loaded MkDocs config and the options of the ``review`` plugin."""
    config_file = Path(config.config_file_path).resolve()
    root = config_file.parent
    macros = config.plugins.get("macros")
    custom = getattr(config.theme, "custom_dir", None)
    return ProjectSettings(
        root=root,
        config_file=config_file,
        docs_dir=Path(config.docs_dir).resolve(),
        bibliography_dir=_folder(root, review_options.get("bibliography_dir"), "bibliography"),
        data_dir=_folder(root, review_options.get("data_dir"), "data"),
        markers=markers_from_macros_options(macros.config if macros is not None else {}),
        use_directory_urls=bool(config.use_directory_urls),
        theme_dir=Path(custom).resolve() if custom else None,
        read_front_matter=get_data,  # the engine's own reader: pages are split exactly as it splits them
        nav_titles=nav_titles(config.nav or []),
        citation_style=str(review_options.get("citation_style") or "apa"),
        admonitions=any(name in ("admonition", "pymdownx.details") for name in config.markdown_extensions),
        texts=texts_from(review_options.get("texts"))[0],
        edition_date=_iso_date(review_options.get("edition_date")),
        pdf=bool(review_options.get("pdf")),
        edition_version=review_options.get("edition_version") or "",
    )


def _iso_date(value: Any) -> str | None:
    """A date written as YYYY-MM-DD (YAML may have read it as a date already), else None."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat() if value else None
    except ValueError:
        return None


def nav_titles(items: Any) -> dict[str, str]:
    """Page path -> the title the navigation gives it (MkDocs uses it before the front matter and the heading)."""
    titles: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(value, str) and value.endswith(".md") and isinstance(title, str):
                titles.setdefault(value, title)
            else:
                titles.update({path: name for path, name in nav_titles(value).items() if path not in titles})
    return titles


def _folder(root: Path, configured: str | None, default: str) -> Path | None:
    """A configured folder (checked later, so a wrong one is reported), else the default one if it exists."""
    if configured is not None:
        return (root / configured).resolve()
    folder = root / default
    return folder.resolve() if folder.is_dir() else None


def config_problems(config: Any, settings: ProjectSettings,
                    disk: DiskCache | None = None) -> list[Diagnostic]:
    """Settings that would make the build unsafe or wrong, located in mkdocs.yml."""
    where = settings.relative(settings.config_file)
    found = []
    names = list(config.plugins.keys())
    if "macros" not in names:
        found.append(problem(where, line_containing(settings.config_file, "plugins:") or 1, "config.invalid",
                             "the 'macros' plugin is missing under plugins:; add it after 'review'"))
    elif names.index("macros") < names.index("review"):
        found.append(problem(where, line_containing(settings.config_file, "- macros") or 1, "config.invalid",
                             "list 'review' before 'macros' under plugins:, so the review is checked first"))
    if settings.markers.get("comment_start_string", "{#") == "{#":
        found.append(problem(where, line_containing(settings.config_file, "macros") or 1, "config.invalid",
                             "set j2_comment_start_string: '{##' and j2_comment_end_string: '##}' for the "
                             "macros plugin, so that heading anchors like {#results} keep working"))
    for extension in ("pymdownx.snippets", "markdown_include.include"):
        if extension in config.markdown_extensions:
            found.append(problem(where, line_containing(settings.config_file, extension) or 1, "config.invalid",
                                 f"the Markdown extension '{extension}' lets a page include files during a build; "
                                 f"remove it (pages are data, not programs)"))
    found.extend(_nav_title_problems(config.nav or [], settings, where))
    review = config.plugins.get("review")
    for page in (review.config.print_pages or []) if review is not None else []:
        if not (settings.docs_dir / page).is_file():
            found.append(problem(where, line_containing(settings.config_file, page) or 1, "config.invalid",
                                 f"review option print_pages: '{page}' is not a page below docs_dir; give paths "
                                 f"such as index.md or review/about.md"))
    for message in texts_from(review.config.texts if review is not None else {})[1]:
        found.append(problem(where, line_containing(settings.config_file, "texts") or 1, "config.invalid",
                             f"review option {message}"))
    written_date = review.config.edition_date if review is not None else None
    if written_date and _iso_date(written_date) is None:
        found.append(problem(where, line_containing(settings.config_file, "edition_date") or 1, "config.invalid",
                             f"review option edition_date: '{written_date}' is not a date written as YYYY-MM-DD, "
                             f"such as 2026-12-01"))
    try:
        load_style(style_path(settings.citation_style, settings.root), disk)
    except StyleError as error:
        found.append(problem(where, line_containing(settings.config_file, "citation_style") or 1, "config.invalid",
                             f"review option {error}"))
    for option, folder in (("bibliography_dir", settings.bibliography_dir), ("data_dir", settings.data_dir)):
        if folder is not None and not folder.is_dir():
            found.append(problem(where, line_containing(settings.config_file, option) or 1, "config.invalid",
                                 f"review option {option}: the folder '{settings.relative(folder)}' does not exist"))
    return found


_UNSAFE_TITLE = ("{{", "{%", "{#", "<", ">")


def _nav_title_problems(items: Any, settings: ProjectSettings, where: str) -> list[Diagnostic]:
    """Navigation titles are printed by the theme as they are: plain text only."""
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(title, str) and any(marker in title for marker in _UNSAFE_TITLE):
                line = line_containing(settings.config_file, title[:30]) or 1
                found.append(problem(where, line, "config.invalid",
                                     f"the navigation title '{title[:60]}' holds template code or HTML; nav titles "
                                     f"are plain text"))
            found.extend(_nav_title_problems(value, settings, where))
    return found


