"""The second layer: with the content gate switched off, the environment that renders pages still reaches no
Python object. Each payload is rendered straight by the sandbox, with real macros bound as the only names."""

from pathlib import Path

import jinja2
import pytest

from review_publisher.gates.content_gate import scan_page
from review_publisher.gates.sandbox import bind_macros, render_checked, sandbox_environment

MARKER = Path("/tmp/review-sandbox-marker")
RUN = "os.system('touch /tmp/review-sandbox-marker')"
PAYLOADS = [
    "{{ cycler.__init__.__globals__." + RUN + " }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ config.plugins }}",
    "{{ environment }}",
    "{{ cite.__globals__ }}",
    "{{ cite.__closure__ }}",
    "{{ cite('k').__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ cite | attr('__globals__') }}",
    "{{ '{0.__class__}'.format(cite) }}",
    "{% set x = cite.__globals__ %}{{ x }}",
    "{{ range(10) | list }}",
    "{% include 'mkdocs.yml' %}",
    "{% import 'os' as os %}",
]


def fake_cite(context, *keys, **options):
    return f"(cited {', '.join(keys)})"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sandbox_alone_reaches_no_python_object(payload):
    environment = sandbox_environment({"comment_start_string": "{##", "comment_end_string": "##}"})
    macros = bind_macros({"cite": fake_cite}, context=object())
    MARKER.unlink(missing_ok=True)
    # An include or import fails for want of a loader (TypeError): there is no file the sandbox could read.
    with pytest.raises((jinja2.exceptions.SecurityError, jinja2.UndefinedError, jinja2.TemplateError, TypeError)):
        environment.from_string(payload).render(**macros)
    assert not MARKER.exists()


def test_sandbox_has_no_globals_filters_or_tests():
    environment = sandbox_environment({})
    assert environment.globals == {} and environment.filters == {} and environment.tests == {}
    assert environment.loader is None


def test_sandbox_renders_literal_macro_calls():
    environment = sandbox_environment({})
    macros = bind_macros({"cite": fake_cite}, context=object())
    assert render_checked('See {{ cite("a", "b") }}.', "docs/x.md", 1, environment, macros) == "See (cited a, b)."


@pytest.mark.parametrize("payload", PAYLOADS)
def test_gate_refuses_each_payload_at_render_time_with_its_file_line(payload):
    environment = sandbox_environment({"comment_start_string": "{##", "comment_end_string": "##}"})
    result = scan_page("# Title\n\n" + payload + "\n", "docs/x.md", environment, {"cite"})
    assert result.problems and {p.line for p in result.problems} == {3}
    assert {p.id for p in result.problems} <= {"content.forbidden_template", "content.undefined_name"}


def test_a_macro_that_fails_gives_a_located_message_not_a_traceback():
    from review_publisher.gates.sandbox import RenderRefused

    def broken(context, key):
        return {}[key]

    environment = sandbox_environment({})
    with pytest.raises(RenderRefused) as refused:
        render_checked('# T\n\n{{ broken("x") }}\n', "docs/x.md", 1, environment, bind_macros({"broken": broken}, None))
    (message,) = refused.value.problems
    assert (message.path, message.id) == ("docs/x.md", "content.unexpected")
    assert "KeyError" in message.message and "\n" not in str(message)


def recording_macro(context, *args, **kwargs):
    """Shows exactly what a call received, so two renderers can be compared argument by argument."""
    return f"<{args!r} {sorted(kwargs.items())!r}>"


PARITY_TEXTS = [
    'See {{ cite("a", "b") }}.\n',
    'No trailing newline {{ cite("a") }}',
    'Trimmed   {{- cite("a", page="3") -}}   away\n\n',
    'A list {{ cite(["a", "b"], prefix="see") }} and a tuple {{ cite(("a", "b")) }} and numbers '
    '{{ cite(1, 2.5, True) }}\n',
    'Comment {## a note {{ cite("x") }} ##} gone, {# not a comment with these markers #}\n',
    'Unicode {{ cite("Tjønneland2016", note="«é»") }} and a brace } and {{ "{" }}\n'.replace('{{ "{" }}', ""),
    '---\ntitle: x\n---\n\n# Heading\n\n{{ cite("a") }}{{ cite("b") }}\n\n\n',
]


@pytest.mark.parametrize("text", PARITY_TEXTS)
def test_running_the_gates_parse_gives_what_jinja_would_render(text):
    """The sandbox runs the gate's parse of a page instead of compiling it: the output must be Jinja's own."""
    environment = sandbox_environment({"comment_start_string": "{##", "comment_end_string": "##}"})
    macros = bind_macros({"cite": recording_macro}, context=None)
    expected = environment.from_string(text).render(**macros)
    assert render_checked(text, "docs/x.md", 1, environment, macros) == expected


def test_every_page_we_have_renders_as_jinja_would():
    """The same comparison over every Markdown page the gate passes: the Norec review's, the new-review scaffold's
    and the tiny test sites', each macro recording its arguments."""
    from review_publisher.gates.content_gate import jinja_environment
    from review_publisher.page_macros.registry import MACROS

    root = Path(__file__).resolve().parent.parent
    markers = {"comment_start_string": "{##", "comment_end_string": "##}"}
    environment = sandbox_environment(markers)
    macros = bind_macros({name: recording_macro for name in MACROS}, context=None)
    pages = sorted([*(root / "docs").rglob("*.md"), *(root / "src").rglob("*.md"), *(root / "tests").rglob("*.md")])
    compared = with_calls = 0
    for path in pages:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a page made to be refused for its encoding
        if scan_page(text, str(path), jinja_environment(markers), MACROS).problems:
            continue  # a page made to be refused
        expected = environment.from_string(text).render(**macros)
        assert render_checked(text, str(path), 1, environment, macros) == expected, path
        compared += 1
        with_calls += "{{" in text
    assert compared > 40 and with_calls > 20, (compared, with_calls)
