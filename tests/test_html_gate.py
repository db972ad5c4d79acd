"""The post-build gate on small HTML files: each check catches its case and passes the theme's own output."""

import json

import pytest

from review_publisher.gates.html_gate import parse_page, script_shape
from review_publisher.gates.site_gate import check_site

THEME = frozenset({script_shape('__md_scope=new URL("{{ base_url }}",location)')})


def located(site, **kwargs):
    problems = check_site(site, THEME, lambda output, line, needle: (f"site/{output}", line), **kwargs)
    return sorted((p.path, p.line, p.id) for p in problems)


def write(site, path, html):
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


@pytest.mark.parametrize("html, id", [
    ("<p>{{ page.title }}</p>", "html.leftover_template"),
    ("<p>{% if x %}</p>", "html.leftover_template"),
    ("<p>Macro Rendering Error</p>", "html.macro_error"),
    ('<img alt="" onerror="alert(1)">', "html.event_attribute"),
    ('<img src="data:text/html,x">', "html.url_scheme"),
    ('<a href="file:///etc/passwd">x</a>', "html.url_scheme"),
    ('<div ONclick="x()">', "html.event_attribute"),
    ('<a href="javascript:alert(1)">x</a>', "html.javascript_url"),
    ('<a href=" jav&#x09;ascript:alert(1)">x</a>', "html.javascript_url"),
    ("<script>alert(1)</script>", "html.inline_script"),
    ("<SCRIPT>alert(1)</SCRIPT>", "html.inline_script"),
    ("<svg/onload=alert(1)>", "html.event_attribute"),
    ('<a href="#"onclick="y">z</a>', "html.event_attribute"),
    ('<script src="https://example.org/x.js"></script>', "html.unsafe"),
    ('<script src="//example.org/x.js"></script>', "html.unsafe"),
    ('<base href="https://example.org/">', "html.unsafe"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "html.unsafe"),
    ('<object data="x.swf"></object>', "html.unsafe"),
    ('<embed src="x.swf">', "html.unsafe"),
    ('<noscript><p title="</noscript><img src=x>"></noscript>', "html.unsafe"),
    ("<template><p>x</p></template>", "html.unsafe"),
    ('<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>', "html.unsafe"),
    ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', "html.unsafe"),
    ('<iframe srcdoc="x"></iframe>', "html.unsafe"),
    ('<div class="md-content"><form class="md-search__form"><input name="q"></form></div>', "html.unsafe"),
    ('<form action="https://example.org/"><input name="q"></form>', "html.unsafe"),
])
def test_each_unsafe_construct_is_caught(tmp_path, html, id):
    write(tmp_path, "index.html", f"<html>\n<body>\n{html}\n</body></html>")
    assert located(tmp_path) == [("site/index.html", 3, id)]


def test_the_themes_own_forms_outside_the_content_pass(tmp_path):
    write(tmp_path, "index.html", '<html>\n<body>\n<form class="md-search__form" name="search"><input name="q">'
                                  '</form>\n<div class="md-content"><p>Text</p></div>\n</body></html>')
    assert located(tmp_path) == []


def test_theme_scripts_pass_with_any_base_url(tmp_path):
    write(tmp_path, "index.html", '<script>__md_scope=new URL(".",location)</script>')
    write(tmp_path, "a/b/index.html", '<script>__md_scope=new URL("../..",location)</script>')
    write(tmp_path, "c.html", '<script type="application/json" id="__config">{"base": "."}</script>')
    assert located(tmp_path) == []


def test_braces_escaped_as_entities_are_not_leftovers(tmp_path):
    write(tmp_path, "index.html", "<code>&#123;&#123; cite(&quot;a&quot;) &#125;&#125;</code>")
    assert located(tmp_path) == []


def test_internal_links_and_anchors_resolve(tmp_path):
    write(tmp_path, "index.html", '<a href="a/">a</a><a href="a/#part">p</a><a href="#top">t</a><p id="top">'
                                  '<a href="https://example.org/x">ext</a><a href="mailto:a@b.c">m</a>'
                                  '<img src="img/x.png"><a href="/a/#part">root</a>')
    write(tmp_path, "a/index.html", '<h2 id="part">P</h2><a href="../">up</a><a href="../index.html#top">t</a>')
    write(tmp_path, "img/x.png", "")
    assert located(tmp_path) == []


def test_broken_links_and_anchors_are_each_reported(tmp_path):
    write(tmp_path, "index.html", '<a href="missing/">a</a>\n<a href="a/#nothing">b</a>\n<a href="#none">c</a>\n'
                                  '<a href="../../outside.html">d</a>\n<a href="/elsewhere/x/">e</a>')
    write(tmp_path, "a/index.html", "<p>no ids</p>")
    assert located(tmp_path, site_path="/review/") == [
        ("site/index.html", 1, "link.not_found"),
        ("site/index.html", 2, "link.anchor_not_found"),
        ("site/index.html", 3, "link.anchor_not_found"),
        ("site/index.html", 4, "link.not_found"),
        ("site/index.html", 5, "link.not_found"),
    ]


def test_search_index_is_checked_but_code_may_show_macro_syntax(tmp_path):
    write(tmp_path, "index.html", "<p>fine</p>")
    docs = [{"location": "", "title": "Home", "text": "<p>Use <code>{{ cite(\"a\") }}</code></p>"},
            {"location": "#x", "title": "X", "text": "<p>{{ leftover }}</p>"},
            {"location": "p/#y", "title": "<img src=x onerror=alert(1)>", "text": ""}]
    write(tmp_path, "search/search_index.json", json.dumps({"docs": docs}))
    assert located(tmp_path) == [("site/index.html", 1, "html.leftover_template"),
                                 ("site/p/index.html", 1, "html.event_attribute")]


def test_parse_page_collects_ids():
    page = parse_page('<h2 id="a">A</h2><a name="b"></a>', frozenset())
    assert page.ids == {"a", "b"}
