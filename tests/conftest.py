import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, mkdocs_build  # noqa: E402  (the line above makes it importable)


@pytest.fixture(scope="session")
def real_review(tmp_path_factory):
    """The review itself, built once per test session, strictly, with every check on."""
    build = mkdocs_build(ROOT, "--strict", site_dir=tmp_path_factory.mktemp("real-review") / "site")
    assert build.ok, build.output
    return build
