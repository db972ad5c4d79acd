"""The site engine: MkDocs 1.6, or ProperDocs (its maintained fork) where MkDocs is not installed.

ProperDocs answers to the ``mkdocs.*`` module names once ``properdocs.replacement`` is imported (its own
command does this first), so the rest of this subpackage imports ``mkdocs`` either way.
"""

from __future__ import annotations

try:
    import mkdocs  # noqa: F401
except ImportError:  # pragma: no cover - exercised where only ProperDocs is installed
    import properdocs.replacement  # noqa: F401

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

__all__ = ["ConfigurationError", "build", "load_config"]
