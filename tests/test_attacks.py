"""Attacks and bad input, end to end: each planted in a copy of a small valid review, each must fail the build
with its id at its place, and nothing of it may reach the output."""

import os

import pytest

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


def leaked(build) -> list[str]:
    if not build.site_dir.exists():
        return []
    return [str(path) for path in build.site_dir.rglob("*") if path.is_file()
            and (SECRET.encode() in path.read_bytes() or b"uid=" in path.read_bytes())]


PAGE_ATTACKS = [
    ("environment in the body", "# Attack\n\n{{ cycler.__init__.__globals__.os.environ }}\n", 3,
     "content.forbidden_template"),
    ("environment in the front-matter title", '---\ntitle: "{{ cycler.__init__.__globals__.os.environ }}"\n---\n\n# A\n',
     2, "content.forbidden_template"),
    ("rendering switched off in front matter", "---\nrender_macros: false\n---\n\n# A\n", 2,
     "content.forbidden_template"),
    ("include a file", '# Attack\n\n{% include "mkdocs.yml" %}\n', 3, "content.forbidden_template"),
    ("import", "# Attack\n\n{% from 'x' import y %}\n", 3, "content.forbidden_template"),
    ("set and for", "# Attack\n\n{% set x = 1 %}\n", 3, "content.forbidden_template"),
    ("config object", "# Attack\n\n{{ config.plugins }}\n", 3, "content.forbidden_template"),
    ("bare config", "# Attack\n\n{{ config }}\n", 3, "content.undefined_name"),
    ("filter on a macro", '# Attack\n\n{{ cite("allum2019") | safe }}\n', 3, "content.forbidden_template"),
    ("undefined macro", "# Attack\n\n{{ nope() }}\n", 3, "content.undefined_name"),
    ("script element", "# Attack\n\nText.\n\n<script>alert(1)</script>\n", 5, "html.not_allowed"),
    ("event attribute", '# Attack\n\n<img alt="" src="https://example.org/x.png" onerror="alert(1)">\n', 3,
     "html.not_allowed"),
    ("javascript link", "# Attack\n\n[click](javascript:alert(1))\n", 3, "html.not_allowed"),
    ("data URL", "# Attack\n\n[click](data:text/html;base64,PHNjcmlwdD4=)\n", 3, "html.not_allowed"),
    ("HTML in the title", "# Hello <img src=x>\n\nText.\n", 1, "content.html_in_title"),
    ("HTML in a front-matter title", '---\ntitle: "<b>bold</b>"\n---\n\nText.\n', 2, "content.html_in_title"),
]


@pytest.mark.parametrize("name, page, line, id", PAGE_ATTACKS, ids=[case[0] for case in PAGE_ATTACKS])
def test_page_attack_fails_located_and_leaves_no_trace(tmp_path, name, page, line, id):
    build = build_with(tmp_path, {"docs/attack.md": page})
    assert not build.ok
    assert ("docs/attack.md", line, id) in build.ids_at(), build.output
    assert leaked(build) == []
    if id.startswith("content."):
        assert not (build.site_dir / "index.html").exists(), "nothing is built when a page is refused"


@pytest.mark.parametrize("name, files, where", [
    ("Markdown that is not UTF-8", {"docs/attack.md": "# Caf\u00e9\n".encode("latin-1")},
     ("docs/attack.md", 1, "file.not_utf8")),
    ("oversized Markdown", {"docs/attack.md": "# Big\n\n" + "word " * 500_000},
     ("docs/attack.md", 1, "file.too_large")),
    ("YAML alias bomb", {"data/findings/bomb.yml": "findings: &a [*a]\n"},
     ("data/findings/bomb.yml", 1, "data.yaml_alias")),
    ("BibTeX javascript URL", {"bibliography/evil.bib": "@misc{evil,\n  title = {T},\n  url = {javascript:alert(1)}\n}\n"},
     ("bibliography/evil.bib", 3, "bib.bad_url")),
])
def test_file_attack_fails_located(tmp_path, name, files, where):
    build = build_with(tmp_path, files)
    assert not build.ok
    assert where in build.ids_at(), build.output


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
    assert not build.ok  # the new entry has no record in sources.yml: that is the only problem
    assert build.ids_at() == {("bibliography/more.bib", 1, "data.missing_record")}
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
