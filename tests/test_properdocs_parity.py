"""ProperDocs, the maintained fork of MkDocs 1.6, builds the real review into the same site as MkDocs: every file
identical apart from the generator tag. (Skipped only outside CI where ProperDocs is missing; in CI it must run.)"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness import ROOT

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def build_with(engine: str, review: Path, site: Path) -> None:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    result = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-d", str(site)], cwd=review,
                            capture_output=True, text=True, env=environment, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): GENERATOR_TAG.sub(b"", path.read_bytes())
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_properdocs_builds_the_review_as_mkdocs_does(tmp_path):
    if importlib.util.find_spec("properdocs") is None:
        if os.environ.get("CI"):
            pytest.fail("ProperDocs is missing: pip install -e '.[test]' installs it")
        pytest.skip("ProperDocs is not installed (pip install -e '.[test]')")
    review = tmp_path / "review"
    review.mkdir()
    for name in ("mkdocs.yml", "docs", "bibliography", "data", "macros"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, review / name)
    build_with("mkdocs", review, tmp_path / "by-mkdocs")
    build_with("properdocs", review, tmp_path / "by-properdocs")
    by_mkdocs, by_properdocs = files_of(tmp_path / "by-mkdocs"), files_of(tmp_path / "by-properdocs")
    assert sorted(by_mkdocs) == sorted(by_properdocs)
    different = [name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name]]
    assert different == []
