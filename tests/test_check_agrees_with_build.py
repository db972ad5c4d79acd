"""`review check --site` and `mkdocs build` agree on every tiny site: both pass, or both fail with the same messages;
`review check` (the sources alone) finds every one of those messages that a build finds before rendering."""

import subprocess
import sys

import pytest

from harness import LOCATED, SITES, copy_site, mkdocs_build

TINY_SITES = sorted(path.name for path in SITES.iterdir() if (path / "mkdocs.yml").is_file())


def located_ids(text: str) -> set[tuple[str, int, str]]:
    return {(m["path"], int(m["line"]), m["id"]) for m in LOCATED.finditer(text)
            if not m["message"].startswith("MkDocs warned")}


def review_check(site, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "review_publisher.cli", "check", "-f", "mkdocs.yml", *options],
                          cwd=site, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name", TINY_SITES)
def test_review_check_and_the_build_agree(tmp_path, name):
    site = copy_site(name, tmp_path)
    build = mkdocs_build(site)
    check = review_check(site, "--site")
    assert (check.returncode == 0) == build.ok, check.stdout + check.stderr + build.output[-2000:]
    checked, built = located_ids(check.stdout), located_ids(build.output)
    assert checked >= built, check.stdout
    # What only the check prints are notes: the problems of library entries no page cites, one by one.
    assert all(id.startswith("bib.") for _, _, id in checked - built), checked - built
    # The sources alone: every message is one of the full check's, and what it reports as failing fails the build.
    sources = review_check(site)
    assert located_ids(sources.stdout) <= checked, sources.stdout
    assert sources.returncode == 0 or not build.ok, sources.stdout
    rendered_only = {id for _, _, id in checked - located_ids(sources.stdout)}
    assert all(found_after_rendering(id) for id in rendered_only), rendered_only


def found_after_rendering(id: str) -> bool:
    """What only the rendered site can show: links and anchors, the HTML gate, a citation left in the HTML, a
    theme that drops the metadata."""
    return id.startswith(("html.", "link.")) or id in ("cite.leftover", "config.theme_without_head")


def test_review_check_fails_on_a_warning_under_strict_as_the_build_does(tmp_path):
    site = copy_site("clean", tmp_path)
    (site / "docs" / "index.md").write_text("# Home\n\nSee [a page that is not there](nowhere.md).\n")
    build = mkdocs_build(site)
    check = review_check(site, "--site")
    assert not build.ok and check.returncode == 1
    assert "link.not_found" in check.stdout


def test_a_build_prints_no_internals_of_the_macros_plugin_unless_asked(tmp_path):
    from harness import mkdocs_build_in_subprocess

    site = copy_site("clean", tmp_path)
    quiet = mkdocs_build_in_subprocess(site)
    assert quiet.ok and "[macros]" not in quiet.output and "Documentation built" in quiet.output
    verbose = mkdocs_build_in_subprocess(site, "--verbose", site_dir=tmp_path / "verbose")
    assert verbose.ok and "Found local Python module 'macros'" in verbose.output
