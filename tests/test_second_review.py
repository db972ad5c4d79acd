"""The guide "Publish your own review" is proven by building the review it describes: its files are taken from
the guide's own page, written into a separate folder, and built with the installed generator."""

import re
import subprocess
import sys

from harness import ROOT, mkdocs_build
from review_publisher.gates.content_gate import jinja_environment, scan_page
from review_publisher.page_macros.registry import MACROS

GUIDE = ROOT / "docs" / "contribute" / "publish-your-own.md"


FILE_BLOCK = re.compile(r"^\*\*File `(?P<name>[^`]+)`\*\*\n\n(?P<fence>`{3,})\w*\n(?P<body>.*?)\n(?P=fence)$",
                        re.M | re.S)


def guide_files() -> dict[str, str]:
    """The files the guide lists, as plain Markdown shows them: a bold file name, then a fenced block."""
    text = GUIDE.read_text(encoding="utf-8")
    environment = jinja_environment({"comment_start_string": "{##", "comment_end_string": "##}"})
    assert scan_page(text, "guide", environment, MACROS).problems == []
    return {match["name"]: match["body"] + "\n" for match in FILE_BLOCK.finditer(text)}


def test_the_guide_is_plain_markdown_and_documents_every_macro_setting_field_and_text():
    from review_publisher.mkdocs.config import ReviewPluginConfig
    from review_publisher.texts import TEXT_NAMES

    text = GUIDE.read_text(encoding="utf-8")
    assert "macro_example(" not in text, "code in the guide is shown as written, in fenced blocks"
    names = list(MACROS) + [name for name, _ in ReviewPluginConfig._schema] + list(TEXT_NAMES)
    from review_publisher.evidence.model import schema_check

    for schema in ("sources", "findings", "vocabulary"):
        definition = schema_check(schema).schema
        parts = [definition, definition.get("$defs", {}).get("record", {}), definition.get("$defs", {}).get("term", {}),
                 definition.get("properties", {}).get("findings", {}).get("items", {})]
        names += [name for part in parts for name in part.get("properties", {})]
    missing = sorted({name for name in names if f"`{name}`" not in text})
    assert missing == [], missing


def test_the_guide_lists_a_complete_review():
    assert set(guide_files()) == {"mkdocs.yml", "macros/__init__.py", "docs/index.md", "docs/findings.md",
                                  "bibliography/library.bib", "data/vocabulary.yml", "data/sources.yml",
                                  "data/findings/learning.yml"}


def test_a_second_review_builds_from_a_separate_folder(tmp_path):
    folder = tmp_path / "another-review"
    for name, content in guide_files().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")
    module = (folder / "macros" / "__init__.py").read_text(encoding="utf-8")
    assert "from review_publisher" in module and len(module.splitlines()) < 10, \
        "the second review's macros/ only connects the installed generator"
    check = subprocess.run([sys.executable, "-m", "review_publisher.cli", "check", "-f", str(folder / "mkdocs.yml")],
                           capture_output=True, text=True, cwd=folder)
    assert check.returncode == 0, check.stdout + check.stderr
    build = mkdocs_build(folder)
    assert build.ok, build.output
    home = build.html()
    citation = home.select_one("span.review-cite")
    assert citation.select_one("a.review-cite__link").get_text() == "Doe, 2020, p. 4"
    source = build.html("sources/doe2020/index.html")
    assert source.select_one("h1").get_text(strip=True) == "Learning through exchange"
    assert [a.get_text() for a in source.select("ul.review-source__findings a")] == [
        "Peer exchange helped staff learn."]
    assert build.html("findings/index.html").select_one("tr#finding-peer-learning") is not None
    assert (build.site_dir / "downloads" / "library.bib").is_file()
