"""Rendering a page's macro calls: the content gate on the exact text, then only its literal calls are run.

mkdocs-macros would render each page, and its title, in a Jinja environment that holds the whole MkDocs config,
``cycler``, ``joiner``, ``namespace``, ``lipsum`` and every filter: from any of them Python is a few attributes
away. So the review plugin renders pages itself, right here, and tells mkdocs-macros to leave every page alone.

1. the content gate parses the very string about to be rendered, with the build's markers, and refuses it unless
   every template construct is a literal call of a registered macro with constant arguments;
2. the page is then never compiled: the gate's own parse of this exact text, a list of text and literal calls,
   is what runs. Joining the text with each call's result is what Jinja's renderer would produce (the
   ``sandbox_environment`` below, whose globals, filters and tests are empty, is kept as the reference the tests
   compare with), without turning a contributor's page into Python code at all, and without the cost of
   compiling a template for every page of every build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from review_publisher.cache.disk_cache import Verdicts
from review_publisher.diagnostics import Diagnostic, problem
from review_publisher.files import UNEXPECTED_INPUT, unexpected
from review_publisher.gates.content_gate import MacroCall, environment_markers, scan_page


def sandbox_environment(markers: Mapping[str, str]) -> ImmutableSandboxedEnvironment:
    """A sandbox with the build's markers and nothing in it: no globals, no filters, no tests, no loader."""
    environment = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                                                keep_trailing_newline=True, **dict(markers))
    environment.globals.clear()
    environment.filters.clear()
    environment.tests.clear()
    return environment


def has_template_markers(text: str, markers: Mapping[str, str]) -> bool:
    """Whether Jinja would see anything but text: without a start marker, rendering returns the text unchanged."""
    starts = (markers.get("variable_start_string", "{{"), markers.get("block_start_string", "{%"),
              markers.get("comment_start_string", "{#"))
    return any(start in text for start in starts)


class RenderRefused(Exception):
    """The gate refused the text about to be rendered; ``problems`` says where and why."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def render_checked(text: str, shown_as: str, first_line: int, environment: ImmutableSandboxedEnvironment,
                   macros: Mapping[str, Callable[..., str]], passed: Verdicts | None = None) -> str:
    """The text with its macro calls expanded, after the gate has passed this exact text.

    ``first_line`` is the line of the file on which ``text`` starts, so that problems point into the file;
    ``passed`` holds the texts that passed the gate in earlier builds (content_gate.passed_pages).
    """
    if not has_template_markers(text, environment_markers(environment)):
        return text
    result = scan_page(text, shown_as, environment, macros, passed)
    if result.problems:
        raise RenderRefused([_shifted(p, first_line) for p in result.problems])
    try:
        return "".join(piece if isinstance(piece, str) else _call(piece, macros) for piece in result.pieces)
    except (jinja2.TemplateError, RecursionError) as error:
        line = getattr(error, "lineno", None) or 1
        raise RenderRefused([problem(shown_as, line + first_line - 1, "content.template_syntax",
                                     f"the page cannot be rendered: {error}")]) from None
    except UNEXPECTED_INPUT as error:
        # A macro met arguments or data it did not expect: a located message, never a traceback.
        raise RenderRefused([unexpected(shown_as, error)]) from None


def _call(call: MacroCall, macros: Mapping[str, Callable[..., str]]) -> str:
    """One literal call's output, as Jinja prints an expression: ``str()`` of the value (autoescape is off)."""
    return str(macros[call.name](*call.args, **call.kwargs))


def _shifted(found: Diagnostic, first_line: int) -> Diagnostic:
    return problem(found.path, found.line + first_line - 1, found.id, found.message)


def bind_macros(functions: Mapping[str, Callable[..., str]], context: object,
                names: Iterable[str] | None = None) -> Mapping[str, Callable[..., str]]:
    """The macros a page may call, each with the page's context as its first argument (bound when called: most
    pages call none, and a build of 10,000 sources made 165,000 bound functions it never called)."""
    chosen = functions if names is None else {name: functions[name] for name in names}
    return _BoundMacros(chosen, context)


class _BoundMacros(Mapping[str, Callable[..., str]]):
    def __init__(self, functions: Mapping[str, Callable[..., str]], context: object) -> None:
        self._functions, self._context = functions, context

    def __getitem__(self, name: str) -> Callable[..., str]:
        return _bound(self._functions[name], self._context)

    def __iter__(self) -> Iterator[str]:
        return iter(self._functions)

    def __len__(self) -> int:
        return len(self._functions)


def _bound(function: Callable[..., str], context: object) -> Callable[..., str]:
    def macro(*args, **kwargs):
        return function(context, *args, **kwargs)

    macro.__name__ = getattr(function, "__name__", "macro")
    return macro
