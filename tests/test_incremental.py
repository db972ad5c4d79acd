"""`mkdocs serve --dirty`: a rebuild builds again only the pages whose output can change, and what it publishes
is exactly what a full build of the same files publishes (every HTML file, the search index, the sitemap)."""

import json

import pytest

from harness import mkdocs_build
from test_real_site import copy_review


def published(site):
    """Every file a reader gets, by path (the search index's entries compared as data)."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".bib", ".ris"):
            text = path.read_text(encoding="utf-8-sig")
            files[path.relative_to(site).as_posix()] = json.loads(text) if path.suffix == ".json" else text
    return files


@pytest.fixture
def review(tmp_path):
    folder = copy_review(tmp_path)
    first = mkdocs_build(folder, "--strict", site_dir=tmp_path / "preview", serve_dirty=True)
    assert first.ok, first.output
    return folder


def rebuild_and_compare(review, tmp_path):
    """A dirty rebuild of the preview, and a full build of the same files: (the pages rebuilt, the two sites)."""
    from mkdocs.config import load_config

    again = mkdocs_build(review, "--strict", site_dir=tmp_path / "preview", serve_dirty=True)
    assert again.ok, again.output
    plugin = load_config(str(review / "mkdocs.yml")).plugins["review"]
    rebuilt = set(plugin.last.records) - set(plugin.state.unchanged)
    full = mkdocs_build(review, "--strict", site_dir=tmp_path / "full")
    assert full.ok, full.output
    incremental, whole = published(tmp_path / "preview"), published(tmp_path / "full")
    assert sorted(incremental) == sorted(whole)
    different = [path for path in whole if incremental[path] != whole[path]]
    assert different == [], f"the rebuild differs from a full build in {different[:5]}"
    return rebuilt


def test_a_chapter_edit_rebuilds_the_chapter_and_the_pages_its_citations_reach(review, tmp_path):
    chapter = review / "docs" / "review" / "participants.md"
    assert "espe2019" not in chapter.read_text(encoding="utf-8")
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added in the preview [@espe2019].\n",
                       encoding="utf-8")
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert "review/participants.md" in rebuilt and "sources/espe2019.md" in rebuilt
    assert "bibliography.md" in rebuilt, "the bibliography lists the pages citing each source"
    assert "review/conclusions.md" not in rebuilt and "sources/lough2016.md" not in rebuilt
    assert len(rebuilt) < 8, sorted(rebuilt)


def test_a_change_every_page_shows_rebuilds_every_page(review, tmp_path):
    settings = review / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("site_name: ", "site_name: Preview of ", 1),
                        encoding="utf-8")
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert {"index.md", "review/conclusions.md", "sources/lough2016.md"} <= rebuilt


def test_a_data_edit_rebuilds_what_uses_the_data(review, tmp_path):
    sources = review / "data" / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    assert "summary: " in text
    sources.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert "evidence/sources.md" in rebuilt


def test_an_unchanged_review_rebuilds_nothing_and_publishes_the_same_site(review, tmp_path):
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert rebuilt == set()


def test_a_library_edit_shows_the_new_reference_everywhere(review, tmp_path):
    """References made by the last build are taken over only while the library is the same."""
    library = review / "bibliography" / "norec.bib"
    text = library.read_text(encoding="utf-8")
    title = "Reciprocity in International Volunteer Cooperation"
    assert title in text
    library.write_text(text.replace(title, "Reciprocity in Volunteer Cooperation Edited", 1), encoding="utf-8")
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert "sources/lough2016.md" in rebuilt and "bibliography.md" in rebuilt
    shown = (tmp_path / "preview" / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "reciprocity in volunteer cooperation edited" in shown.lower()  # APA writes titles in sentence case
