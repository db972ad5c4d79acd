"""The house style: pinned reference strings for each entry type, and the in-text labels."""

import json

import pytest

from bibtools import load
from review_publisher.library.citation_style import format_library

ENTRIES = r"""
@techreport{tjonneland2016,
  author = {Tjønneland, Elling N. and Helland, Johan and Kruse, Stein-Erik and Norbakk, Mari},
  title = {Chasing civil society? {Evaluation} of {Fredskorpset}},
  institution = {Norad Evaluation Department},
  type = {Evaluation Department Report}, number = {1/2016}, year = {2016},
  url = {https://norad.no/publikasjoner/2016/evaluering-av-fredskorpset}
}
@techreport{borchgrevink2004,
  author = {Borchgrevink, Axel and Skard, Torild},
  title = {Norway's {Fredskorpset} Youth Program},
  institution = {Norsk Utenrikspolitisk Institutt (NUPI)}, type = {NUPI Paper}, number = {670}, year = {2004}
}
@report{fk2005annual,
  author = {{FK Norway}}, title = {{FK Norway's} Annual Report 2005},
  institution = {FK Norway}, type = {Annual report}, year = {2006}
}
@misc{fk2007ivco,
  author = {{FK Norway}}, title = {New ideas, new approaches on volunteering},
  howpublished = {Presentation, IVCO 2007}, year = {2006}
}
@report{fk2012annual,
  author = {{FK Norway}}, title = {2012 Annual Report}, institution = {FK Norway}
}
@report{fk2013annual,
  author = {{FK Norway}}, title = {2013 Annual Report}, institution = {FK Norway}
}
@techreport{nobody,
  title = {Evaluation of a programme}, institution = {Det norske Fredskorpset}
}
@book{garcia2020,
  author = {Garc\'{\i}a, Ana and M{\o}ller, Jens},
  title = {On \v{S}koda and {\c{C}}elik}, publisher = {Example Press}, year = {2020}, doi = {10.1000/xyz}
}
@article{ozdemir2018,
  author = {\"{O}zdemir, Ay\c{s}e}, title = {Exchange and learning},
  journal = {Journal of Volunteering}, volume = {12}, number = {3}, pages = {45--67}, year = {2018}
}
@online{norec2018,
  author = {{Norec}}, title = {The story behind Norec}, year = {2018},
  url = {https://www.norec.no/en/about-fk/news/the-story-behind-norec/}
}
"""


@pytest.fixture(scope="module")
def formatted(tmp_path_factory):
    library, diagnostics = load(tmp_path_factory.mktemp("style"), ENTRIES)
    assert diagnostics.errors == []
    return format_library(library)


@pytest.mark.parametrize("key, html", [
    ("tjonneland2016",
     "Tjønneland, E. N., Helland, J., Kruse, S.-E., &amp; Norbakk, M. (2016). <i>Chasing civil society? "
     "Evaluation of Fredskorpset</i> (Evaluation Department Report 1/2016). Norad Evaluation Department. "
     '<a href="https://norad.no/publikasjoner/2016/evaluering-av-fredskorpset">'
     "https://norad.no/publikasjoner/2016/evaluering-av-fredskorpset</a>"),
    ("borchgrevink2004",
     "Borchgrevink, A., &amp; Skard, T. (2004). <i>Norway’s Fredskorpset youth program</i> (NUPI Paper No. 670). "
     "Norsk Utenrikspolitisk Institutt (NUPI)."),
    # APA 9.29: the publisher is left out when it is the author
    ("fk2005annual", "FK Norway. (2006a). <i>FK Norway’s annual report 2005</i> [Annual report]."),
    ("fk2007ivco", "FK Norway. (2006b). <i>New ideas, new approaches on volunteering</i> "
                   "[Presentation, IVCO 2007]."),
    ("fk2012annual", "FK Norway. (n.d.-a). <i>2012 annual report</i>."),
    ("nobody", "<i>Evaluation of a programme</i>. (n.d.). Det norske Fredskorpset."),
    # sentence case: a name needs braces to keep its capital, as in BibTeX
    ("garcia2020", 'García, A., &amp; Møller, J. (2020). <i>On škoda and çelik</i>. Example Press. '
                   '<a href="https://doi.org/10.1000/xyz">https://doi.org/10.1000/xyz</a>'),
    ("ozdemir2018", "Özdemir, A. (2018). Exchange and learning. <i>Journal of Volunteering</i>, <i>12</i>(3), "
                    "45–67."),
    ("norec2018", 'Norec. (2018). <i>The story behind norec</i>. '
                  '<a href="https://www.norec.no/en/about-fk/news/the-story-behind-norec/">'
                  'https://www.norec.no/en/about-fk/news/the-story-behind-norec/</a>'),
])
def test_reference_of_each_type(formatted, key, html):
    assert formatted[key].reference_html == html


@pytest.mark.parametrize("key, names, year", [
    ("tjonneland2016", "Tjønneland et al.", "2016"),
    ("borchgrevink2004", "Borchgrevink & Skard", "2004"),  # "and" in running text: see names_narrative
    ("fk2005annual", "FK Norway", "2006a"),
    ("fk2007ivco", "FK Norway", "2006b"),
    ("fk2012annual", "FK Norway", "n.d.-a"),
    ("fk2013annual", "FK Norway", "n.d.-b"),
    ("nobody", "Evaluation of a programme", "n.d."),
    ("garcia2020", "García & Møller", "2020"),
    ("ozdemir2018", "Özdemir", "2018"),
])
def test_in_text_labels(formatted, key, names, year):
    assert (formatted[key].names, formatted[key].year) == (names, year)


def test_type_labels_prefer_the_documents_own_type(formatted):
    assert formatted["tjonneland2016"].type_label == "Evaluation Department Report"
    assert formatted["nobody"].type_label == "Report"
    assert formatted["norec2018"].type_label == "Web page"


def test_cards_carry_no_links(formatted):
    assert "<a " not in formatted["tjonneland2016"].card_html
    assert "https://norad.no" in formatted["tjonneland2016"].card_html


def test_everything_from_bibtex_is_escaped(tmp_path):
    library, diagnostics = load(tmp_path, r"""
@misc{evil,
  author = {<script>alert(1)</script>, Eve},
  title = {<img src=x onerror=alert(1)> {{ config }} & more},
  howpublished = {"quoted"},
  url = {https://example.org/"onmouseover="alert(1)}
}
""")
    assert diagnostics.errors == []
    html = format_library(library)["evil"].reference_html
    assert "<script" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{" not in html and "}" not in html  # BibTeX braces only protect case; they never reach the page
    from selectolax.lexbor import LexborHTMLParser

    attributes = {name for node in LexborHTMLParser(html).body.traverse() for name in node.attributes}
    assert attributes <= {"href"}, "a quotation mark in a url must never open an attribute"


def test_many_works_of_one_author_and_year_stay_apart(tmp_path):
    entries = "".join(f"@misc{{w{i},\n  author = {{{{FK Norway}}}},\n  title = {{Work {i:02d}}},\n  year = {{2010}}\n}}\n"
                      for i in range(30))
    library, diagnostics = load(tmp_path, entries)
    years = {key: source.year for key, source in format_library(library).items()}
    assert len(set(years.values())) == 30
    assert years["w0"] == "2010a" and years["w25"] == "2010z" and years["w26"] == "2010aa"


APA_CASES = r"""
@book{zabel, author = {Zabel, Anna}, title = {Z}, publisher = {P}, year = {2001}}
@book{oberg, author = {{\"O}berg, Berit}, title = {O}, publisher = {P}, year = {2001}}
@book{solc, author = {{\v{S}}olc, Cyril}, title = {S}, publisher = {P}, year = {2001}}
@book{thetitle, title = {The Nile delta}, publisher = {P}, year = {2001}}
@book{mapping, title = {Mapping rivers}, publisher = {P}, year = {2001}}
@book{kapoor1, author = {Kapoor, A. and Bloom, B. and Montez, C.}, title = {First}, publisher = {P}, year = {2017}}
@book{kapoor2, author = {Kapoor, A. and Bloom, B. and Zhang, D.}, title = {Second}, publisher = {P}, year = {2017}}
@book{eds, editor = {Chiu, Ann and Chow, Ben}, title = {Edited}, publisher = {P}, year = {1978}, edition = {3}}
@book{many, author = {A1, A. and A2, A. and A3, A. and A4, A. and A5, A. and A6, A. and A7, A. and A8, A. and
  A9, A. and A10, A. and A11, A. and A12, A. and A13, A. and A14, A. and A15, A. and A16, A. and A17, A. and
  A18, A. and A19, A. and A20, A. and A21, A. and Last, Z.}, title = {Many}, publisher = {P}, year = {2020}}
@book{king, author = {King, Jr., Martin Luther}, title = {Why we can't wait}, publisher = {P}, year = {1964},
  type = {resreport}}
"""


@pytest.fixture(scope="module")
def apa(tmp_path_factory):
    library, _ = load(tmp_path_factory.mktemp("apa"), APA_CASES)
    return format_library(library)


def test_sorting_follows_the_unicode_collation_algorithm_and_skips_a_leading_article(apa):
    order = sorted(apa, key=lambda key: apa[key].sort_key)
    assert order.index("oberg") < order.index("solc") < order.index("zabel"), "Ö with O, Š with S, not after Z"
    assert order.index("mapping") < order.index("thetitle"), "'The Nile delta' sorts under N"


def test_labels_add_names_until_different_author_lists_differ(apa):
    """APA 8.18: "Kapoor et al." would stand for both; their third names tell them apart (all three are then
    shown, so the list ends with '&'), and no year suffix is needed."""
    assert (apa["kapoor1"].names, apa["kapoor1"].year) == ("Kapoor, Bloom, & Montez", "2017")
    assert (apa["kapoor2"].names, apa["kapoor2"].year) == ("Kapoor, Bloom, & Zhang", "2017")


def test_editors_editions_long_author_lists_and_suffixes_as_apa_7_writes_them(apa):
    assert apa["eds"].card_html.startswith("Chiu, A., &amp; Chow, B. (Eds.). (1978). <i>Edited</i> (3rd ed.).")
    assert (apa["eds"].names, apa["eds"].names_narrative) == ("Chiu & Chow", "Chiu and Chow")
    many = apa["many"].card_html
    assert "A19, A., … Last, Z. (2020)" in many and "A20" not in many
    assert apa["king"].card_html.startswith("King, M. L., Jr. (1964).")
    assert "[Research report]" in apa["king"].card_html


def test_formatted_references_are_kept_between_builds_and_never_stale(tmp_path):
    from review_publisher.cache.disk_cache import DiskCache
    from review_publisher.library.citation_style import load_style, style_path

    style = load_style(style_path("apa", tmp_path))
    folder = tmp_path / ".review-cache"
    library, _ = load(tmp_path, ENTRIES)
    first = format_library(library, style, DiskCache(folder))
    cache = DiskCache(folder)
    cache_before = format_library(library, style, cache)
    assert not (folder / "references.json").exists(), "nothing is written before the build saves"
    cache.save()
    stored = json.loads((folder / "references.json").read_text(encoding="utf-8"))
    assert len(stored) == len(library.sources) and all(isinstance(text, str) for text in stored.values())
    # A second build formats nothing: every reference comes from the file (a formatter that fails proves it).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("review_publisher.library.citation_style.format_references",
                      lambda items, style: pytest.fail(f"formatted again: {sorted(items)}") if items else {})
        again = format_library(library, style, DiskCache(folder))
    assert {k: v.reference_html for k, v in again.items()} == {k: v.reference_html for k, v in first.items()}
    assert {k: v.reference_html for k, v in cache_before.items()} == {k: v.reference_html for k, v in first.items()}
    # An entry that changes is formatted anew: its old reference is never served.
    (tmp_path / "other").mkdir()
    changed, _ = load(tmp_path / "other", ENTRIES.replace("Exchange and learning", "Exchange and memory"))
    assert "Exchange and memory" in format_library(changed, style, DiskCache(folder))["ozdemir2018"].reference_html
    # A cache made with another machine's secret is never used, and a damaged one only costs time.
    planted = {key: "<b>planted</b>" for key in stored}
    (folder / "references.json").write_text(json.dumps(planted), encoding="utf-8")
    elsewhere = format_library(library, style, DiskCache(folder, secret=b"another machine's secret" * 2))
    assert all("planted" not in source.reference_html for source in elsewhere.values())
    (folder / "references.json").write_text("{not json", encoding="utf-8")
    assert format_library(library, style, DiskCache(folder))["ozdemir2018"].reference_html == \
        first["ozdemir2018"].reference_html
