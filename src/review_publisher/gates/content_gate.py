"""The content gate: a Markdown page may call registered macros with constant arguments, and nothing else.

mkdocs-macros renders every page as a Jinja template, so as it comes any page can run Python during a build
(``{{ cycler.__init__.__globals__.os.environ }}``). Before anything is rendered, each page is parsed here with
Jinja's own lexer and parser, using the build's markers, front matter and HTML comments included, and every
template construct other than ``{{ name(constant, key=constant) }}`` is a located error. Because the parser is
Jinja's own, what passes here is exactly what the renderer will see.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes

from review_publisher.cache.disk_cache import DiskCache, Verdicts
from review_publisher.diagnostics import Diagnostic, problem

# Jinja statements and expressions, named the way a contributor would recognise them.
_STATEMENT_NAMES = {
    "Assign": "{% set %}", "AssignBlock": "{% set %}", "For": "{% for %}", "If": "{% if %}",
    "Macro": "{% macro %}", "CallBlock": "{% call %}", "FilterBlock": "{% filter %}", "With": "{% with %}",
    "Block": "{% block %}", "Extends": "{% extends %}", "Include": "{% include %}", "Import": "{% import %}",
    "FromImport": "{% from ... import %}", "ExprStmt": "{% do %}", "Scope": "a scoped block",
}
_EXPRESSION_NAMES = {
    "Getattr": "attribute access ('.')", "Getitem": "item access ('[...]')", "Filter": "a filter ('|')",
    "Test": "a test ('is')", "CondExpr": "an inline 'if'", "Concat": "'~' concatenation",
}


@dataclass(frozen=True)
class MacroCall:
    """One literal macro call found in a page."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(hash=False)
    line: int


@dataclass
class GateResult:
    """What the gate found: the page as text and literal calls in order (``pieces``), and its problems.

    When there are no problems, ``pieces`` is the whole page: joining the text with each call's result is exactly
    what Jinja would render (the lexer has already applied whitespace control and dropped comments).
    """

    calls: list[MacroCall] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    pieces: list[str | MacroCall] = field(default_factory=list)


def jinja_environment(markers: Mapping[str, str]) -> jinja2.Environment:
    """A parser-only environment with the build's markers (the ``j2_*`` options of mkdocs-macros)."""
    options: dict[str, Any] = dict(markers)
    return jinja2.Environment(**options)


def environment_markers(environment: jinja2.Environment) -> dict[str, str]:
    """The markers an environment was made with, as ``jinja2.Environment`` arguments."""
    names = ("variable_start_string", "variable_end_string", "block_start_string", "block_end_string",
             "comment_start_string", "comment_end_string")
    return {name: getattr(environment, name) for name in names}


def passed_pages(disk: DiskCache | None, environment: jinja2.Environment,
                 macro_names: Iterable[str]) -> Verdicts | None:
    """The texts that passed the gate in earlier builds, with the same markers and macros, and what it found."""
    if disk is None:
        return None
    markers = json.dumps(environment_markers(environment), sort_keys=True)
    return disk.verdicts("content-gate", markers, "\0".join(sorted(macro_names)))


def scan_page(text: str, path: str, environment: jinja2.Environment, macro_names: Iterable[str],
              passed: Verdicts | None = None) -> GateResult:
    """Check one page's whole source; return its literal macro calls and every problem found.

    ``passed`` holds what the gate found in texts that passed before (see ``passed_pages``): the very same text
    gives the same pieces, so it is not parsed again. A text with a problem is never stored."""
    known = set(macro_names)
    if passed is None:
        return _scan(text, path, environment, known)
    key = passed.key(text)
    kept = _decoded(passed.table.get(key), known, text)
    if kept is not None:
        return kept
    result = _scan(text, path, environment, known)
    if not result.problems:
        passed.table.put(key, _encoded_pieces(result.pieces, text))
    return result


def _encoded_pieces(pieces: list[str | MacroCall], text: str) -> list[Any]:
    """The pieces as JSON; a piece of text that is found as it is in the page, next after the last, is kept as
    its place ``[start, end]`` rather than its words: the page is at hand whenever the result is looked up (its
    key is the page's text), and a chapter expanded with its citations' HTML would otherwise be stored twice."""
    encoded: list[Any] = []
    position = 0
    for piece in pieces:
        if isinstance(piece, str):
            start = text.find(piece, position)
            if start >= 0 and piece:
                position = start + len(piece)
                encoded.append([start, position])
            else:  # changed by the lexer (whitespace control, a last newline): kept as it is
                encoded.append(piece)
            continue
        encoded.append({"call": piece.name, "args": [encoded_value(value) for value in piece.args],
                        "kwargs": {name: encoded_value(value) for name, value in piece.kwargs.items()},
                        "line": piece.line})
    return encoded


def encoded_value(value: Any) -> Any:
    """JSON keeps text, numbers and booleans apart, but not lists from tuples (Jinja passes both)."""
    if isinstance(value, list):
        return {"list": [encoded_value(item) for item in value]}
    if isinstance(value, tuple):
        return {"tuple": [encoded_value(item) for item in value]}
    return value


class _NotStored(ValueError):
    """A stored value that is not what ``_encoded_pieces`` writes: the page is parsed again."""


def _decoded(stored: Any, known: set[str], text: str) -> GateResult | None:
    if not isinstance(stored, list):
        return None
    result = GateResult()
    try:
        for piece in stored:
            if isinstance(piece, str):
                result.pieces.append(piece)
                continue
            if isinstance(piece, list):
                if not (len(piece) == 2 and all(type(end) is int for end in piece)
                        and 0 <= piece[0] < piece[1] <= len(text)):
                    raise _NotStored
                result.pieces.append(text[piece[0]:piece[1]])
                continue
            if not (isinstance(piece, dict) and piece.get("call") in known and isinstance(piece.get("args"), list)
                    and isinstance(piece.get("kwargs"), dict) and type(piece.get("line")) is int):
                raise _NotStored
            call = MacroCall(piece["call"], tuple(decoded_value(value) for value in piece["args"]),
                             {name: decoded_value(value) for name, value in piece["kwargs"].items()}, piece["line"])
            result.calls.append(call)
            result.pieces.append(call)
    except _NotStored:
        return None
    return result


def decoded_value(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), list):
        kind, items = next(iter(value.items()))
        if kind in ("list", "tuple"):
            decoded = [decoded_value(item) for item in items]
            return decoded if kind == "list" else tuple(decoded)
    raise _NotStored


def _scan(text: str, path: str, environment: jinja2.Environment, known: set[str]) -> GateResult:
    result = GateResult()
    try:
        # Lexing the whole page once more only to find raw blocks is a third of this scan; a page without the
        # word "raw" has none, whatever the review's markers are.
        for line, token, _ in environment.lex(text) if "raw" in text else ():
            if token == "raw_begin":
                result.problems.append(_forbidden(path, line, "a {% raw %} block"))
        tree = environment.parse(text)
    except jinja2.TemplateSyntaxError as error:
        result.problems.append(problem(path, error.lineno or 1, "content.template_syntax",
                                       f"macro brackets that do not parse: {error.message}"))
        return result
    except RecursionError:
        result.problems.append(problem(path, _first_marker_line(text), "content.template_syntax",
                                       "macro brackets nested too deeply to read; arguments are quoted text, "
                                       "numbers or flat lists of them"))
        return result
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            name = _STATEMENT_NAMES.get(type(statement).__name__, f"a {type(statement).__name__} statement")
            result.problems.append(_forbidden(path, statement.lineno, name))
            continue
        for node in statement.nodes:
            if isinstance(node, nodes.TemplateData):
                result.pieces.append(node.data)
                continue
            _check_expression(node, path, known, result)
    return result


def _check_expression(node: nodes.Node, path: str, known: set[str], result: GateResult) -> None:
    line = node.lineno
    if isinstance(node, nodes.Name):
        if node.name in known:
            result.problems.append(_forbidden(path, line, f"the macro name '{node.name}' without a call; "
                                                          f"write {node.name}(...)"))
        else:
            result.problems.append(_undefined(path, line, node.name, known))
        return
    if not isinstance(node, nodes.Call):
        result.problems.append(_forbidden(path, line, _describe(node)))
        return
    if not isinstance(node.node, nodes.Name):
        result.problems.append(_forbidden(path, line, f"a call of {_describe(node.node)}"))
        return
    name = node.node.name
    if name not in known:
        result.problems.append(_undefined(path, line, name, known))
        return
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        result.problems.append(_forbidden(path, line, f"'*' or '**' arguments in {name}(...)"))
        return
    args, kwargs, bad = [], {}, []
    for argument in node.args:
        value = _constant(argument)
        (bad.append(argument) if value is _NOT_CONSTANT else args.append(value))
    for keyword in node.kwargs:
        value = _constant(keyword.value)
        if value is _NOT_CONSTANT:
            bad.append(keyword.value)
        else:
            kwargs[keyword.key] = value
    if bad:
        for argument in bad:
            result.problems.append(_forbidden(path, argument.lineno,
                                              f"{_describe(argument)} as an argument of {name}(...); "
                                              f"arguments must be quoted text, numbers or lists of them"))
        return
    result.calls.append(MacroCall(name, tuple(args), kwargs, line))
    result.pieces.append(result.calls[-1])


_NOT_CONSTANT = object()


MAX_ARGUMENT_DEPTH = 4  # a list of lists is as deep as any macro's arguments go


def _constant(node: nodes.Node, depth: int = 0) -> Any:
    """The value of a literal argument, or _NOT_CONSTANT for anything that would be evaluated."""
    if isinstance(node, nodes.Const) and isinstance(node.value, (str, int, float, bool)):
        return node.value
    if isinstance(node, (nodes.List, nodes.Tuple)) and depth < MAX_ARGUMENT_DEPTH:
        values = [_constant(item, depth + 1) for item in node.items]
        if any(v is _NOT_CONSTANT for v in values):
            return _NOT_CONSTANT
        return tuple(values) if isinstance(node, nodes.Tuple) else values  # as Jinja would pass them
    return _NOT_CONSTANT


def _first_marker_line(text: str) -> int:
    positions = [p for p in (text.find("{{"), text.find("{%")) if p != -1]
    return text.count("\n", 0, min(positions)) + 1 if positions else 1


def _describe(node: nodes.Node) -> str:
    kind = type(node).__name__
    if kind in _EXPRESSION_NAMES:
        return _EXPRESSION_NAMES[kind]
    if isinstance(node, nodes.Const):
        return "a bare value"
    if isinstance(node, nodes.Name):
        return f"the name '{node.name}'"
    return f"an expression ({kind})"


def _forbidden(path: str, line: int, what: str) -> Diagnostic:
    return problem(path, line, "content.forbidden_template",
                   f"{what} is not allowed in a page: only macro calls with constant arguments are")


def _undefined(path: str, line: int, name: str, known: set[str]) -> Diagnostic:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return problem(path, line, "content.undefined_name", f"'{name}' is not a macro of this site{hint}")
