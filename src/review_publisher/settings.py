"""Where a review's files are: read from mkdocs.yml, never hard-coded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from review_publisher.texts import Texts

# The engine's own reader of front matter: text -> (body, metadata). MkDocs and ProperDocs both have one
# (``utils.meta.get_data``); the adapter hands it over, so that the core reads pages exactly as the engine does.
FrontMatterReader = Callable[[str], tuple[str, dict]]

# mkdocs-macros options that set the Jinja markers, and the jinja2.Environment arguments they become.
MARKER_OPTIONS = {
    "j2_block_start_string": "block_start_string",
    "j2_block_end_string": "block_end_string",
    "j2_variable_start_string": "variable_start_string",
    "j2_variable_end_string": "variable_end_string",
    "j2_comment_start_string": "comment_start_string",
    "j2_comment_end_string": "comment_end_string",
}


@dataclass(frozen=True)
class ProjectSettings:
    """The folders and options of one review, absolute paths throughout."""

    root: Path
    config_file: Path
    docs_dir: Path
    bibliography_dir: Path | None  # None: the review has no library (yet)
    data_dir: Path | None  # None: the review has no evidence data (yet)
    markers: Mapping[str, str] = field(default_factory=dict)
    use_directory_urls: bool = True
    theme_dir: Path | None = None  # the theme's custom_dir (overrides), if the review has one
    read_front_matter: FrontMatterReader | None = None  # None: pages have no front matter (plain Markdown)
    nav_titles: Mapping[str, str] = field(default_factory=dict)  # page path -> its title in the navigation
    citation_style: str = "apa"  # a CSL style's name, or a .csl file relative to the root
    admonitions: bool = False  # Python-Markdown's admonitions are on: their indented content is not code
    edition_date: str | None = None  # the edition's date (YYYY-MM-DD); None: the build's
    edition_version: str = ""  # the edition's version ("1.0"), which citations of the site give; "" for none
    pdf: bool = False  # the build makes a PDF of the print version (needs Chromium), offered on the downloads page
    texts: Texts = field(default_factory=Texts)  # the words a review chooses for itself (texts.py)

    def content_dirs(self) -> list[Path]:
        """Every folder whose files reach the build: none may hold a link or a special file."""
        return [folder for folder in (self.docs_dir, self.bibliography_dir, self.data_dir, self.theme_dir)
                if folder is not None]

    def relative(self, path: str | Path) -> str:
        """A path as contributors see it: relative to the folder of mkdocs.yml, with forward slashes."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
