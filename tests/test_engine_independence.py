"""The core runs without the site engine: every module outside review_publisher/mkdocs/ (and cli.py) imports with
MkDocs and ProperDocs blocked; and what the core computes the engine's way matches the engine."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

import pytest

import review_publisher

CORE = sorted(info.name for info in pkgutil.walk_packages(review_publisher.__path__, "review_publisher.")
              if not info.name.startswith("review_publisher.mkdocs") and info.name != "review_publisher.cli")

BLOCKER = """
import importlib.abc, sys
class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("mkdocs", "properdocs", "material", "mkdocs_macros"):
            raise ImportError(f"{name} is blocked: the core must not import the site engine")
sys.meta_path.insert(0, Blocked())
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
print("imported", len(sys.argv) - 1)
"""


def test_every_core_module_imports_with_the_engine_blocked():
    assert len(CORE) > 20
    result = subprocess.run([sys.executable, "-c", BLOCKER, *CORE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"imported {len(CORE)}" in result.stdout


def test_the_engine_lives_in_one_subpackage():
    adapters = sorted(info.name for info in pkgutil.walk_packages(review_publisher.__path__, "review_publisher.")
                      if info.name.startswith("review_publisher.mkdocs."))
    assert {"review_publisher.mkdocs.plugin", "review_publisher.mkdocs.config"} <= set(adapters)


@pytest.mark.parametrize("url, other", [
    ("a/b/", "c/"), ("x.css", "a/b.html"), ("a/", "."), ("", "a/"), ("./", "a/b/"), ("a/b/c/", "a/b/"),
    ("sources/k/k.bib", "sources/k/"), ("downloads/library.bib", "evidence/downloads/"), ("index.html", "a/b.html"),
])
def test_relative_urls_match_the_engine(url, other):
    from mkdocs.utils import get_relative_url as engine

    from review_publisher.render.urls import get_relative_url

    assert get_relative_url(url, other) == engine(url, other)


def test_front_matter_pattern_matches_the_engine():
    from mkdocs.utils.meta import YAML_RE

    from review_publisher.content.page_source import YAML_RE as ours

    assert (ours.pattern, ours.flags) == (YAML_RE.pattern, YAML_RE.flags)
    assert re.compile(ours.pattern, ours.flags).match("---\ntitle: A\n---\n")


ONLY_PROPERDOCS = """
import importlib.abc, sys
class NoStockMkDocs(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if (name == "mkdocs" or name.startswith("mkdocs.")) and "properdocs.replacement" not in sys.modules:
            raise ImportError(f"{name}: stock MkDocs is not installed here")
        return None
sys.meta_path.insert(0, NoStockMkDocs())
from review_publisher.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_review_check_runs_where_only_properdocs_is_installed(tmp_path):
    import importlib.util
    import os

    from harness import copy_site

    if importlib.util.find_spec("properdocs") is None:
        if os.environ.get("CI"):
            pytest.fail("ProperDocs is missing: pip install -e '.[test]' installs it")
        pytest.skip("ProperDocs is not installed")
    site = copy_site("evidence_tables", tmp_path)
    (site / "docs" / "broken.md").write_text("# Broken\n\n{{ config }}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", ONLY_PROPERDOCS, "check"], cwd=site, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docs/broken.md:3: [content.undefined_name]" in result.stdout
