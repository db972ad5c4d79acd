"""`review new FOLDER` writes a complete small review that builds at once, with no word of the Norec review."""

import subprocess
import sys

from bs4 import BeautifulSoup

from harness import mkdocs_build


def test_review_new_writes_a_review_that_builds_with_every_view(tmp_path):
    folder = tmp_path / "water-committees"
    made = subprocess.run([sys.executable, "-m", "review_publisher.cli", "new", str(folder)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    for path in ("mkdocs.yml", "macros/__init__.py", "README.md", "CONTRIBUTING.md", "CITATION.cff",
                 ".github/workflows/publish.yml", "data/vocabulary.yml", "data/sources.yml"):
        assert (folder / path).is_file(), path
    assert "site_name: \"Water committees\"" in (folder / "mkdocs.yml").read_text()
    build = mkdocs_build(folder)
    assert build.ok, build.output
    for page in ("map", "findings", "sources", "timeline", "bibliography", "downloads"):
        html = (build.site_dir / page / "index.html").read_text(encoding="utf-8")
        text = BeautifulSoup(html, "html.parser").get_text(" ")
        for word in ("Norec", "FK Norway", "Fredskorpset", "edition", "programme"):
            assert word not in text, (page, word)
    assert (build.site_dir / "sources" / "example2020report" / "index.html").is_file()


def test_review_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    made = subprocess.run([sys.executable, "-m", "review_publisher.cli", "new", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 1 and "not empty" in made.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]
