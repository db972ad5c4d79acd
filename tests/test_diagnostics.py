import pytest

from review_publisher.diagnostics import CATALOGUE, ERROR, Diagnostic, Diagnostics, catalogue_rows, problem
from review_publisher.render.help_pages import diagnostic_ids


def test_format_is_path_line_id_message():
    assert str(problem("docs/a.md", 14, "link.not_found", "x")) == "docs/a.md:14: [link.not_found] x"


def test_unknown_id_is_a_programming_error():
    with pytest.raises(KeyError):
        Diagnostic("a", 1, "no.such_id", "x")


def test_collector_sorts_deduplicates_and_counts():
    collected = Diagnostics()
    collected.add("docs/b.md", 3, "link.not_found", "b")
    collected.add("docs/a.md", 9, "link.not_found", "a")
    collected.add("docs/a.md", 9, "link.not_found", "a")
    assert [d.path for d in collected] == ["docs/a.md", "docs/b.md"]
    assert len(collected.errors) == 2
    assert collected.report().splitlines()[-1] == "2 error(s), 0 warning(s), 0 note(s)"


def test_line_is_at_least_one():
    assert problem("mkdocs.yml", 0, "config.invalid", "x").line == 1


def test_every_id_is_documented_on_the_contributors_page():
    html = diagnostic_ids(None)
    for id, severity, summary, fix in catalogue_rows():
        assert f'id="id-{id}"' in html
        assert summary and fix and severity in (ERROR, "warning", "note")
    assert len(catalogue_rows()) == len(CATALOGUE)


def test_macro_example_shows_syntax_without_template_markers():
    from review_publisher.render.help_pages import macro_example

    shown = macro_example(None, '{{ cite("allum2019") }}')
    assert "{" not in shown and "}" not in shown
    assert "&#123;&#123; cite(&quot;allum2019&quot;) &#125;&#125;" in shown and "<pre" in shown
    assert macro_example(None, "{% %}", inline=True) == "<code>&#123;% %&#125;</code>"
