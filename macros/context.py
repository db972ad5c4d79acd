"""What a macro knows while a page is rendered: the loaded review and the page it is called from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class MacroContext:
    project: Any  # macros.project.Project, loaded once per build
    page_path: str  # the page's source path, relative to docs_dir
    # Numbers the page's citations in the order they are rendered, which is the order the graph counted them in.
    next_citation_number: Callable[[], int] = lambda: 0
