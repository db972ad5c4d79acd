"""The content gate: which template constructs a page may use, each refusal with its id and line."""

import pytest

from review_publisher.gates.content_gate import jinja_environment, scan_page

ENV = jinja_environment({"comment_start_string": "{##", "comment_end_string": "##}"})
NAMES = {"cite", "citet", "diagnostic_ids"}


def scan(text):
    return scan_page(text, "docs/page.md", ENV, NAMES)


@pytest.mark.parametrize("text, line, id", [
    ("ok\n\n{{ review_title }}", 3, "content.undefined_name"),
    ("{{ cit('allum2019') }}", 1, "content.undefined_name"),
    ("{{ cite }}", 1, "content.forbidden_template"),
    ("a\n{{ cycler.__init__.__globals__.os.environ }}", 2, "content.forbidden_template"),
    ("<!-- {{ lipsum.__globals__['os'].popen('id').read() }} -->", 1, "content.forbidden_template"),
    ("---\ntitle: \"{{ config }}\"\n---\n# T", 2, "content.undefined_name"),
    ("{{ cite('a') | safe }}", 1, "content.forbidden_template"),
    ("{{ cite(x) }}", 1, "content.forbidden_template"),
    ("{{ cite('a', page=p) }}", 1, "content.forbidden_template"),
    ("{{ cite(*keys) }}", 1, "content.forbidden_template"),
    ("{{ cite('a') if 1 }}", 1, "content.forbidden_template"),
    ("{{ 'text' }}", 1, "content.forbidden_template"),
    ("\n{% set x = 1 %}", 2, "content.forbidden_template"),
    ("{% for i in range(3) %}{% endfor %}", 1, "content.forbidden_template"),
    ("{% include 'secret.txt' %}", 1, "content.forbidden_template"),
    ("{% import 'm.html' as m %}", 1, "content.forbidden_template"),
    ("{% raw %}{{ x }}{% endraw %}", 1, "content.forbidden_template"),
    ("a\nb\n{{ cite('a' }}", 3, "content.template_syntax"),
    ("{{ cite('a')", 1, "content.template_syntax"),
])
def test_refused_with_id_and_line(text, line, id):
    result = scan(text)
    assert [(p.path, p.line, p.id) for p in result.problems] == [("docs/page.md", line, id)]
    assert result.calls == []


def test_unknown_name_suggests_the_closest_macro():
    (found,) = scan("{{ cit('allum2019') }}").problems
    assert "did you mean 'cite'?" in found.message


@pytest.mark.parametrize("text", [
    "## Results {#results}",
    "LaTeX braces {\\o} and {FK} and { {x} }",
    "{## a comment for editors ##}",
    "a { b } c {# not a comment #}",
])
def test_ordinary_markdown_passes(text):
    assert scan(text).problems == []


def test_literal_calls_are_recorded_with_their_arguments_and_lines():
    result = scan("x\n{{ cite('a', 'b', page='12') }}\n\n{{ citet(\"c\", pages=[1, 2]) }}\n{{ diagnostic_ids() }}")
    assert result.problems == []
    assert [(c.name, c.args, c.kwargs, c.line) for c in result.calls] == [
        ("cite", ("a", "b"), {"page": "12"}, 2),
        ("citet", ("c",), {"pages": [1, 2]}, 4),
        ("diagnostic_ids", (), {}, 5),
    ]


def test_every_problem_of_a_page_is_reported():
    result = scan("{{ a }}\n{{ b.c }}\n{{ cite(d) }}")
    assert [(p.line, p.id) for p in result.problems] == [
        (1, "content.undefined_name"), (2, "content.forbidden_template"), (3, "content.forbidden_template")]
