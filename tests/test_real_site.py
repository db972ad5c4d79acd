"""The review itself: `review check` passes and the site builds in strict mode, through the real commands."""

import os
import shutil
import subprocess
import sys

from harness import ROOT


def copy_review(tmp_path):
    """The review's own files, copied so that the build cannot touch the working tree."""
    target = tmp_path / "review"
    target.mkdir()
    for name in ("mkdocs.yml", "docs", "bibliography", "data", "macros"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    return target


def test_real_site_builds_strictly_with_every_check(real_review):
    build = real_review
    assert build.diagnostics == []
    assert "WARNING" not in build.output
    home = build.html()
    assert home.select_one("h1").get_text(strip=True).startswith("What do we know about exchange for development?")
    messages = build.html("contribute/messages/index.html")
    assert messages.select_one("th#id-link\\.not_found") is not None


def test_review_check_passes_on_the_review_and_fails_on_a_broken_page(tmp_path):
    review = copy_review(tmp_path)
    command = [sys.executable, "-m", "review_publisher.cli", "check", "-f", str(review / "mkdocs.yml")]
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    passed = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.strip().endswith("0 error(s), 0 warning(s), 0 note(s)")

    (review / "docs" / "broken.md").write_text("# Broken\n\n{{ config.site_name }}\n\n{{ nope() }}\n")
    failed = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert failed.returncode == 1
    assert "docs/broken.md:3: [content.forbidden_template]" in failed.stdout
    assert "docs/broken.md:5: [content.undefined_name]" in failed.stdout
    assert failed.stdout.strip().endswith("2 error(s), 0 warning(s), 0 note(s)")


def test_the_addresses_contributing_documents_are_the_ones_built(real_review):
    """CONTRIBUTING tells editors that a finding lives at #finding-<id> and a source at sources/<key>/."""
    import re

    from review_publisher.render.addresses import finding_anchor, source_page_path

    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    documented_finding = re.search(r"`#(finding-[a-z0-9-]+)`", guide).group(1)
    assert "`sources/<key>/`" in guide
    build = real_review
    findings = build.html("evidence/findings/index.html")
    assert findings.select_one(f"#{documented_finding}") is not None
    assert documented_finding == finding_anchor(documented_finding.removeprefix("finding-"))
    assert source_page_path("allum2019") == "sources/allum2019.md"
    assert (build.site_dir / "sources" / "allum2019" / "index.html").is_file()
