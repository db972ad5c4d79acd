"""Attacks that are not single planted files: a settings change, and hostile data that must arrive escaped and
inert. The planted-file attacks are the named cases of tests/sites/attacks/ (test_attack_suite.py)."""

import os

from harness import copy_site, mkdocs_build

SECRET = "review-secret-7f3a9c"  # put in the build's environment; no output file may ever contain it


def build_with(tmp_path, files: dict[str, str | bytes], config_extra: str = ""):
    site = copy_site("evidence_tables", tmp_path)
    for name, content in files.items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.write_bytes if isinstance(content, bytes) else target.write_text)(content)
    if config_extra:
        (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text() + config_extra)
    os.environ["REVIEW_TEST_SECRET"] = SECRET
    try:
        return mkdocs_build(site)
    finally:
        del os.environ["REVIEW_TEST_SECRET"]


# The page and file attacks that were listed here are named cases of the attack suite now
# (tests/sites/attacks/<case>/, run by test_attack_suite.py).


def test_file_including_extension_is_refused(tmp_path):
    build = build_with(tmp_path, {}, "markdown_extensions:\n  - pymdownx.snippets\n")
    assert not build.ok
    assert any(d.id == "config.invalid" and "pymdownx.snippets" in d.message for d in build.diagnostics)


def test_hostile_data_arrives_escaped_and_inert(tmp_path):
    """<script>, onerror= and | in YAML and BibTeX fields are shown as text, never run (no failure needed)."""
    build = build_with(tmp_path, {"bibliography/more.bib":
                                  "@misc{evil,\n  author = {{<img src=x onerror=alert(1)>}},\n"
                                  "  title = {<script>alert(1)</script> | pipe},\n  year = {2020}\n}\n",
                                  "docs/evil.md": "# Evil\n\nSee [@evil].\n"})
    assert build.ok, build.output  # the new entry has no record in sources.yml: only a note says so
    assert "bibliography/more.bib:1: [data.missing_record]" in build.output
    html = (build.site_dir / "evil" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "<img src=x onerror" not in html
    records = (tmp_path / "evidence_tables" / "data" / "sources.yml")
    records.write_text(records.read_text() + "evil:\n  document_type: review\n  programmes: null\n  countries: null\n"
                       "  period: null\n  method: null\n  commissioner: null\n  summary: \"<script>x</script>\"\n"
                       "  review_relation: related\n  provenance:\n    - url: https://example.org/\n"
                       "      facts: \"onerror=alert(1)\"\n")
    build = mkdocs_build(tmp_path / "evidence_tables")
    assert build.ok, build.output
    page = build.html("sources/evil/index.html")
    assert page.select("article script") == [] and page.select("[onerror]") == []
    assert "<script>alert(1)</script> | pipe" in page.select_one("h1").get_text()
    assert page.select_one('meta[name="citation_title"]')["content"].startswith("<script>")
