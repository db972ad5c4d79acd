"""Where a review's files are: read from mkdocs.yml, never hard-coded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

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


def markers_from_macros_options(options: Mapping[str, Any]) -> dict[str, str]:
    """The Jinja markers the macros plugin renders with, so that the gate parses pages exactly as it does."""
    return {argument: options[option] for option, argument in MARKER_OPTIONS.items() if options.get(option)}


def settings_from_mkdocs(config: Any, review_options: Mapping[str, Any]) -> ProjectSettings:
    """Build settings from a loaded MkDocs config and the options of the ``review`` plugin."""
    config_file = Path(config.config_file_path).resolve()
    root = config_file.parent
    macros = config.plugins.get("macros")
    markers = markers_from_macros_options(macros.config if macros is not None else {})
    return ProjectSettings(
        root=root,
        config_file=config_file,
        docs_dir=Path(config.docs_dir).resolve(),
        bibliography_dir=_folder(root, review_options.get("bibliography_dir"), "bibliography"),
        data_dir=_folder(root, review_options.get("data_dir"), "data"),
        markers=markers,
        use_directory_urls=bool(config.use_directory_urls),
        theme_dir=_custom_dir(config),
    )


def _custom_dir(config: Any) -> Path | None:
    custom = getattr(config.theme, "custom_dir", None) if getattr(config, "theme", None) is not None else None
    return Path(custom).resolve() if custom else None


def _folder(root: Path, configured: str | None, default: str) -> Path | None:
    """A configured folder (checked later, so a wrong one is reported), else the default one if it exists."""
    if configured is not None:
        return (root / configured).resolve()
    folder = root / default
    return folder.resolve() if folder.is_dir() else None
