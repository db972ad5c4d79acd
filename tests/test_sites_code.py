"""What a page shows as code is shown exactly as written: never a citation, never a macro call. A citation
before any punctuation, ':' at the start of a line included, is a citation."""

import pytest

from harness import build_ok


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_ok("code_shown_as_written", tmp_path_factory)


def test_code_spans_and_blocks_keep_citations_and_macro_calls_as_written(site):
    article = site.html().select_one("article")
    code = [element.get_text() for element in article.select("code")]
    assert "[@allum2019]" in code and '{{ cite("allum2019") }}' in code
    blocks = [element.get_text() for element in article.select("pre")]
    assert any('[@tjonneland2016] and {{ cite("tjonneland2016") }}' in block for block in blocks)
    assert any('[@tjonneland2016, p. 3]\n{{ citet("tjonneland2016") }}' in block for block in blocks)


def test_only_the_citations_in_text_are_citations(site):
    article = site.html().select_one("article")
    cited = [link["href"] for link in article.select("span.review-cite a.review-cite__link")]
    assert cited and all("allum2019" in href for href in cited)
    assert len(cited) == 2, "the one in the text and the one before a colon"
    references = [item.get("id") for item in article.select("[id^=ref-]")]
    assert references == ["ref-allum2019"], "nothing in code is cited, so Tjønneland is not a reference"


def test_a_citation_before_a_colon_at_the_start_of_a_line_is_a_citation(site):
    paragraphs = [p for p in site.html().select("article p") if "cited before a colon" in p.get_text()]
    assert paragraphs and paragraphs[0].select_one("span.review-cite") is not None
    assert "[@" not in paragraphs[0].get_text()
