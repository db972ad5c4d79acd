"""One review, loaded and checked once per build: the shared state of the plugin, the macros and `review check`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostics
from .files import content_files, read_text
from .registry import MACROS
from .settings import ProjectSettings
from .template_gate import MacroCall, jinja_environment, scan_page


@dataclass
class Project:
    settings: ProjectSettings
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    # The literal macro calls of every page, by source path relative to docs_dir.
    calls: dict[str, list[MacroCall]] = field(default_factory=dict)


def load_project(settings: ProjectSettings) -> Project:
    """Read and check everything a build needs, collecting every problem instead of stopping at the first."""
    project = Project(settings)
    _scan_pages(project)
    return project


def _scan_pages(project: Project) -> None:
    settings = project.settings
    environment = jinja_environment(dict(settings.markers))
    for path in content_files(settings.docs_dir, (".md",)):
        shown_as = settings.relative(path)
        text = read_text(path, shown_as, project.diagnostics)
        if text is None:
            continue
        result = scan_page(text, shown_as, environment, MACROS)
        project.diagnostics.extend(result.problems)
        project.calls[path.relative_to(settings.docs_dir).as_posix()] = result.calls
