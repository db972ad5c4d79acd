"""``review new``: a complete small review that builds at once, for a team to make its own (like ``mkdocs new``).

The files are in ``template/``; ``__SITE_NAME__`` in them becomes the name given on the command line.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PLACEHOLDER = "__SITE_NAME__"


def template_files() -> dict[str, str]:
    """Every file of the template, by its path in the new review."""
    files: dict[str, str] = {}

    def walk(folder, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.name == "__pycache__":
                continue
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            else:
                files[prefix + entry.name] = entry.read_text(encoding="utf-8")

    walk(resources.files("review_publisher.scaffold").joinpath("template"), "")
    return files


def new_review(folder: Path, site_name: str) -> list[str]:
    """Write the template into ``folder`` (which must be empty or new); return the paths written."""
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty; give a new or empty folder")
    written = []
    for path, text in sorted(template_files().items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace(PLACEHOLDER, site_name), encoding="utf-8")
        written.append(path)
    return written
