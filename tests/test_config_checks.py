"""Settings that would make a build unsafe or wrong are located errors in mkdocs.yml."""

from harness import copy_site, mkdocs_build


def rewrite_base(folder, old, new):
    base = folder.parent / "_base.yml"
    text = base.read_text()
    assert old in text
    base.write_text(text.replace(old, new))


def test_default_comment_marker_is_refused(tmp_path):
    site = copy_site("clean", tmp_path)
    rewrite_base(site, '      j2_comment_start_string: "{##"\n      j2_comment_end_string: "##}"\n', "")
    build = mkdocs_build(site)
    assert not build.ok
    assert [d.id for d in build.diagnostics] == ["config.invalid"]
    assert "j2_comment_start_string" in build.diagnostics[0].message


def test_review_must_come_before_macros(tmp_path):
    site = copy_site("clean", tmp_path)
    rewrite_base(site, "  - review\n", "")
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text() + "plugins:\n  - search\n  - macros:\n"
                                     "      module_name: macros\n      j2_comment_start_string: '{##'\n"
                                     "      j2_comment_end_string: '##}'\n  - review\n")
    build = mkdocs_build(site)
    assert not build.ok
    assert ("mkdocs.yml", "config.invalid") in {(d.path, d.id) for d in build.diagnostics}


def test_a_configured_folder_that_does_not_exist_is_named(tmp_path):
    site = copy_site("clean", tmp_path)
    rewrite_base(site, "  - review\n", "  - review:\n      data_dir: evidence\n")
    build = mkdocs_build(site)
    assert not build.ok
    (found,) = build.diagnostics
    assert found.id == "config.invalid" and "'evidence'" in found.message


def test_switched_off_the_review_adds_nothing_and_pages_still_never_run(tmp_path):
    """enabled: false: no checks, no source pages, no citations; mkdocs-macros still renders nothing."""
    site = copy_site("citations", tmp_path)
    rewrite_base(site, "  - review\n", "  - review:\n      enabled: false\n")
    (site / "docs" / "run.md").write_text("# Run\n\n{{ lipsum(1) }} {{ config.site_name }}\n", encoding="utf-8")
    build = mkdocs_build(site, "--no-strict")
    assert build.ok, build.output
    assert not (build.site_dir / "sources").exists()
    text = build.html("run/index.html").select_one("article").get_text()
    assert "{{ lipsum(1) }} {{ config.site_name }}" in text, "shown as written, never run"


def test_the_html_gate_switch_turns_the_final_check_off(tmp_path):
    site = copy_site("clean", tmp_path)
    (site / "docs" / "raw.md").write_text('# Raw\n\n<a href="nowhere/">a link MkDocs does not check</a>\n')
    checked = mkdocs_build(site)
    assert not checked.ok
    assert ("docs/raw.md", 3, "link.not_found") in checked.ids_at()
    rewrite_base(site, "  - review\n", "  - review:\n      html_gate: false\n")
    unchecked = mkdocs_build(site)
    assert unchecked.ok, unchecked.output


def test_print_pages_must_name_pages_of_the_site(tmp_path):
    site = copy_site("clean", tmp_path)
    rewrite_base(site, "  - review\n", "  - review:\n      print_pages: [index.md, missing.md]\n")
    build = mkdocs_build(site)
    assert not build.ok
    (problem,) = [d for d in build.diagnostics if d.id == "config.invalid"]
    assert "missing.md" in problem.message and "print_pages" in problem.message
