"""A review's maintainers register a macro of their own in macros/__init__.py with one call; pages may call it
like a built-in one, the content gate and `review check` accept its literal calls, and a second build in the same
process (as under `mkdocs serve`) registers it again without complaint."""

import subprocess
import sys

from harness import copy_site, mkdocs_build


def test_a_macro_of_the_reviews_own_renders_and_is_checked(tmp_path):
    site = copy_site("own_macro", tmp_path)
    build = mkdocs_build(site)
    assert build.ok, build.output
    strong = build.html().select_one("article strong")
    assert strong.get_text() == "HELLO <B>WORLD</B>"
    again = mkdocs_build(site)
    assert again.ok, again.output
    check = subprocess.run([sys.executable, "-m", "review_publisher.cli", "check"], cwd=site, capture_output=True,
                           text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def test_its_calls_are_gated_like_the_built_in_ones(tmp_path):
    site = copy_site("own_macro", tmp_path)
    (site / "docs" / "bad.md").write_text('# Bad\n\n{{ shout(config) }} and {{ shout("a") | upper }}\n')
    build = mkdocs_build(site)
    assert not build.ok
    assert ("docs/bad.md", 3, "content.forbidden_template") in build.ids_at(), build.output


def test_a_name_that_is_taken_is_refused(tmp_path):
    site = copy_site("own_macro", tmp_path)
    module = site / "macros" / "__init__.py"
    module.write_text(module.read_text().replace("connect(env).register(shout)",
                                                 "connect(env).register(shout, name='cite')"))
    build = mkdocs_build(site)
    assert not build.ok
    assert "the macro name 'cite' is taken" in build.output
