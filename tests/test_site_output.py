"""A failed build never damages the published site; builds do not corrupt each other; `review verify` checks a
finished site in a process of its own."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness import copy_site, mkdocs_build, mkdocs_build_in_subprocess
from test_real_site import copy_review


def snapshot(site_dir: Path) -> dict[str, str]:
    return {path.relative_to(site_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site_dir.rglob("*")) if path.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Staging or old copies of the site, or a build's scratch folder, left beside it."""
    return [p.name for p in folder.iterdir() if any(mark in p.name for mark in (".building-", ".old-", ".pages-"))]


def test_a_failed_build_leaves_the_published_site_as_it_was(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    good = mkdocs_build(site)
    assert good.ok, good.output
    before = snapshot(good.site_dir)
    # One failure before rendering (content gate), one while rendering (allow-list), one after (a broken link),
    # and one from MkDocs itself (a page missing from the nav config in strict mode).
    for page, config_extra in (
        ("# Broken\n\n{{ config }}\n", ""),
        ("# Broken\n\n<iframe src=\"https://example.org/\"></iframe>\n", ""),
        ("# Broken\n\n[a link](nowhere.md)\n", ""),
        ("# Fine\n", "nav:\n  - Home: index.md\n  - Missing: missing.md\n"),
    ):
        (site / "docs" / "broken.md").write_text(page, encoding="utf-8")
        config = site / "mkdocs.yml"
        original = config.read_text(encoding="utf-8")
        config.write_text(original + config_extra, encoding="utf-8")
        try:
            failed = mkdocs_build(site)
        finally:
            config.write_text(original, encoding="utf-8")
        assert not failed.ok, failed.output
        assert snapshot(good.site_dir) == before, f"the site changed after a failed build: {page!r}"
        assert leftovers(site) == []


def test_a_good_build_replaces_the_whole_site(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    assert mkdocs_build(site).ok
    (site / "site" / "stale.html").write_text("old", encoding="utf-8")
    (site / "docs" / "new.md").write_text("# New\n", encoding="utf-8")
    build = mkdocs_build(site)
    assert build.ok, build.output
    assert not (build.site_dir / "stale.html").exists()
    assert (build.site_dir / "new" / "index.html").is_file()
    assert leftovers(site) == []


def test_generated_pages_are_read_from_a_scratch_folder_that_the_build_removes(tmp_path, monkeypatch):
    """MkDocs keeps each page's Markdown once read: a generated page handed over as text would be held twice to
    the end of the build (40,000 files' text at 10,000 sources). So the generated files are written away, the
    pages to a scratch folder beside the site, the downloads into the site, and MkDocs reads them from there."""
    from mkdocs.structure.files import File

    from review_publisher.mkdocs import plugin

    made: list[File] = []
    generated = File.generated

    def recording(*args, **kwargs):
        made.append(generated(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(plugin.File, "generated", recording)
    site = copy_site("evidence_tables", tmp_path)
    build = mkdocs_build(site, "--strict")
    assert build.ok, build.output
    pages = [file for file in made if file.src_uri.startswith("sources/") and file.src_uri.endswith(".md")]
    downloads = [file for file in made if file.src_uri.endswith((".bib", ".ris", ".json"))]
    assert pages and downloads
    for file in pages + downloads:
        assert file.abs_src_path is not None, f"{file.src_uri} was held as text"
    for file in pages:
        assert ".pages-" in Path(file.abs_src_path).parent.parent.name and not Path(file.abs_src_path).exists()
        rendered = build.site_dir / file.src_uri.removesuffix(".md") / "index.html"
        assert "review-source" in rendered.read_text(encoding="utf-8"), f"{rendered} is not a source page"
    assert not list(build.site_dir.rglob("*.md")), "the pages' Markdown is not published"
    assert leftovers(site) == []


@pytest.mark.parametrize("serve", [False, True])
def test_what_only_rendering_reads_is_let_go_before_the_pages_are_written(tmp_path, monkeypatch, serve):
    """MkDocs renders every page before it writes any, and writing them is a large build's peak: a single build
    holds the formatted references, the citation graph, the data's findings, the pages' texts and the library's
    entries as written (BibTeX) no longer by then, and its source pages still get their metadata. Under serve they stay for the next build to take over
    (the incremental tests compare such builds with full ones, file by file)."""
    from review_publisher.mkdocs import plugin

    seen: list[tuple] = []
    write = plugin.ReviewPlugin.on_post_page

    def recording(self, output, page, config):
        project = self.project
        seen.append(("formatted" in project.__dict__, len(project.evidence.findings), len(project.graph.records),
                     sum(len(info.text) for info in project.pages.values()),
                     sum(source.raw is not None for source in project.library.sources.values())))
        return write(self, output, page, config)

    monkeypatch.setattr(plugin.ReviewPlugin, "on_post_page", recording)
    build = mkdocs_build(copy_review(tmp_path), "--strict", site_dir=tmp_path / "site", serve_dirty=serve)
    assert build.ok, build.output
    assert seen
    if serve:
        assert all(all(held) for held in seen), seen
    else:
        assert set(seen) == {(False, 0, 0, 0, 0)}
    source_page = next(build.site_dir.glob("sources/*/index.html")).read_text(encoding="utf-8")
    assert source_page.count('<meta name="citation_title"') == 1 and source_page.count("</head>") == 1


def test_concurrent_builds_into_one_folder_leave_one_complete_site(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    with ThreadPoolExecutor(max_workers=3) as pool:
        builds = list(pool.map(lambda _: mkdocs_build_in_subprocess(site), range(3)))
    for build in builds:
        assert build.ok, build.output
        assert "Traceback" not in build.output
    (tmp_path / "alone").mkdir()
    alone = mkdocs_build(copy_site("evidence_tables", tmp_path / "alone"))
    assert set(snapshot(builds[0].site_dir)) == set(snapshot(alone.site_dir))
    assert leftovers(site) == []


def review(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "review_publisher.cli", *arguments], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_review_verify_checks_a_finished_site_in_its_own_process(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    assert mkdocs_build(site).ok
    clean = review("verify", "site", cwd=site)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 error(s)" in clean.stdout
    page = site / "site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>'
                      '<a href="missing/">x</a></article>'), encoding="utf-8")
    tampered = review("verify", "site", cwd=site)
    assert tampered.returncode == 1
    assert "site/index.html" in tampered.stdout and "[html.unsafe]" in tampered.stdout
    assert "[link.not_found]" in tampered.stdout


def test_review_verify_without_a_site_says_so(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    missing = review("verify", "nothing-here", cwd=site)
    assert missing.returncode == 1
    assert "no built site" in missing.stderr


def test_a_pdf_that_cannot_be_made_stops_the_build_with_a_located_message(tmp_path, monkeypatch):
    """pdf: true without Chromium: the build fails, says where and what to do, and publishes nothing."""
    site = copy_site("pdf", tmp_path)
    monkeypatch.setenv("REVIEW_CHROMIUM", str(tmp_path / "no-such-chromium"))
    build = mkdocs_build(site)
    assert not build.ok
    line = next(number for number, text in enumerate((site / "mkdocs.yml").read_text().splitlines(), start=1)
                if "pdf:" in text)
    assert f"mkdocs.yml:{line}: [config.invalid] review option pdf: no Chromium was found" in build.output
    assert "Traceback" not in build.output
    assert not (site / "site").exists()
