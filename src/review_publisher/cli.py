"""The ``review`` command. ``review check`` runs every validation of a build without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review_publisher.mkdocs import engine  # MkDocs, or ProperDocs where MkDocs is not installed

load_config, ConfigurationError = engine.load_config, engine.ConfigurationError


def check(config_file: Path) -> int:
    """Print every problem of the review; 0 when there is no error, 1 otherwise.

    The plugins' configuration step runs as in a build, so the review's own macros (registered by its
    macros/__init__.py) are known, then the review is loaded and checked exactly as a build loads it.
    """
    try:
        config = load_config(str(config_file))
        review = config.plugins.get("review")
        if review is None:
            print(f"{config_file}:1: [config.invalid] the 'review' plugin is not listed under plugins:",
                  file=sys.stderr)
            return 1
        if not review.config.enabled:
            print(f"{config_file}: the review plugin is switched off (enabled: false); nothing was checked")
            return 0
        config = config.plugins.on_config(config)
    except ConfigurationError as error:
        print(f"{config_file}:1: [config.invalid] {error}", file=sys.stderr)
        return 1
    project = review.load()
    print(project.diagnostics.report())
    return 1 if project.diagnostics.errors else 0


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="review", description="Check and publish an evidence review.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="check the library, the data and every page, without building")
    check_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                              help="the review's mkdocs.yml (default: ./mkdocs.yml)")
    verify_parser = commands.add_parser("verify", help="check a built site's HTML (links, anchors, unsafe markup)")
    verify_parser.add_argument("site_dir", type=Path, nargs="?", default=Path("site"),
                               help="the built site (default: ./site)")
    verify_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                               help="the review's mkdocs.yml, for its theme (default: ./mkdocs.yml)")
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return check(arguments.config_file)
    if arguments.command == "verify":
        return verify(arguments.site_dir, arguments.config_file)
    return 2  # unreachable: argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
