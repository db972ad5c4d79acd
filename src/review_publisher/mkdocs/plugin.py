"""The MkDocs plugin ``review``: thin glue between the engine's events and the review's plain modules.

A build: ``on_config`` reads the settings; ``on_pre_build`` (after every plugin's ``on_config``, so that the
review's own macros are registered) loads and checks the review and starts a staged site; ``on_files`` stops the
build with every problem found, before any page is rendered; ``on_page_markdown`` renders each page's macro calls
in the sandbox after the gate has checked that very text (mkdocs-macros is told to render nothing);
``on_page_content`` passes the page's HTML through the allow-list; ``on_post_build`` gates the final site and
publishes it only when clean. Under ``mkdocs serve`` a failure shows on every page of the preview instead.
"""

from __future__ import annotations

import gc
import html as html_module
import json
import logging
import os
from collections.abc import Iterable
from html import escape as html_escape
from html import unescape
from importlib import resources
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.check.source_check import TABLE as SOURCE_CHECK_TABLE
from review_publisher.check.source_check import LoadParts, check_sources
from review_publisher.content.citations import replace_pandoc_citations
from review_publisher.content.code_regions import Protected, protect
from review_publisher.content.context import MacroContext, PageState
from review_publisher.content.kept_citations import kept_citations, pandoc_citations
from review_publisher.diagnostics import CATALOGUE, NOTE, Diagnostics, problem
from review_publisher.evidence.file_facts import TABLE as DATA_FACTS
from review_publisher.files import ReadCache, guarded
from review_publisher.gates.allow_list import sanitise_page
from review_publisher.gates.content_gate import passed_pages
from review_publisher.gates.sandbox import RenderRefused, bind_macros, render_checked, sandbox_environment
from review_publisher.gc_pause import collection_paused
from review_publisher.library.entry_outcomes import TABLE as ENTRY_OUTCOMES
from review_publisher.mkdocs.build_state import BuildState
from review_publisher.mkdocs.config import ReviewPluginConfig, config_problems, settings_from_mkdocs
from review_publisher.mkdocs.incremental import (
    GeneratedMemo,
    LastBuild,
    carry_over_pages,
    content_digests,
    frame_digest,
    merged_search_docs,
    page_digests,
    unchanged_pages,
)
from review_publisher.mkdocs.preview import CompiledTemplates, show_errors, show_rebuild_errors
from review_publisher.mkdocs.site_check import check_staged_site
from review_publisher.page_macros.citation_macros import render_cited
from review_publisher.page_macros.registry import MACROS, MacroFunction, check_macro_name
from review_publisher.project import AUTOMATIC_REFERENCES, Project, load_project
from review_publisher.render.addresses import pandoc_citation_anchor
from review_publisher.render.generated import cite_block, generated_files, head_html, source_key_of
from review_publisher.render.metadata import repair_theme
from review_publisher.search.search_aids import add_search_aids

log = logging.getLogger("mkdocs.plugins.review")
STYLESHEET = "assets/review/review.css"
SCRIPT = "assets/review/review.js"
# The cache tables nothing reads once every page is rendered (see on_env). Those only loading writes (the
# source check's) and only formatting reads (project.FORMATTING_TABLES) leave memory earlier, when that is done.
RENDERING_TABLES = ("content-gate", "pandoc-citations", "allow-list")
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"  # templates of the generator's own, such as 404.html


class ReviewBuildError(PluginError):
    """The build stops: every located problem of the run is in the message."""

    def __init__(self, diagnostics: Diagnostics, stage: str) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"the review has problems ({stage}):\n{diagnostics.report()}")


class _OnlyWhenVerbose(logging.Filter):
    """mkdocs-macros reports at INFO level what it found (a 'local' and an 'external' module macros, its
    variables, its filters): internals a user has nothing to do about. They are shown with `--verbose` only."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG


def quiet_macros_plugin() -> None:
    """A filter on mkdocs-macros' loggers (filters are per logger, so each of its modules' own)."""
    for name in ("mkdocs.plugins.mkdocs_macros.util", "mkdocs.plugins.mkdocs_macros.plugin",
                 "mkdocs.plugins.mkdocs_macros"):
        macros_log = logging.getLogger(name)
        if not any(isinstance(existing, _OnlyWhenVerbose) for existing in macros_log.filters):
            macros_log.addFilter(_OnlyWhenVerbose())


class _DirtyBuildsAreExact(logging.Filter):
    """MkDocs warns that a dirty build "will likely lead to inaccurate navigation and other links": not so with
    the review plugin, which builds again every page whose output can change (incremental.py). Left in, the
    warning would fail every rebuild of a review that sets ``strict: true``."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _quiet_dirty_warning() -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(existing, _DirtyBuildsAreExact) for existing in build_log.filters):
        build_log.addFilter(_DirtyBuildsAreExact())


class RepairedTheme(jinja2.BaseLoader):
    """The theme's templates with its repairs (render/metadata.py THEME_REPAIRS) made in their source, and a
    place for each page's scholarly metadata (``review_head``, set in on_page_context) at the end of its head:
    so pages come out whole. Changing each page's HTML afterwards copied every page once more, and the largest
    (the findings index, 25 MB of HTML at 3,000 sources) raised the build's peak memory by as much."""

    HEAD_END = "</head>"
    # `safe`: the metadata is HTML the generator made, every value from the data escaped (render/metadata.py)
    HEAD_SLOT = "{% if review_head %}{{ review_head | safe }}\n{% endif %}</head>"

    def __init__(self, theme: jinja2.BaseLoader) -> None:
        self.theme = theme

    def get_source(self, environment, template):
        source, filename, uptodate = self.theme.get_source(environment, template)
        return repair_theme(source).replace(self.HEAD_END, self.HEAD_SLOT, 1), filename, uptodate

    def list_templates(self):
        return self.theme.list_templates()


class ReviewPlugin(BasePlugin[ReviewPluginConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.macros: dict[str, MacroFunction] = dict(MACROS)  # a review's macros/__init__.py may add its own
        self.cache: ReadCache | None = None  # what was read from each file, kept between the builds of `mkdocs serve`
        self.disk: DiskCache | None = None  # what builds keep on disk (.review-cache/)
        self.project: Project | None = None
        self.state: BuildState | None = None
        self.dirty = False  # `mkdocs serve --dirty`: build again only what changed (incremental.py)
        self.last: LastBuild | None = None  # what the last good build of this process left, for the next one
        self.generated_memo = GeneratedMemo()  # generated files of the last builds of this process (--dirty)
        self.section_words: dict[str, set[str]] = {}  # the words of each search section, ditto
        self.compiled_templates = CompiledTemplates()  # the theme, compiled once per `mkdocs serve`

    def register(self, function: MacroFunction, name: str | None = None) -> None:
        """Make a macro of the review's own callable from pages; the content gate then accepts its calls.

        ``function(context, *arguments)`` returns HTML or Markdown; ``context`` is the page's MacroContext.
        """
        name = name or function.__name__
        check_macro_name(name, self.macros)
        self.macros[name] = function

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this object alive across `mkdocs serve` rebuilds.
        self.command = command
        self.dirty = dirty and command == "serve"
        # Only a preview builds again in this process: a single build keeps no reading (the data's line maps
        # alone are tens of MB at 10,000 sources).
        self.cache = ReadCache() if command == "serve" else None
        if self.dirty:  # the plugin decides what to build again, so MkDocs' warning does not apply (see below)
            _quiet_dirty_warning()

    def on_config(self, config):
        # The engine keeps this object between builds (`mkdocs serve`): nothing of the last build may leak in, and
        # the review's own macros register again (mkdocs-macros runs define_env after this, on every build).
        self.project, self.state = None, None
        self.macros = dict(MACROS)
        if not self.config.enabled:
            return config
        quiet_macros_plugin()
        self._settings = settings_from_mkdocs(config, self.config)
        # Read afresh for every build (mkdocs serve included), so what is used is always what is on disk now.
        self.disk = DiskCache.for_review(self._settings.root) if self.config.cache else DiskCache(None)
        self._config_problems = config_problems(config, self._settings, self.disk)
        # An edit link needs the repository's address: without one, MkDocs would make it a broken relative link.
        if not config.repo_url:
            config.edit_uri = None
        # The generator's own templates (the page for a missing address), after the review's custom_dir if any.
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    def load(self) -> Project:
        """Load and check the review with the macros registered so far (`review check` calls this too)."""
        # What loading finds in each part is kept as `review check` keeps it, so a check after a build is quick.
        recorder = LoadParts(self._settings, self.macros, self.disk) \
            if self.disk is not None and self.disk.folder is not None else None
        with collection_paused():  # loading makes objects that all stay alive (gc_pause.py)
            self.project = load_project(self._settings, self._config_problems, self.macros, self.cache, self.disk,
                                        recorder)
        if recorder is not None and self.disk is not None:  # kept: written now and let go, not held to the end
            self.disk.release(SOURCE_CHECK_TABLE)
            self.disk.release(ENTRY_OUTCOMES)
            self.disk.release(DATA_FACTS)
        self._sandbox = sandbox_environment(self._settings.markers)
        self._gate_passed = passed_pages(self.disk, self._sandbox, self.macros)
        self._citations_kept = kept_citations(self.disk)
        return self.project

    def check_sources(self) -> Diagnostics:
        """`review check`: every problem loading the review would report, reading again only the files that
        changed since the last check (check/source_check.py); after on_config."""
        with collection_paused():
            return check_sources(self._settings, self._config_problems, self.macros, self.disk or DiskCache(None))

    def on_pre_build(self, config):
        if not self.config.enabled:
            return
        self.load()
        # The loaded review lives until the build ends: set apart from the garbage collector's counts, so that
        # each full collection does not walk it again (at 10,000 sources these walks grew with the square of N).
        gc.freeze()
        # The site is written to a folder of its own and moves into place only when every check has passed.
        self.state = BuildState.start(Path(config.site_dir))
        if self._settings.edition_date:  # a citation of the edition must not change with every build
            self.state.date = self._settings.edition_date
        config.site_dir = str(self.state.site.staging)

    def on_files(self, files, config):
        if self.project is None or self.state is None:
            return files
        for warning in self.project.diagnostics.warnings:
            log.warning(str(warning))
        for note in self.project.diagnostics.notes:
            if CATALOGUE[note.id].severity == NOTE:  # problems of left-out entries: `review check` lists them
                log.info(str(note))
        if self.project.diagnostics.errors:
            if self.command != "serve":
                raise ReviewBuildError(self.project.diagnostics, "nothing was built")
            # Under `mkdocs serve` the build goes on with no pages, and every address answers with the messages.
            self.state.failed = self.project.diagnostics
            self.state.error_pages = [file.dest_uri for file in files.documentation_pages()]
            for file in list(files.documentation_pages()):
                files.remove(file)
            config["nav"] = None
            return files
        assets = resources.files("review_publisher").joinpath("assets")
        for asset in (STYLESHEET, SCRIPT):
            content = assets.joinpath(asset.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
            files.append(File.generated(config, asset, content=content))
        if not (self.dirty and self.disk):
            self._add_generated(config, files, generated_files(self.project), self.state.site.scratch)
            return files
        # Under `mkdocs serve --dirty`: what each page is made from (incremental.py).
        made_from, frame_content = content_digests(self.disk, self.project, config, self.state.date)
        memo, sources = self.generated_memo.for_build(self.disk, self.project, made_from, frame_content)
        generated = dict(generated_files(self.project, memo))
        self._add_generated(config, files, generated.items(), self.state.site.scratch)
        self._choose_pages_to_build(config, files, generated, made_from, frame_content, sources)
        return files

    @staticmethod
    def _add_generated(config, files, generated: Iterable[tuple[str, str]], scratch: Path) -> None:
        """The generated files, written where MkDocs reads them from (``abs_src_path``, MkDocs' way for a plugin
        to add a file it does not hold): the downloads where MkDocs would copy them to, the pages to the build's
        scratch folder. A build of 10,000 sources then does not hold 40,000 files' text to the end (MkDocs keeps
        a page's Markdown once read; its file's text would be a second copy), as the same files read from docs/
        would not be."""
        site = Path(config.site_dir).resolve()
        folders: set[Path] = set()  # made already: most files share a folder with the one before
        for path, text in generated:
            folder = scratch if path.endswith(".md") else site
            # Lexically: both folders are this build's own, made afresh, with no link inside (resolving every
            # path asked the system about each of its folders: 0.7 s of a build at N = 3,000).
            target = Path(os.path.normpath(folder / path))
            if not target.is_relative_to(folder):
                files.append(File.generated(config, path, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
                continue
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_bytes(text.encode("utf-8"))  # UTF-8 bytes, the same on every system
            files.append(File.generated(config, path, abs_src_path=str(target), inclusion=InclusionLevel.NOT_IN_NAV))

    @staticmethod
    def _contributor_file(page) -> str | None:
        """The file in docs/ a page was read from; None for a page a plugin generated (ours are read from the
        build's scratch folder)."""
        return page.file.abs_src_path if page.file.generated_by is None else None

    def _choose_pages_to_build(self, config, files, generated: dict[str, str], content: str, frame_content: str,
                               sources: dict[str, str]) -> None:
        """Under `mkdocs serve --dirty`: mark the pages whose output cannot have changed, and take their output
        from the published site (incremental.py)."""
        state, project, disk = self.state, self.project, self.disk
        assert state is not None and project is not None and disk is not None
        state.frame = frame_digest(disk, frame_content, files)
        state.digests = page_digests(disk, project, generated, state.frame, content, sources)
        state.unchanged = carry_over_pages(state.site.final, state.site.staging,
                                           unchanged_pages(self.last, state.frame, state.digests))
        pages = list(files.documentation_pages())
        state.page_urls = ["" if file.url in (".", "./") else file.url for file in pages]  # as Page.url has them
        for file in pages:
            unchanged = file.src_uri in state.unchanged
            file.is_modified = (lambda: False) if unchanged else (lambda: True)
        for plugin in config.plugins.values():  # the theme's search keeps only this build's entries: merged later
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None

    def on_nav(self, nav, config, files):
        if self.state is not None:
            self.state.nav_order = [page.file.src_uri for page in nav.pages]
            for page in nav.pages:  # a page not built again has not been read: its title comes from the last build
                if page.file.src_uri in self.state.unchanged:
                    page.title = self.state.unchanged[page.file.src_uri][1]
        return nav

    def on_page_read_source(self, page, config):
        """The text that was read and checked when the review was loaded: MkDocs renders that very string."""
        info = self.project.pages.get(page.file.src_uri) if self.project is not None else None
        return info.text if info is not None and self._contributor_file(page) else None

    @event_priority(50)  # before mkdocs-macros, which then finds nothing to render
    def on_page_markdown(self, markdown, page, config, files):
        """Draw the pandoc citations, add the reference list, and render the macro calls in the sandbox."""
        # Whatever else happens, mkdocs-macros renders nothing of this page, neither its text nor its title: with
        # the review switched off (enabled: false) pages are shown as written, never run.
        page.meta["render_macros"] = False
        if self.project is None or self.state is None:
            return markdown
        path = page.file.src_uri
        original = markdown
        context = MacroContext(self.project, path, PageState())  # the page's own: it is gone once rendered
        info = self.project.pages.get(path)
        protected = _protected(info, markdown, self._settings.markers, self._settings.admonitions)
        markdown = protected.text  # code is swapped out: shown as written, never a citation or a macro call
        if info is not None:  # only contributor pages cite; a generated page's text is data ("@handle" included)
            markdown = replace_pandoc_citations(markdown, lambda citation, number: render_cited(
                context, citation, pandoc_citation_anchor(number)), pandoc_citations(markdown, self._citations_kept))
        if self.project.needs_reference_list(path):
            markdown += AUTOMATIC_REFERENCES
        own_file = self._contributor_file(page)
        shown_as = self.project.settings.relative(own_file) if own_file else path
        first_line = _body_line(info.text, original) if info is not None else 1
        try:
            markdown = protected.restore(render_checked(markdown, shown_as, first_line, self._sandbox,
                                                        bind_macros(self.macros, context), self._gate_passed))
        except RenderRefused as refused:
            self.state.render_problems.extend(refused.problems)
            markdown = ""
        if info is not None:
            for key in ("title", "description"):  # the theme prints these without escaping
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = html_escape(page.meta[key])
        return markdown

    def on_page_content(self, html, page, config, files):
        """Contributor HTML passes the allow-list; every contributor page ends with how to cite it."""
        self._let_go(page, "markdown")  # converted: nothing reads it again
        own_file = self._contributor_file(page)
        if self.project is None or self.state is None or not own_file:
            return html
        info = self.project.pages.get(page.file.src_uri)
        if info is not None:
            shown_as = self.project.settings.relative(own_file)
            passed = self.disk.verdicts("allow-list") if self.disk is not None else None
            html, problems = guarded(shown_as, lambda: sanitise_page(html, info.text, shown_as, passed),
                                     lambda message: ("", [message]))
            self.state.render_problems.extend(problems)
        return html + cite_block(page.file.src_uri, _plain(page.title), config.site_name,
                                 config.site_author or config.site_name, self.state.date, _absolute(config, page),
                                 self.project.settings.texts, self.project.settings.edition_version)

    def on_env(self, env, config, files):
        """Every page has been rendered: stop here if any was refused, before anything is written."""
        if self.command == "serve":
            env.bytecode_cache = self.compiled_templates
        if self.config.enabled and not isinstance(env.loader, RepairedTheme):
            env.loader = RepairedTheme(env.loader)
        if self.disk is not None:
            # What only loading and rendering read leaves memory before the pages are written (the build's peak),
            # saved as the end of the build would save it; asking for it again would read it from disk.
            self._gate_passed = self._citations_kept = None
            for table in RENDERING_TABLES:
                self.disk.release(table)
        if self.project is not None:
            if self.command == "serve":  # the next build may take over the rest (incremental.py)
                self.project.card_bodies.clear()  # the hover cards are in the pages now
            else:
                self.project.rendering_done()
        state = self.state
        if state is not None and state.render_problems.errors and state.failed is None:
            if self.command != "serve":
                raise ReviewBuildError(state.render_problems, "found while rendering the pages")
            state.failed = state.render_problems
        return env

    def on_page_context(self, context, page, config, nav):
        """The page's scholarly metadata, for the place the theme's head has for it (RepairedTheme)."""
        if self.project is not None and self.state is not None:
            context["review_head"] = self.state.head = head_html(
                self.project, page.file.src_uri, _plain(page.title), _absolute(config, page),
                config.site_author or config.site_name, self.state.date, config.site_name,
                # the front matter's description was escaped for the theme already: unescaped here, once
                html_module.unescape(str(page.meta.get("description") or "")) or config.site_description)
        return context

    @event_priority(-100)  # last: the page as every plugin left it, and nothing reads its text after this
    def on_post_page(self, output, page, config):
        """Record where the page came from, for the HTML gate; in a single build, let go of its text."""
        if self.project is None or self.state is None:
            return output
        self.state.rendered[page.file.src_uri] = (page.file.dest_uri, page.title)
        if self.state.head and not self.state.head_missing and self.state.head not in output:
            self.state.head_missing = True  # said once: it is the theme's, the same for every page
            log.warning(str(problem(self._settings.relative(self._settings.config_file), 1,
                                    "config.theme_without_head",
                                    f"the theme's templates have no </head>, so {page.file.src_uri} and every other "
                                    f"page are published without their scholarly metadata (citation tags, Open "
                                    f"Graph, JSON-LD); keep a literal </head> in the theme's base template")))
        self.state.rendered_urls.add(page.url)
        own_file = self._contributor_file(page)
        if own_file:
            self.state.output_sources[page.file.dest_uri] = own_file
            self.state.built[page.file.src_uri] = (page.file.dest_uri, _plain(page.title))
        else:
            key = source_key_of(self.project, page.file.src_uri)
            if key is not None:  # a problem in a source's page is reported at its library entry
                source = self.project.library[key]
                self.state.generated_from[page.file.dest_uri] = (source.path, source.line)
        self._let_go(page, "content")  # written: nothing reads it again
        return output

    def _let_go(self, page, *texts: str) -> None:
        """Empty a page's texts that nothing reads again, in a single build of the review.

        MkDocs keeps every page's Markdown and HTML to the end of the build, though once converted the Markdown,
        and once written the HTML, is never read again. At 10,000 sources they were most of the build's memory:
        a warm build's peak fell from 1,653 to 1,172 MB, a first build's from 2,149 to 1,646 MB (the memory they
        leave is where the allow-list and the final check parse the largest page). Empty, not None: MkDocs takes
        a page's title from them when they are None. Under `mkdocs serve` they stay: a rebuild may carry pages
        over (incremental.py)."""
        if self.project is not None and self.command != "serve":
            for name in texts:
                setattr(page, name, "")

    @event_priority(-100)  # last of all plugins: nothing may write to the site after it was checked and moved
    def on_post_template(self, output_content, template_name, config):
        # The 404 page is a theme template, not a page: it gets the same repairs of the theme's HTML.
        return repair_theme(output_content) if self.config.enabled else output_content

    def on_post_build(self, config):
        """Check the staged site; only when every check passed does it replace the published one."""
        state, project = self.state, self.project
        if state is None or project is None:
            return
        try:
            search_docs = self._carry_over(state, project) if self.dirty and not state.failed else []
            if not state.failed:
                add_search_aids(state.site.staging / "search" / "search_index.json", project.evidence.synonyms,
                                self.section_words if self.dirty else None,
                                self.disk.verdicts("search-aids") if self.disk is not None else None)
            problems = state.failed or check_staged_site(state, project, config, self.config.html_gate,
                                                         self.config.print_pages)
        except Exception:
            state.finish(publish=False)
            raise
        finally:
            gc.unfreeze()  # what the build kept can be collected again
            if self.disk is not None:
                self.disk.save()  # what this build learnt is right whether or not the site is published
        if problems is None and state.warnings.messages:
            # MkDocs itself warned: in strict mode it aborts the build next, and the published site must stay.
            problems = state.warnings.as_diagnostics(project.settings.relative(project.settings.config_file))
            if self.command != "serve":
                state.finish(publish=False)
                return
        state.finish(publish=problems is None)
        self.last = None
        if problems is None:
            if self.dirty:
                self.last = LastBuild(state.frame, state.digests, {**state.unchanged, **state.rendered}, search_docs)
                self.generated_memo.keep_derived()
            return
        if self.command == "serve":
            show_errors(state, problems)
            return
        raise ReviewBuildError(problems, "found in the built site")

    def _carry_over(self, state: BuildState, project: Project) -> list[dict]:
        """The bookkeeping and search entries of the pages not built again, as the last build left them; the
        search entries as they are now (before the search aids), for the next build."""
        for path, (output, title) in state.unchanged.items():
            if path in project.pages:
                state.built[path] = (output, _plain(title))
                state.output_sources[output] = str(project.settings.docs_dir / path)
            key = source_key_of(project, path)
            if key is not None:
                state.generated_from[output] = (project.library[key].path, project.library[key].line)
        index_file = state.site.staging / "search" / "search_index.json"
        if not index_file.is_file():
            return []
        index = json.loads(index_file.read_text(encoding="utf-8"))
        docs = index.get("docs", [])
        if state.unchanged and self.last is not None:
            docs = merged_search_docs(docs, self.last, state.rendered_urls, state.page_urls)
            index["docs"] = docs
            index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return docs

    def on_build_error(self, error):
        """Whatever stopped the build, the published site stays as it was."""
        gc.unfreeze()
        if self.state is not None:
            self.state.finish(publish=False)
        self.last = None
        if self.disk is not None:
            self.disk.save()

    def on_serve(self, server, config, builder):
        """Saving a .bib or YAML file rebuilds and reloads like a page edit (MkDocs watches only docs_dir and
        mkdocs.yml); a rebuild that fails still tells the browsers to reload: they then show the error pages."""
        settings = getattr(self, "_settings", None)
        if settings is not None:
            for folder in (settings.bibliography_dir, settings.data_dir):
                if folder is not None and folder.is_dir():
                    server.watch(str(folder))
        server.builder = show_rebuild_errors(server.builder, lambda: self.state)
        return server


def _protected(info, markdown: str, markers, admonitions: bool = False) -> Protected:
    """The page with its code swapped out: as found when the review was loaded (the same text, parsed once), or
    found now if MkDocs handed over another text; a generated page holds no code of a contributor's."""
    if info is None:
        return Protected(markdown, ())
    if info.protected is not None and info.protected.restore(info.protected.text) == markdown:
        return info.protected
    return protect(markdown, markers, admonitions)


def _body_line(text: str, body: str) -> int:
    """The line of the file on which the body MkDocs handed over starts (front matter comes before it)."""
    return text[: len(text) - len(body)].count("\n") + 1 if body and text.endswith(body) else 1


def _plain(title: object) -> str:
    """A page title as text (titles reach the theme already HTML-escaped)."""
    return unescape(str(title or ""))


def _absolute(config, page) -> str | None:
    """The page's full address, when the site's address is known."""
    return page.canonical_url if config.site_url else None

