"""`mkdocs serve` while the review has problems: every page of the preview lists them, and reloads when fixed.

MkDocs' preview server keeps the browser waiting, with no message, when a rebuild raises. So a failed build
writes an error page at every address of the preview, and the server is told that the rebuild happened, which
makes the browsers reload to it. The next good build replaces it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from review_publisher.diagnostics import Diagnostics
from review_publisher.mkdocs.build_state import BuildState
from review_publisher.site_output import ErrorSite

# Not under MkDocs' logger: in strict mode its count of errors would abort the preview itself.
preview_log = logging.getLogger("review.preview")


def show_errors(state: BuildState, problems: Diagnostics) -> None:
    """Every address of the preview answers with the located messages."""
    ErrorSite(problems).write(state.site.final, state.error_pages or state.built_outputs())
    state.error_shown = True
    preview_log.error(f"the review has problems; every page of the preview lists them:\n{problems.report()}")


def show_rebuild_errors(rebuild: Callable[[], None],
                        current_state: Callable[[], BuildState | None]) -> Callable[[], None]:
    """The preview server's rebuild, made to show whatever a failed rebuild raised instead of hanging."""
    def rebuild_showing_errors() -> None:
        before = current_state()
        try:
            rebuild()
        except Exception as error:  # noqa: BLE001 - anything a rebuild raises is shown, never a stuck browser
            state = current_state()
            if state is not None and state is not before and state.error_shown:
                return  # this build wrote the error pages itself, with every located message
            shown = state or before
            if shown is None:
                raise
            ErrorSite.from_exception(error).write(shown.site.final, shown.built_outputs() or ["index.html"])
            preview_log.error(f"the preview shows this error on every page: {error}")

    return rebuild_showing_errors


class CompiledTemplates(BytecodeCache):
    """The theme's templates as compiled by the last builds of this preview, in memory only.

    MkDocs makes a new template environment for every build, so each rebuild would compile the theme again;
    Jinja finds a template here under its name and the checksum of its source, so an edited template is
    compiled afresh. Nothing is written to disk."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
