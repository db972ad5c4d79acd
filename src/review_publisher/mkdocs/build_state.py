"""What one build knows as it goes: where it writes, what it rendered, what went wrong. Started afresh by every
build (``mkdocs serve`` rebuilds included), so that nothing of a failed build leaks into the next."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from review_publisher.diagnostics import Diagnostics
from review_publisher.render.generated import build_date
from review_publisher.site_output import StagedSite, WarningRecorder


@dataclass
class BuildState:
    site: StagedSite
    warnings: WarningRecorder
    date: str = field(default_factory=build_date)
    render_problems: Diagnostics = field(default_factory=Diagnostics)
    failed: Diagnostics | None = None  # under serve: the problems the error pages list
    error_pages: list[str] = field(default_factory=list)  # under serve: every address to answer with them
    error_shown: bool = False
    output_sources: dict[str, str] = field(default_factory=dict)  # output path -> Markdown file (absolute)
    generated_from: dict[str, tuple[str, int]] = field(default_factory=dict)  # output -> (library file, line)
    built: dict[str, tuple[str, str]] = field(default_factory=dict)  # source path -> (output path, title)
    nav_order: list[str] = field(default_factory=list)
    # Under `mkdocs serve --dirty` (incremental.py): what this build is made of, and the pages it does not build.
    frame: str = ""
    digests: dict[str, str] = field(default_factory=dict)
    unchanged: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> (output, title) as last built
    page_urls: list[str] = field(default_factory=list)  # every page's address, in the order of the files
    rendered: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> (output, title) built now
    rendered_urls: set[str] = field(default_factory=set)
    head: str = ""  # the scholarly metadata of the page being rendered, for the theme's head
    head_missing: bool = False  # a page came out of the theme without it (said once)

    @classmethod
    def start(cls, site_dir: Path) -> BuildState:
        return cls(StagedSite(site_dir), WarningRecorder.attach())

    def built_outputs(self) -> list[str]:
        return [output for output, _ in self.built.values()]

    def finish(self, publish: bool) -> None:
        """Publish the staged site, or discard it; stop recording MkDocs' warnings either way."""
        self.warnings.detach()
        if publish:
            self.site.publish()
        else:
            self.site.discard()
