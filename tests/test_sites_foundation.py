"""Tiny sites for the foundation: a clean build passes; each broken one fails with its located message."""

from harness import build_site


def test_clean_site_builds_and_links_resolve(tmp_path):
    build = build_site("clean", tmp_path)
    assert build.ok, build.output
    assert build.diagnostics == []
    links = [a["href"] for a in build.html().select("article a[href]") if "headerlink" not in a.get("class", [])]
    assert "other/" in links and "other/#details" in links


def test_broken_link_fails_with_its_line(tmp_path):
    build = build_site("broken_link", tmp_path)
    assert not build.ok
    assert build.ids_at() == {("docs/index.md", 5, "link.not_found")}
    assert "no-such-page.md" in build.diagnostics[0].message


def test_missing_anchor_fails_with_its_line(tmp_path):
    build = build_site("missing_anchor", tmp_path)
    assert not build.ok
    assert build.ids_at() == {("docs/index.md", 5, "link.anchor_not_found")}
    assert "#summary" in build.diagnostics[0].message


def test_undefined_variable_fails_before_anything_is_built(tmp_path):
    build = build_site("undefined_variable", tmp_path)
    assert not build.ok
    assert build.ids_at() == {("docs/index.md", 5, "content.undefined_name")}
    assert "review_title" in build.diagnostics[0].message
    assert not (build.site_dir / "index.html").exists(), "a page was written although the check failed"


def test_heading_anchor_and_latex_braces_survive(tmp_path):
    build = build_site("heading_anchor", tmp_path)
    assert build.ok, build.output
    page = build.html()
    assert page.select_one("h2#results") is not None
    assert "{\\o} and {FK}" in page.get_text()
    other = build.html("other/index.html")
    assert other.select_one("h2#method-used").get_text(strip=True).startswith("How the work was done")


def test_a_theme_without_a_head_end_is_told_that_pages_lose_their_metadata(tmp_path):
    """Each page's scholarly metadata goes where the theme's head ends; a base template without `</head>` (HTML
    allows leaving it out) would drop it from every page, silently, without this warning (strict: it fails)."""
    build = build_site("theme_without_head", tmp_path)
    assert not build.ok
    assert "config.theme_without_head" in build.output and "index.md" in build.output
    assert build.output.count("config.theme_without_head") == 1, "said once, not for every page"


def test_the_default_theme_carries_each_pages_metadata(tmp_path):
    build = build_site("clean", tmp_path)
    assert build.ok and "config.theme_without_head" not in build.output
    assert build.html().select_one('head meta[name="citation_title"]') is not None
