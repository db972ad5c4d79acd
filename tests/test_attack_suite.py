"""The attack suite: each folder of tests/sites/attacks/ is one named case, planted in a copy of a small valid review.

A case's ``case.json`` says what it tries (``about``), and either the located messages the build must give
(``expect``: path, line, id) or that the input is legal and must build (``builds``). Its ``overlay/`` folder holds
files laid over the review; ``patch`` replaces text in the review's files, ``links`` makes symbolic links,
``config_extra`` is added to mkdocs.yml; ``generated`` makes large files
(start + repeat × times). Whatever the case, no code may run (the payloads try to create a marker
file), no environment value may reach any output, and no run may end in a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness import LOCATED, copy_site, mkdocs_build

CASES = Path(__file__).resolve().parent / "sites" / "attacks"
MARKER = Path("/tmp/review-attack-marker")  # the payloads try to create this file
SECRET = "review-secret-5d1e0b"  # put in the build's environment; no output file may contain it


def plant(case: Path, tmp_path: Path) -> Path:
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    site = copy_site("evidence_tables", tmp_path)
    overlay = case / "overlay"
    if overlay.is_dir():
        shutil.copytree(overlay, site, dirs_exist_ok=True)
    for name, (old, new) in spec.get("patch", {}).items():
        target = site / name
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{case.name}: the patch does not apply to {name}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, recipe in spec.get("generated", {}).items():  # large inputs are made, not stored
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(recipe["start"] + recipe["repeat"] * recipe["times"], encoding="utf-8")
    for name, points_to in spec.get("links", {}).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(points_to, site / name)
    if spec.get("config_extra"):
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + spec["config_extra"], encoding="utf-8")
    return site


def found_after_rendering(id_: str) -> bool:
    """Ids that only the built HTML can show; `review check` renders nothing."""
    return id_.startswith(("html.", "link.")) or id_ == "cite.leftover"


def outputs_holding(site_dir: Path, needles: list[bytes]) -> list[str]:
    if not site_dir.exists():
        return []
    return [str(path) for path in site_dir.rglob("*") if path.is_file() and not path.is_symlink()
            and path.suffix != ".gz" and any(needle in path.read_bytes() for needle in needles)]


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_attack_case(case: Path, tmp_path: Path, monkeypatch):
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    site = plant(case, tmp_path)
    MARKER.unlink(missing_ok=True)
    monkeypatch.setenv("REVIEW_TEST_SECRET", SECRET)
    build = mkdocs_build(site)

    assert not MARKER.exists(), "a payload ran code during the build"
    assert "Traceback" not in build.output, build.output
    assert outputs_holding(build.site_dir, [SECRET.encode(), b"root:x:0:0", b"uid=0("]) == []
    if spec.get("builds"):
        assert build.ok, build.output
        for needle in spec.get("absent", []):
            assert outputs_holding(build.site_dir, [needle.encode()]) == [], f"{needle!r} reached the site"
        for page, needles in spec.get("present", {}).items():
            text = (build.site_dir / page).read_text(encoding="utf-8")
            for needle in needles:
                assert needle in text, f"{needle!r} is missing from {page}"
    else:
        assert not build.ok, build.output
        for path, line, id_ in spec["expect"]:
            assert (path, line, id_) in build.ids_at(), build.output
        assert not (build.site_dir / "index.html").exists(), "a failed build published nothing"
        if not any(found_after_rendering(id_) for _, _, id_ in spec["expect"]):
            # Found before rendering: `review check` finds the same, at the same places.
            checked = subprocess.run([sys.executable, "-m", "review_publisher.cli", "check"], cwd=site, capture_output=True,
                                     text=True, timeout=300)
            assert checked.returncode == 1
            found = {(m["path"], int(m["line"]), m["id"]) for m in LOCATED.finditer(checked.stdout + checked.stderr)}
            for path, line, id_ in spec["expect"]:
                assert (path, line, id_) in found, checked.stdout + checked.stderr
        # Every message of the run is in the located form, one a line, and names a file of the review.
        for located in LOCATED.finditer(build.output):
            assert not located["path"].startswith("site/"), located.group(0)
