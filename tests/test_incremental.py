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


def loaded_project(review):
    """The review as a build loads it (a finished build keeps only what writing its pages reads)."""
    from mkdocs.config import load_config

    from review_publisher.mkdocs.config import settings_from_mkdocs
    from review_publisher.project import load_project

    config = load_config(str(review / "mkdocs.yml"))
    return load_project(settings_from_mkdocs(config, config.plugins["review"].config))


def citing(review, key):
    """The contributor pages that cite a key, and those that cite nothing the edit can reach (a control)."""
    project = loaded_project(review)
    pages = set(project.graph.pages_citing(key))
    assert pages, f"no page cites {key}"
    return pages, project


def pages_that_only_cite(project, keys_not_shown):
    """Chapters calling no macro that reads the data whole, and citing none of the given keys."""
    from review_publisher.page_macros.registry import SHOWS_ITS_OWN_SOURCES

    return {path for path, info in project.pages.items() if info.names <= SHOWS_ITS_OWN_SOURCES
            and not set(project.referenced_keys(path)) & set(keys_not_shown)}


def test_a_record_edit_rebuilds_its_source_the_pages_citing_it_and_the_data_views_only(review, tmp_path):
    pages, project = citing(review, "lough2016")
    untouched = pages_that_only_cite(project, ["lough2016"])
    assert untouched, "the review has chapters that do not cite lough2016"
    sources = review / "data" / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    start = text.index("lough2016:")
    summary = text.index("  summary: ", start)
    sources.write_text(text[:summary] + "  summary: Edited. " + text[summary + len("  summary: "):],
                       encoding="utf-8")
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert {"evidence/sources.md", "sources/lough2016.md"} | pages <= rebuilt  # hover cards show the summary
    assert not rebuilt & untouched, sorted(rebuilt & untouched)
    assert not any(path.startswith("sources/") and path != "sources/lough2016.md" for path in rebuilt)


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
    pages, project = citing(review, "lough2016")
    untouched = pages_that_only_cite(project, ["lough2016"])
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert {"sources/lough2016.md", "bibliography.md"} | pages <= rebuilt
    assert not rebuilt & untouched, sorted(rebuilt & untouched)
    assert not any(path.startswith("sources/") and path != "sources/lough2016.md" for path in rebuilt)
    shown = (tmp_path / "preview" / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "reciprocity in volunteer cooperation edited" in shown.lower()  # APA writes titles in sentence case


def test_a_library_edit_that_changes_other_sources_labels_rebuilds_their_pages_too(review, tmp_path):
    """FK Norway's two undated reports are n.d.-a and n.d.-b: dating the first makes the second plain n.d."""
    pages, project = citing(review, "fk2013annual")
    label_before = project.formatted["fk2013annual"].year
    library = review / "bibliography" / "norec.bib"
    text = library.read_text(encoding="utf-8")
    entry = "@report{fk2012annual,\n"
    assert entry in text
    library.write_text(text.replace(entry, entry + "  year        = {2013},\n", 1), encoding="utf-8")
    rebuilt = rebuild_and_compare(review, tmp_path)
    _, after = citing(review, "fk2013annual")
    assert after.formatted["fk2013annual"].year != label_before  # the edit did reach another source's label
    assert pages | {"sources/fk2013annual.md", "sources/fk2012annual.md"} <= rebuilt


def test_a_finding_edit_rebuilds_the_pages_of_its_sources_not_unrelated_chapters(review, tmp_path):
    findings = sorted((review / "data" / "findings").glob("*.yml"))[0]
    text = findings.read_text(encoding="utf-8")
    assert "statement: " in text
    findings.write_text(text.replace("statement: ", "statement: Edited. ", 1), encoding="utf-8")
    from mkdocs.config import load_config

    before = load_config(str(review / "mkdocs.yml")).plugins["review"]
    rebuilt = rebuild_and_compare(review, tmp_path)
    first = loaded_project(review).evidence.findings[0]
    assert before is not None and first is not None and first.statement.startswith("Edited.")
    assert {f"sources/{ref.key}.md" for ref in first.sources} <= rebuilt
    others = {path for path in rebuilt if path.startswith("sources/")} - {f"sources/{ref.key}.md" for ref in first.sources}
    assert not others, sorted(others)


def test_a_vocabulary_edit_rebuilds_every_page(review, tmp_path):
    vocabulary = review / "data" / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    assert "label: " in text
    vocabulary.write_text(text.replace("label: ", "label: Edited ", 1), encoding="utf-8")
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert {"index.md", "sources/lough2016.md", "review/conclusions.md"} <= rebuilt


def test_an_edit_of_the_reviews_own_entry_rebuilds_every_page(review, tmp_path):
    """Every contributor page's head describes the review itself (its schema.org record, with its title)."""
    library = review / "bibliography" / "norec.bib"
    text = library.read_text(encoding="utf-8")
    title = "What do we know about exchange for development?"
    assert text.count(title) == 1
    library.write_text(text.replace(title, "What do we know, edited?"), encoding="utf-8")
    _, project = citing(review, "allum2019")
    not_citing = {path for path in project.pages if "allum2019" not in project.referenced_keys(path)}
    assert not_citing
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert not_citing <= rebuilt


def test_a_field_only_the_downloads_show_reaches_the_downloads(review, tmp_path):
    """A source's downloads are made from its entry as written: a field no page shows still changes them."""
    library = review / "bibliography" / "norec.bib"
    text = library.read_text(encoding="utf-8")
    entry = "@techreport{lough2016,\n"
    assert entry in text
    library.write_text(text.replace(entry, entry + "  keywords    = {reciprocity},\n", 1), encoding="utf-8")
    rebuild_and_compare(review, tmp_path)
    assert "reciprocity" in next((tmp_path / "preview").rglob("lough2016*.bib")).read_text(encoding="utf-8")


def test_a_review_with_hooks_previews_like_a_full_build(review, tmp_path):
    """MkDocs' `hooks:` are modules, not plugins: the preview must not take them for plugins (it did: the
    rebuild stopped on a hook's missing options), and what a hook adds is in every page."""
    hook = review / "hooks.py"
    hook.write_text("def on_page_content(html, page, config, files):\n    return html + '<p>hook-mark</p>'\n",
                    encoding="utf-8")
    settings = review / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    rebuilt = rebuild_and_compare(review, tmp_path)
    assert {"index.md", "review/conclusions.md"} <= rebuilt  # the settings changed
    assert "hook-mark" in (tmp_path / "preview" / "index.html").read_text(encoding="utf-8")
