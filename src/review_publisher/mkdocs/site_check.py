"""The end of a build: the HTML gate over the staged site, and the print version (checked too).

Problems are located where a contributor can fix them: a contributor page's problem in its Markdown, a source
page's at its library entry, anything else at the output file under the published site's name.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from review_publisher.diagnostics import Diagnostics, line_containing
from review_publisher.exports.pdf import PDF_PATH, make_pdf
from review_publisher.gates.html_gate import parse_page, theme_script_shapes
from review_publisher.gates.site_gate import check_site, parse_site
from review_publisher.mkdocs.build_state import BuildState
from review_publisher.project import Project
from review_publisher.render.print_page import PRINT_PATH, PrintPart, TitlePage, print_page
from review_publisher.texts import DEFAULT_TEXTS, Texts


@functools.lru_cache(maxsize=8)
def _theme_shapes(theme_dirs: tuple[str, ...]) -> frozenset[str]:
    return theme_script_shapes(theme_dirs)


def check_staged_site(state: BuildState, project: Project, config: Any, html_gate: bool,
                      print_pages: list[str] | None) -> Diagnostics | None:
    """Gate the staged site, then add the print version and gate it too; the problems, or None."""
    site_dir = state.site.staging
    if not html_gate:
        write_print_version(state, site_dir, config, print_pages, project.settings.texts)
        return None
    settings = project.settings

    def locate(output: str, line: int, needle: str) -> tuple[str, int]:
        if output in state.generated_from:
            return state.generated_from[output]
        source = state.output_sources.get(output)
        if source:
            found = line_containing(Path(source), needle)
            if found:
                return settings.relative(source), found
        return settings.relative(state.site.final / output), line

    shapes = _theme_shapes(tuple(config.theme.dirs))
    site_path = urlsplit(config.site_url or "/").path or "/"
    if settings.pdf:  # the downloads page links the PDF, which can be made only once the print version passed
        (site_dir / PDF_PATH).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / PDF_PATH).write_bytes(b"")
    # The pages and search entries that passed in earlier builds, by their HTML and the theme's own scripts.
    earlier = project.disk.verdicts("page-gate", *sorted(shapes)) if project.disk is not None else None
    pages = parse_site(site_dir, shapes, earlier)
    passed = project.disk.verdicts("links-passed") if project.disk is not None else None
    problems = Diagnostics(check_site(site_dir, shapes, locate, site_path, pages=pages, earlier=earlier,
                                      links_passed=passed))
    if problems.errors:
        return problems
    printed = write_print_version(state, site_dir, config, print_pages, project.settings.texts)
    pages[PRINT_PATH] = parse_page(printed, shapes)
    problems = Diagnostics(check_site(site_dir, shapes, locate, site_path, pages=pages, only={PRINT_PATH},
                                      links_passed=passed))
    if problems.errors:
        return problems
    failed = make_pdf(site_dir / PRINT_PATH, site_dir / PDF_PATH) if settings.pdf else None
    if failed:
        where = settings.relative(settings.config_file)
        problems.add(where, line_containing(settings.config_file, "pdf:") or 1, "config.invalid",
                     f"review option pdf: {failed}")
        return problems
    return None


def title_page(config: Any, date: str) -> TitlePage:
    """The print version's title page, from mkdocs.yml: the site's name, description, author and copyright (its
    licence), the review plugin's editors and publisher, and the edition's date."""
    review = config.plugins.get("review")
    options = review.config if review is not None else {}
    return TitlePage(title=config.site_name, subtitle=config.site_description or "", author=config.site_author or "",
                     editors=tuple(options.get("editors") or ()), publisher=options.get("publisher") or "",
                     date=date, version=options.get("edition_version") or "", licence=config.copyright or "")


def write_print_version(state: BuildState, site_dir: Path, config: Any, print_pages: list[str] | None,
                        texts: Texts = DEFAULT_TEXTS) -> str:
    """print/index.html: every chosen page, as built, in one page for paper and PDF."""
    wanted = print_pages or state.nav_order
    unknown = [path for path in wanted if path not in state.built]
    if unknown:
        raise PluginError(f"mkdocs.yml: review option print_pages names pages that were not built: "
                          f"{', '.join(unknown)}; the pages are: {', '.join(sorted(state.built))}")
    parts = [PrintPart(state.built[path][0], state.built[path][1],
                       (site_dir / state.built[path][0]).read_text(encoding="utf-8")) for path in wanted]
    target = site_dir / PRINT_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    html = print_page(parts, title_page(config, state.date), texts)
    target.write_text(html, encoding="utf-8")
    return html
