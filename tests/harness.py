"""Build tiny sites and real reviews in a temporary folder, and read what came out."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
# A located message; notes come through the engine's log, after its level ("INFO    -  ").
LOCATED = re.compile(r"^(?:[A-Z]+ +- +)?(?P<path>[^\s:][^:]*):(?P<line>\d+): \[(?P<id>[a-z_]+\.[a-z_0-9]+)\] "
                     r"(?P<message>.*)$", re.M)


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


def mkdocs_build(project: Path, *extra: str, site_dir: Path | None = None, serve_dirty: bool = False) -> Build:
    """Build a site in this process with MkDocs' own build API, as `mkdocs build` would (so coverage sees the
    generator at work). ``extra`` takes the command's --strict / --no-strict. The output holds every log line
    and, for anything but MkDocs' own aborts, the traceback: tests assert that there is none.

    ``serve_dirty`` builds as each rebuild of `mkdocs serve --dirty` does: the engine keeps the plugins of the
    last build of this process, and builds with ``dirty=True``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    site_dir = site_dir or project / "site"
    options = {"strict": True} if "--strict" in extra else {"strict": False} if "--no-strict" in extra else {}
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    loggers = [logging.getLogger("mkdocs"), logging.getLogger("review")]
    for logger in loggers:
        logger.addHandler(handler)
    previous_level = loggers[0].level
    loggers[0].setLevel(logging.INFO)
    returncode = 0
    config = None
    # Each review has its own `macros` module, which mkdocs-macros imports by that name: forget the last one, as a
    # new process would, and the folders it added to the import path.
    for name in [name for name in sys.modules if name == "macros" or name.startswith("macros.")]:
        del sys.modules[name]
    import_path = list(sys.path)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), **options)
        config.plugins.on_startup(command="serve" if serve_dirty else "build", dirty=serve_dirty)
        build(config, dirty=serve_dirty)
    except (Abort, BuildError, ConfigurationError) as error:
        returncode = 1
        captured.write(f"\n{error}\n")
    except Exception:  # noqa: BLE001 - a crash is a finding: its traceback goes into the output
        returncode = 1
        captured.write("\n" + traceback.format_exc())
    finally:
        if config is not None:
            config.plugins.on_shutdown()
        for logger in loggers:
            logger.removeHandler(handler)
        loggers[0].setLevel(previous_level)
        sys.path[:] = import_path
    return Build(returncode, captured.getvalue(), site_dir)


def mkdocs_build_in_subprocess(project: Path, *extra: str, site_dir: Path | None = None) -> Build:
    """Run the `mkdocs build` command itself, in a process of its own (for builds that run at the same time)."""
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
