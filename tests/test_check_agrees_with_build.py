"""`review check` and `mkdocs build` agree on every tiny site: both pass, or both fail with the same messages."""

import subprocess
import sys

import pytest

from harness import LOCATED, SITES, copy_site, mkdocs_build

TINY_SITES = sorted(path.name for path in SITES.iterdir() if (path / "mkdocs.yml").is_file())


def located_ids(text: str) -> set[tuple[str, int, str]]:
    return {(m["path"], int(m["line"]), m["id"]) for m in LOCATED.finditer(text)
            if not m["message"].startswith("MkDocs warned")}


@pytest.mark.parametrize("name", TINY_SITES)
def test_review_check_and_the_build_agree(tmp_path, name):
    site = copy_site(name, tmp_path)
    build = mkdocs_build(site)
    check = subprocess.run([sys.executable, "-m", "review_publisher.cli", "check", "-f", "mkdocs.yml"], cwd=site,
                           capture_output=True, text=True, timeout=300)
    assert (check.returncode == 0) == build.ok, check.stdout + check.stderr + build.output[-2000:]
    checked, built = located_ids(check.stdout), located_ids(build.output)
    assert checked >= built, check.stdout
    # What only the check prints are notes: the problems of library entries no page cites, one by one.
    assert all(id.startswith("bib.") for _, _, id in checked - built), checked - built


def test_review_check_fails_on_a_warning_under_strict_as_the_build_does(tmp_path):
    site = copy_site("clean", tmp_path)
    (site / "docs" / "index.md").write_text("# Home\n\nSee [a page that is not there](nowhere.md).\n")
    build = mkdocs_build(site)
    check = subprocess.run([sys.executable, "-m", "review_publisher.cli", "check", "-f", "mkdocs.yml"], cwd=site,
                           capture_output=True, text=True, timeout=300)
    assert not build.ok and check.returncode == 1
    assert "link.not_found" in check.stdout


def test_a_build_prints_no_internals_of_the_macros_plugin_unless_asked(tmp_path):
    from harness import mkdocs_build_in_subprocess

    site = copy_site("clean", tmp_path)
    quiet = mkdocs_build_in_subprocess(site)
    assert quiet.ok and "[macros]" not in quiet.output and "Documentation built" in quiet.output
    verbose = mkdocs_build_in_subprocess(site, "--verbose", site_dir=tmp_path / "verbose")
    assert verbose.ok and "Found local Python module 'macros'" in verbose.output
