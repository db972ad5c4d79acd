"""The MkDocs plugin ``review``: thin glue between MkDocs events and the review's plain modules.

Order of a build: ``on_config`` loads and checks the review (library, data, every page through the content
gate); ``on_files`` stops the build with every problem found, before any page is rendered; mkdocs-macros
renders the pages with the macros of :mod:`macros.registry`; ``on_post_build`` runs the HTML gate over the
final site.
"""

from __future__ import annotations

import functools
import json
import logging
from html import escape as html_escape
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel

from .context import MacroContext, PageState
from .diagnostics import Diagnostics, problem
from .generated import build_date, cite_block, generated_files, head_html, source_key_of
from .html_gate import check_site, parse_page, parse_site, theme_script_shapes
from .metadata import repair_theme
from .print_page import PRINT_PATH, PrintPart, print_page
from .citation_macros import render_cited
from .citations import replace_pandoc_citations
from .project import AUTOMATIC_REFERENCES, Project, load_project
from .registry import MACROS
from .sandbox import RenderRefused, bind_macros, render_checked, sandbox_environment
from .sanitise import sanitise_page
from .settings import settings_from_mkdocs
from .site_output import ErrorSite, StagedSite, WarningRecorder

log = logging.getLogger("mkdocs.plugins.review")
preview_log = logging.getLogger("review.preview")
STYLESHEET = "assets/review/review.css"
SCRIPT = "assets/review/review.js"


class ReviewPluginConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Folders relative to mkdocs.yml. Left out, they default to "bibliography" and "data" where those exist.
    bibliography_dir = c.Optional(c.Type(str))
    data_dir = c.Optional(c.Type(str))
    html_gate = c.Type(bool, default=True)
    # Pages of the print version (paths below docs_dir), in order; left out, every page of the navigation.
    print_pages = c.Optional(c.ListOfItems(c.Type(str)))
    # For the benchmark's floor: write every page's Markdown, as rendered by the macros, below this folder.
    export_markdown_dir = c.Optional(c.Type(str))


class ReviewBuildError(PluginError):
    """The build stops: every located problem of the run is in the message."""

    def __init__(self, diagnostics: Diagnostics, stage: str) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"the review has problems ({stage}):\n{diagnostics.report()}")


@functools.lru_cache(maxsize=8)
def _theme_shapes(theme_dirs: tuple[str, ...]) -> frozenset[str]:
    return theme_script_shapes(theme_dirs)


class ReviewPlugin(BasePlugin[ReviewPluginConfig]):
    project: Project | None = None

    command = "build"
    _error_shown = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this object alive across `mkdocs serve` rebuilds.
        self.command = command

    def on_config(self, config):
        if not self.config.enabled:
            return config
        settings = settings_from_mkdocs(config, self.config)
        self.project = load_project(settings, config_problems(config, settings))
        self._sandbox = sandbox_environment(settings.markers)
        self._render_problems = Diagnostics()
        # The site is written to a folder of its own and moves into place only when every check has passed.
        self._site = StagedSite(Path(config.site_dir))
        config.site_dir = str(self._site.staging)
        self._warnings = WarningRecorder.attach()
        self._failed: Diagnostics | None = None
        self._output_sources: dict[str, str] = {}
        self._generated_from: dict[str, tuple[str, int]] = {}  # output of a generated page -> (file, line)
        self._built: dict[str, tuple[str, str]] = {}  # source path -> (output path, title)
        self._nav_order: list[str] = []
        self._page_states: dict[str, PageState] = {}
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        self._date = build_date()
        return config

    def on_files(self, files, config):
        if self.project is None:
            return files
        for warning in self.project.diagnostics.warnings:
            log.warning(str(warning))
        if self.project.diagnostics.errors:
            if self.command != "serve":
                raise ReviewBuildError(self.project.diagnostics, "nothing was built")
            # Under `mkdocs serve` the build goes on with no pages, and every address answers with the messages.
            self._failed = self.project.diagnostics
            self._error_pages = [file.dest_uri for file in files.documentation_pages()]
            for file in list(files.documentation_pages()):
                files.remove(file)
            config.nav = None
            return files
        for asset in (STYLESHEET, SCRIPT):
            content = resources.files("macros").joinpath("assets", asset.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
            files.append(File.generated(config, asset, content=content))
        for path, content in generated_files(self.project).items():
            files.append(File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_page_read_source(self, page, config):
        """The text that was read and checked when the review was loaded: MkDocs renders that very string."""
        if self.project is None:
            return None
        info = self.project.pages.get(page.file.src_uri)
        return info.text if info is not None and page.file.abs_src_path else None

    def on_page_content(self, html, page, config, files):
        """Contributor HTML passes the allow-list; every contributor page ends with how to cite it."""
        if self.project is None or not page.file.abs_src_path:
            return html
        info = self.project.pages.get(page.file.src_uri)
        if info is not None:
            html, problems = sanitise_page(html, info.text, self.project.settings.relative(page.file.abs_src_path))
            self._render_problems.extend(problems)
        return html + cite_block(page.file.src_uri, _plain(page.title), config.site_name,
                                 config.site_author or config.site_name, self._date, _absolute(config, page))

    @event_priority(50)  # before mkdocs-macros renders the page
    def _prepare_markdown(self, markdown, page, config, files):
        """Draw the pandoc citations (checked when the pages were scanned); add the reference list.

        The HTML put in here holds no template marker (every brace from data is an entity), so mkdocs-macros,
        which renders the page next, copies it as text."""
        if self.project is None:
            return markdown
        path = page.file.src_uri
        original = markdown
        self._page_states[path] = PageState()
        context = self.macro_context(path)
        info = self.project.pages.get(path)
        if info is not None:  # only contributor pages cite; a generated page's text is data ("@handle" included)
            markdown = replace_pandoc_citations(markdown, lambda citation, number: render_cited(
                context, citation, f"cite-{number}"))
        if self.project.needs_reference_list(path):
            markdown += AUTOMATIC_REFERENCES
        shown_as = self.project.settings.relative(page.file.abs_src_path) if page.file.abs_src_path else path
        first_line = _body_line(info.text, original) if info is not None else 1
        try:
            markdown = render_checked(markdown, shown_as, first_line, self._sandbox, bind_macros(MACROS, context))
        except RenderRefused as refused:
            self._render_problems.extend(refused.problems)
            markdown = ""
        # mkdocs-macros must render nothing of this page, neither its text nor its title: done above, in the sandbox.
        page.meta["render_macros"] = False
        if info is not None:
            for key in ("title", "description"):  # the theme prints these without escaping
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = html_escape(page.meta[key])
        return markdown

    @event_priority(-100)  # after mkdocs-macros
    def _export_markdown(self, markdown, page, config, files):
        """The page with every macro expanded: what the benchmark builds as plain Markdown (its floor)."""
        if self.project is not None and self.config.export_markdown_dir:
            target = Path(self.config.export_markdown_dir) / page.file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            title = f"---\ntitle: {json.dumps(str(page.meta['title']))}\n---\n\n" if page.meta.get("title") else ""
            target.write_text(title + markdown, encoding="utf-8")
        return markdown

    on_page_markdown = CombinedEvent(_prepare_markdown, _export_markdown)

    def on_post_page(self, output, page, config):
        """Record where the page came from (for the HTML gate), and add its scholarly metadata to its head."""
        if self.project is None:
            return output
        if page.file.abs_src_path:
            self._output_sources[page.file.dest_uri] = page.file.abs_src_path
            self._built[page.file.src_uri] = (page.file.dest_uri, _plain(page.title))
        else:
            key = source_key_of(self.project, page.file.src_uri)
            if key is not None:  # a problem in a source's page is reported at its library entry
                self._generated_from[page.file.dest_uri] = (self.project.library[key].path,
                                                            self.project.library[key].line)
        head = head_html(self.project, page.file.src_uri, _plain(page.title), _absolute(config, page),
                         config.site_author or config.site_name, self._date)
        return repair_theme(output.replace("</head>", head + "\n</head>", 1))

    def on_env(self, env, config, files):
        """Every page has been rendered: stop here if any was refused, before anything is written."""
        if self.project is not None and self._render_problems.errors and self._failed is None:
            if self.command != "serve":
                raise ReviewBuildError(self._render_problems, "found while rendering the pages")
            self._failed = self._render_problems
        return env

    def on_nav(self, nav, config, files):
        self._nav_order = [page.file.src_uri for page in nav.pages]
        return nav

    @event_priority(-100)  # last of all plugins: nothing may write to the site after it was checked and moved
    def on_post_build(self, config):
        """Check the staged site; only when every check passed does it replace the published one."""
        if self.project is None:
            return
        try:
            problems = self._failed or self._check_staged(config)
            if problems is None and self._warnings.messages:
                problems = self._warnings.as_diagnostics(self.project.settings.relative(self.project.settings.config_file))
                if self.command != "serve":
                    self._site.discard()  # MkDocs aborts the strict build next; the published site stays
                    return
        except Exception:
            self._site.discard()
            raise
        finally:
            self._warnings.detach()
        if problems is None:
            self._site.publish()
            return
        self._site.discard()
        if self.command == "serve":
            ErrorSite(problems).write(self._site.final, getattr(self, "_error_pages", None) or self._built_outputs())
            self._error_shown = True
            # Not through MkDocs' logger: in strict mode its count of errors would abort the preview itself.
            preview_log.error(f"the review has problems; every page of the preview lists them:\n{problems.report()}")
            return
        raise ReviewBuildError(problems, "found in the built site")

    def on_build_error(self, error):
        """Whatever stopped the build, the published site stays as it was."""
        site = getattr(self, "_site", None)
        if site is not None:
            site.discard()
        warnings = getattr(self, "_warnings", None)
        if warnings is not None:
            warnings.detach()

    def on_serve(self, server, config, builder):
        """A rebuild that fails still tells the browsers to reload: they then show the error pages."""
        rebuild = server.builder

        def rebuild_showing_errors():
            self._error_shown = False
            try:
                rebuild()
            except Exception as error:  # noqa: BLE001 - anything a rebuild raises is shown, never a stuck browser
                if self._error_shown:
                    return  # the build wrote the error pages itself, with every located message
                outputs = self._built_outputs() or ["index.html"]
                ErrorSite.from_exception(error).write(self._site.final, outputs)
                preview_log.error(f"the preview shows this error on every page: {error}")

        server.builder = rebuild_showing_errors
        return server

    def _built_outputs(self) -> list[str]:
        return [output for output, _ in self._built.values()] if getattr(self, "_built", None) else []

    def _check_staged(self, config) -> Diagnostics | None:
        """Run the HTML gate over the staged site and write the print version; the problems, or None."""
        site_dir = Path(config.site_dir)
        if not self.config.html_gate:
            self._write_print_version(site_dir, config)
            return None
        settings = self.project.settings

        def locate(output: str, line: int, needle: str) -> tuple[str, int]:
            if output in self._generated_from:
                return self._generated_from[output]
            source = self._output_sources.get(output)
            if source:
                found = _line_containing(Path(source), needle)
                if found:
                    return settings.relative(source), found
            return settings.relative(self._site.final / output), line

        shapes = _theme_shapes(tuple(config.theme.dirs))
        site_path = urlsplit(config.site_url or "/").path or "/"
        pages = parse_site(site_dir, shapes)
        problems = Diagnostics(check_site(site_dir, shapes, locate, site_path, pages=pages))
        if problems.errors:
            return problems
        printed = self._write_print_version(site_dir, config)
        pages[PRINT_PATH] = parse_page(printed, shapes)
        problems = Diagnostics(check_site(site_dir, shapes, locate, site_path, pages=pages, only={PRINT_PATH}))
        return problems if problems.errors else None

    def _write_print_version(self, site_dir: Path, config) -> str:
        """print/index.html: every chosen page, as built, in one page for paper and PDF."""
        wanted = self.config.print_pages or self._nav_order
        unknown = [path for path in wanted if path not in self._built]
        if unknown:
            raise PluginError(f"mkdocs.yml: review option print_pages names pages that were not built: "
                              f"{', '.join(unknown)}; the pages are: {', '.join(sorted(self._built))}")
        parts = [PrintPart(self._built[path][0], self._built[path][1],
                           (site_dir / self._built[path][0]).read_text(encoding="utf-8")) for path in wanted]
        target = site_dir / PRINT_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        html = print_page(parts, config.site_name, self._date)
        target.write_text(html, encoding="utf-8")
        return html

    def macro_context(self, page_path: str) -> MacroContext:
        if self.project is None:
            raise PluginError("the review plugin is not enabled, so its macros cannot be used")
        return MacroContext(self.project, page_path, self._page_states.setdefault(page_path, PageState()))


def config_problems(config, settings) -> list:
    """Settings that would make the build unsafe or wrong, located in mkdocs.yml."""
    where = settings.relative(settings.config_file)
    found = []
    names = list(config.plugins.keys())
    if "macros" not in names:
        found.append(problem(where, _line_containing(settings.config_file, "plugins:") or 1, "config.invalid",
                             "the 'macros' plugin is missing under plugins:; add it after 'review'"))
    elif names.index("macros") < names.index("review"):
        found.append(problem(where, _line_containing(settings.config_file, "- macros") or 1, "config.invalid",
                             "list 'review' before 'macros' under plugins:, so the review is checked first"))
    if settings.markers.get("comment_start_string", "{#") == "{#":
        found.append(problem(where, _line_containing(settings.config_file, "macros") or 1, "config.invalid",
                             "set j2_comment_start_string: '{##' and j2_comment_end_string: '##}' for the "
                             "macros plugin, so that heading anchors like {#results} keep working"))
    for extension in ("pymdownx.snippets", "markdown_include.include"):
        if extension in config.markdown_extensions:
            found.append(problem(where, _line_containing(settings.config_file, extension) or 1, "config.invalid",
                                 f"the Markdown extension '{extension}' lets a page include files during a build; "
                                 f"remove it (pages are data, not programs)"))
    found.extend(_nav_title_problems(config.nav or [], settings, where))
    for option, folder in (("bibliography_dir", settings.bibliography_dir), ("data_dir", settings.data_dir)):
        if folder is not None and not folder.is_dir():
            found.append(problem(where, _line_containing(settings.config_file, option) or 1, "config.invalid",
                                 f"review option {option}: the folder '{settings.relative(folder)}' does not exist"))
    return found


_UNSAFE_TITLE = ("{{", "{%", "{#", "<", ">")


def _nav_title_problems(items, settings, where: str) -> list:
    """Navigation titles are printed by the theme as they are: plain text only."""
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(title, str) and any(marker in title for marker in _UNSAFE_TITLE):
                line = _line_containing(settings.config_file, title[:30]) or 1
                found.append(problem(where, line, "config.invalid",
                                     f"the navigation title '{title[:60]}' holds template code or HTML; nav titles "
                                     f"are plain text"))
            found.extend(_nav_title_problems(value, settings, where))
    return found


def _line_containing(path: Path, needle: str) -> int | None:
    """The first line of a text file that contains the needle, ignoring case."""
    if not needle:
        return None
    needle = needle.lower()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, text in enumerate(lines, start=1) if needle in text.lower()), None)


def _body_line(text: str, body: str) -> int:
    """The line of the file on which the body MkDocs handed over starts (front matter comes before it)."""
    return text[: len(text) - len(body)].count("\n") + 1 if body and text.endswith(body) else 1


def _plain(title) -> str:
    """A page title as text (titles reach the theme already HTML-escaped)."""
    import html

    return html.unescape(str(title or ""))


def _absolute(config, page) -> str | None:
    """The page's full address, when the site's address is known."""
    return page.canonical_url if config.site_url else None
