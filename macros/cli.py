"""The ``review`` command. ``review check`` runs every validation of a build without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from .plugin import config_problems
from .project import load_project
from .settings import settings_from_mkdocs


def check(config_file: Path) -> int:
    """Print every problem of the review; 0 when there is no error, 1 otherwise."""
    try:
        config = load_config(str(config_file))
    except ConfigurationError as error:
        print(f"{config_file}: [config.invalid] {error}", file=sys.stderr)
        return 1
    review = config.plugins.get("review")
    if review is None:
        print(f"{config_file}:1: [config.invalid] the 'review' plugin is not listed under plugins:", file=sys.stderr)
        return 1
    settings = settings_from_mkdocs(config, review.config)
    project = load_project(settings)
    project.diagnostics.extend(config_problems(config, settings))
    print(project.diagnostics.report())
    return 1 if project.diagnostics.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="review", description="Check and publish an evidence review.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="check the library, the data and every page, without building")
    check_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                              help="the review's mkdocs.yml (default: ./mkdocs.yml)")
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return check(arguments.config_file)
    return 2  # unreachable: argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
