"""The ``review`` command. ``review check`` checks the review's sources as a build loads them, reading again only
what changed (``--site``: every check of a build, building into a folder it throws away); ``review verify`` checks
a finished site's HTML in a process of its own."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from review_publisher.mkdocs import engine  # MkDocs, or ProperDocs where MkDocs is not installed

load_config, ConfigurationError = engine.load_config, engine.ConfigurationError


def check(config_file: Path, site: bool = False) -> int:
    """Check the review's sources, or with ``site`` everything a build checks; print every problem.

    Without ``site``: the library, the data, every page, citation and macro call and the references between them,
    exactly as a build loads them, with what earlier runs found in unchanged files kept in ``.review-cache/``
    (check/source_check.py). The exit code follows the build's rule: 1 on an error, or on a warning when
    mkdocs.yml sets ``strict: true``.
    """
    if site:
        return check_site(config_file)
    loaded = _review_plugin(config_file)
    if isinstance(loaded, int):
        return loaded
    config, review = loaded
    with _capturing() as captured:
        config = config.plugins.on_config(config)  # the review's own macros register here (mkdocs-macros)
    return _reported(review.check_sources(), captured, config_file, bool(config.strict))


def _reported(problems, captured: _Captured, config_file: Path, strict: bool) -> int:
    """Print every problem, with what MkDocs itself logged; the exit code by the build's rule."""
    from review_publisher.diagnostics import problem

    problems.extend(captured.located)
    problems.extend(problem(str(config_file), 1, "config.invalid", f"MkDocs warned: {message}")
                    for message in captured.engine)
    print(problems.report())
    return 1 if problems.errors or (strict and (problems.warnings or captured.engine)) else 0


def _review_plugin(config_file: Path):
    """(config, the review plugin) of a review, or the exit code after saying why there is none."""
    try:
        config = load_config(str(config_file))
    except ConfigurationError as error:
        print(f"{config_file}:1: [config.invalid] {error}", file=sys.stderr)
        return 1
    review = config.plugins.get("review")
    if review is None:
        print(f"{config_file}:1: [config.invalid] the 'review' plugin is not listed under plugins:", file=sys.stderr)
        return 1
    if not review.config.enabled:
        print(f"{config_file}: the review plugin is switched off (enabled: false); nothing was checked")
        return 0
    return config, review


def check_site(config_file: Path) -> int:
    """Check the review exactly as a build does, and say so.

    The review is built into a temporary folder that is thrown away afterwards, so every check of a build runs:
    the library, the data, every page, the rendered HTML, and every link and anchor. Every problem is printed,
    notes included (the problems of library entries no page cites, which a build only counts). The exit code
    follows the build's rule: 1 on an error, or on a warning when mkdocs.yml sets ``strict: true``.
    """
    import tempfile

    from review_publisher.diagnostics import Diagnostics
    from review_publisher.mkdocs.engine import build

    loaded = _review_plugin(config_file)
    if isinstance(loaded, int):
        return loaded
    config, review = loaded
    problems = Diagnostics()
    with _capturing() as captured, tempfile.TemporaryDirectory(prefix="review-check-") as folder:
        config.site_dir = folder
        try:
            build(config)
        except Exception as error:  # noqa: BLE001 - the build reports its own problems; only unknown ones end here
            if not captured.located and type(error).__name__ not in ("Abort", "ReviewBuildError", "BuildError"):
                problems.add(str(config_file), 1, "content.unexpected", f"the build stopped: {error}")
    if review.project is not None:
        problems.extend(review.project.diagnostics)  # the notes too, which a build does not print one by one
    return _reported(problems, captured, config_file, bool(config.strict))


@contextmanager
def _capturing() -> Iterator[_Captured]:
    """What MkDocs and the plugins log meanwhile, captured."""
    captured = _Captured()
    logging.getLogger("mkdocs").addHandler(captured)
    try:
        yield captured
    finally:
        logging.getLogger("mkdocs").removeHandler(captured)


class _Captured(logging.Handler):
    """What a build logs at warning level or above: our located messages, and MkDocs' own warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.located: list = []
        self.engine: list[str] = []

    def emit(self, record) -> None:
        from review_publisher.diagnostics import parse_located

        message = record.getMessage()
        found = parse_located(message)
        if found:
            self.located.extend(found)
        elif record.levelno == logging.WARNING and not message.startswith("Aborted"):
            self.engine.append(" ".join(message.split()))


def verify(site_dir: Path, config_file: Path) -> int:
    """Check a finished site with the HTML gate, in a process of its own: 0 when it is clean, 1 otherwise.

    CI runs this after the build and before anything is uploaded, so that nothing a build did to itself (or to
    its own checks) can let a page through unchecked.
    """
    from urllib.parse import urlsplit

    from review_publisher.diagnostics import Diagnostics
    from review_publisher.gates.html_gate import theme_script_shapes
    from review_publisher.gates.site_gate import check_site

    try:
        config = load_config(str(config_file))
    except ConfigurationError as error:
        print(f"{config_file}: [config.invalid] {error}", file=sys.stderr)
        return 1
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}/index.html:1: [link.not_found] there is no built site here; build it first", file=sys.stderr)
        return 1
    shown = site_dir.as_posix().rstrip("/")
    problems = Diagnostics(check_site(site_dir, theme_script_shapes(config.theme.dirs),
                                      lambda output, line, needle: (f"{shown}/{output}", line),
                                      urlsplit(config.site_url or "/").path or "/"))
    print(problems.report())
    return 1 if problems.errors else 0


def new(folder: Path, site_name: str | None) -> int:
    """Write a complete small review into a new or empty folder: it builds at once."""
    from review_publisher.scaffold import new_review

    name = site_name or folder.resolve().name.replace("-", " ").replace("_", " ").capitalize()
    try:
        written = new_review(folder, name)
    except FileExistsError as error:
        print(f"review new: {error}", file=sys.stderr)
        return 1
    print(f"A new review, '{name}', in {folder}: {len(written)} files.")
    print(f"Next: cd {folder} && mkdocs serve   (and read CONTRIBUTING.md)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="review", description="Check and publish an evidence review.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="check the library, the data and every page as a build "
                                                     "loads them (only what changed is read again)")
    check_parser.add_argument("--site", action="store_true",
                              help="every check of a build (HTML, links and anchors included), building a site "
                                   "that is thrown away")
    check_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                              help="the review's mkdocs.yml (default: ./mkdocs.yml)")
    new_parser = commands.add_parser("new", help="write a complete small review that builds at once")
    new_parser.add_argument("folder", type=Path, help="a new or empty folder")
    new_parser.add_argument("--name", help="the site's name (default: from the folder's name)")
    verify_parser = commands.add_parser("verify", help="check a built site's HTML (links, anchors, unsafe markup)")
    verify_parser.add_argument("site_dir", type=Path, nargs="?", default=Path("site"),
                               help="the built site (default: ./site)")
    verify_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                               help="the review's mkdocs.yml, for its theme (default: ./mkdocs.yml)")
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return check(arguments.config_file, arguments.site)
    if arguments.command == "new":
        return new(arguments.folder, arguments.name)
    if arguments.command == "verify":
        return verify(arguments.site_dir, arguments.config_file)
    return 2  # unreachable: argparse rejects unknown commands


def run() -> None:
    """The `review` command as installed: main(), then out of the process without taking it apart.

    A check of a large review ends holding millions of small objects (the data, the cache's tables); Python frees
    them one by one on the way out, a second of nothing at 3,000 sources. Everything is written by then (files are
    closed, the cache moved into place), so output and logs are flushed and the process ends at once, as mypy's
    does. Tests call main(), which returns.
    """
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
