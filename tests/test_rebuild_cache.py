"""Between builds of one process (mkdocs serve), unchanged files are not read again; a changed one is. The cache
belongs to whoever builds (the plugin instance): a fresh one, or a cleared one, reads everything again."""

import os

from review_publisher.files import ReadCache
from review_publisher.project import load_project
from test_evidence_validation import project_from


def test_unchanged_files_are_reused_and_a_changed_page_is_read_again(tmp_path):
    cache = ReadCache()
    first = project_from(tmp_path, cache=cache)
    second = load_project(first.settings, cache=cache)
    page = first.settings.docs_dir / "index.md"
    assert second.pages["index.md"].calls is first.pages["index.md"].calls
    assert second.library["allum2019"] is first.library["allum2019"]
    page.write_text(page.read_text() + "\nNow citing [@tjonneland2016, p. 9].\n")
    status = page.stat()
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    third = load_project(first.settings, cache=cache)
    assert third.library["allum2019"] is first.library["allum2019"]
    assert [(r.key, r.locator) for r in third.graph.on_page("index.md")] == [("tjonneland2016", "p. 9")]
    assert second.graph.on_page("index.md") == []


def test_no_cache_or_a_cleared_one_reads_everything_again(tmp_path):
    cache = ReadCache()
    first = project_from(tmp_path, cache=cache)
    assert load_project(first.settings).library["allum2019"] is not first.library["allum2019"]
    assert load_project(first.settings, cache=ReadCache()).library["allum2019"] is not first.library["allum2019"]
    cache.clear()
    assert cache.entries == {}
    assert load_project(first.settings, cache=cache).library["allum2019"] is not first.library["allum2019"]


def test_a_checked_review_does_not_change_during_a_build(tmp_path):
    import pytest

    project = project_from(tmp_path)
    with pytest.raises(AttributeError, match="does not change"):
        project.library = None
    with pytest.raises(TypeError):
        project.pages["new.md"] = project.pages["index.md"]
    assert project.page_placing("findings") == "index.md"  # what is worked out later is still worked out
