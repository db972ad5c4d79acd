"""The allow-list compares what a browser builds from a page before and after cleaning, as a digest made while
the tree is walked (a large review's findings index is tens of megabytes of HTML)."""

from __future__ import annotations

import pytest

from review_publisher.gates.allow_list import _shape, _shape_parts, clean, sanitise_page


@pytest.mark.parametrize(("before", "after", "same"), [
    ("<p>a<!-- a note -->b</p>", "<p>ab</p>", True),  # text on both sides of a removed comment is one text
    ('<p class="x" id="y">t</p>', '<p id="y" class="x">t</p>', True),  # attributes in another order
    ('<td style="text-align: left;">1</td>', '<td style="text-align:left">1</td>', True),  # nh3's style spelling
    ('<p onclick="go()">t</p>', "<p>t</p>", False),
    ("<p>t<script>x()</script></p>", "<p>t</p>", False),
    ("<p>one</p>", "<p>two</p>", False),
    ("<p>a</p><p>b</p>", "<p>ab</p>", False),  # the same text in another structure
    ("", "", True),
    ("<p></p>", "", False),
])
def test_two_pages_have_the_same_shape_exactly_when_their_parts_are_the_same(before, after, same):
    assert (list(_shape_parts(before)) == list(_shape_parts(after))) is same
    assert (_shape(before) == _shape(after)) is same


def test_a_page_of_contributor_html_off_the_list_is_refused_and_a_clean_one_passes():
    html, problems = sanitise_page('<p>ok <span data-x="1" aria-label="y">fine</span></p>', "", "page.md")
    assert problems == [] and html == '<p>ok <span data-x="1" aria-label="y">fine</span></p>'
    html, problems = sanitise_page('<p>ok <a href="javascript:go()">x</a></p>', 'ok <a href="javascript:go()">',
                                   "page.md")
    assert [found.id for found in problems] == ["html.not_allowed"] and "javascript" not in html
    assert html == clean('<p>ok <a href="javascript:go()">x</a></p>')
