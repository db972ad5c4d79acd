"""Build tiny sites and real reviews in a temporary folder, and read what came out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
LOCATED = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): \[(?P<id>[a-z_]+\.[a-z_0-9]+)\] (?P<message>.*)$", re.M)


@dataclass(frozen=True)
class Located:
    path: str
    line: int
    id: str
    message: str


@dataclass
class Build:
    returncode: int
    output: str
    site_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def diagnostics(self) -> list[Located]:
        return [Located(m["path"], int(m["line"]), m["id"], m["message"]) for m in LOCATED.finditer(self.output)]

    def ids_at(self) -> set[tuple[str, int, str]]:
        return {(d.path, d.line, d.id) for d in self.diagnostics}

    def html(self, page: str = "index.html") -> BeautifulSoup:
        return BeautifulSoup((self.site_dir / page).read_text(encoding="utf-8"), "html.parser")


def copy_site(name: str, into: Path) -> Path:
    """Copy tests/sites/<name> and the shared base config into a temporary folder; return the site's folder."""
    shutil.copy(SITES / "_base.yml", into / "_base.yml")
    target = into / name
    shutil.copytree(SITES / name, target)
    return target


def mkdocs_build(project: Path, *extra: str, site_dir: Path | None = None) -> Build:
    """Run `mkdocs build` as a contributor would, never with -q or -v (they hide link and anchor problems)."""
    site_dir = site_dir or project / "site"
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
                                "-d", str(site_dir), *extra],
                               cwd=project, capture_output=True, text=True, env=environment, timeout=300)
    return Build(completed.returncode, completed.stdout + completed.stderr, site_dir)


def build_site(name: str, tmp_path: Path) -> Build:
    return mkdocs_build(copy_site(name, tmp_path))


def build_ok(name: str, tmp_path_factory) -> Build:
    """Build a tiny site that must build cleanly (for module-scoped fixtures shared by several tests)."""
    build = build_site(name, tmp_path_factory.mktemp(name))
    assert build.ok, build.output
    return build
