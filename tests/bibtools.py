"""Helpers to load a library from BibTeX text written into a temporary folder."""

from pathlib import Path

from review_publisher.diagnostics import Diagnostics
from review_publisher.library.bibliography import load_library


def load(tmp_path: Path, *texts: str):
    """Write each text as bibliography/<n>.bib and load the folder; return (library, diagnostics)."""
    folder = tmp_path / "bibliography"
    folder.mkdir(exist_ok=True)
    for number, text in enumerate(texts, start=1):
        (folder / f"{number}.bib").write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    library = load_library(folder, lambda path: path.relative_to(tmp_path).as_posix(), diagnostics)
    return library, diagnostics
