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
