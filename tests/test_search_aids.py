"""Search that forgives accents and knows the review's synonyms: the hidden words added to the theme's index."""

from __future__ import annotations

import io
import json
import re

import pytest

from review_publisher.search.search_aids import add_search_aids, fold


def _index(tmp_path, docs):
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    return path


def _hidden(doc) -> set[str]:
    found = re.search(r"<span hidden>([^<]*)</span>$", doc["text"])
    return set(found.group(1).split()) if found else set()


def test_accents_are_folded_both_ways_and_synonyms_added(tmp_path):
    path = _index(tmp_path, [
        {"location": "a/", "title": "Tjønneland", "text": "<p>Support for retaining participants.</p>"},
        {"location": "b/", "title": "Files", "text": "<p>sources/tjonneland2016 and Tjonneland, e.g. here</p>"},
        {"location": "c/", "title": "Plain", "text": "<p>Nothing to add.</p>"},
    ])
    changed = add_search_aids(path, [["retention", "retaining", "keeping"], ["volunteer", "participant"]])
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    assert changed == 2
    assert _hidden(docs[0]) == {"tjonneland", "retention", "keeping", "volunteer", "participant"}
    assert _hidden(docs[1]) == {"tjønneland"}, "the folded spelling finds the accented one too"
    assert docs[2]["text"] == "<p>Nothing to add.</p>"
    assert docs[0]["text"].startswith("<p>Support for retaining participants.</p>"), "the text readers see stays"


def test_hidden_words_are_escaped_and_a_site_without_search_is_left_alone(tmp_path):
    path = _index(tmp_path, [{"location": "a/", "title": "x", "text": "<p>Ærø</p>"}])
    add_search_aids(path, [["ærø", "<script>"]])
    assert "<script>" not in path.read_text(encoding="utf-8")
    assert add_search_aids(tmp_path / "missing.json", []) == 0


def test_the_words_added_to_an_index_are_kept_for_the_same_index_and_synonyms(tmp_path, monkeypatch):
    from review_publisher.cache.disk_cache import DiskCache
    from review_publisher.search import search_aids

    docs = [{"location": "a/", "title": "Tjønneland", "text": "<p>Retaining.</p>"},
            {"location": "b/", "title": "Plain", "text": "<p>Nothing.</p>"}]
    synonyms = [["retention", "retaining"]]
    (tmp_path / "one").mkdir()
    path = _index(tmp_path / "one", docs)
    cache = DiskCache(tmp_path / "cache", secret=b"s" * 32)
    assert add_search_aids(path, synonyms, earlier=cache.verdicts("search-aids")) == 1
    cache.save()
    first = path.read_text(encoding="utf-8")
    # The same index again: the words come from the cache, and the result is the same.
    path = _index(tmp_path / "one", docs)
    with monkeypatch.context() as patched:
        patched.setattr(search_aids, "words_of", lambda text: pytest.fail("words read again"))
        again = DiskCache(tmp_path / "cache", secret=b"s" * 32)
        assert add_search_aids(path, synonyms, earlier=again.verdicts("search-aids")) == 1
    assert path.read_text(encoding="utf-8") == first
    # Other synonyms, or another index, are other keys: the words are found afresh.
    path = _index(tmp_path / "one", docs)
    assert add_search_aids(path, [["nothing", "naught"]], earlier=again.verdicts("search-aids")) == 2
    assert _hidden(json.loads(path.read_text(encoding="utf-8"))["docs"][1]) == {"naught"}


def test_fold_keeps_letters_unicode_does_not_decompose():
    assert [fold(word) for word in ("Tjønneland", "Æsop", "Łódź", "Straße")] == ["tjonneland", "aesop", "lodz",
                                                                                  "strasse"]


def test_the_real_index_reads_as_words_and_knows_the_reviews_synonyms(real_review):
    """Snippets are the site's text with words apart: no table head, no cells run together."""
    docs = json.loads((real_review.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = " ".join(doc["text"] for doc in docs)
    assert "FindingLevelsDirection" not in text and "LevelsDirection" not in text
    assert not re.search(r"Community and society(Context|Mixed|Enabler|Barrier)", text)
    keeping = [doc for doc in docs if doc["location"].startswith("review/keeping-learning/")]
    assert any("retention" in _hidden(doc) for doc in keeping)


_INDEXES = [
    {"config": {"lang": ["en", "nb"], "separator": "[\\s\\-]+"}, "docs": [
        {"location": "a/", "title": "Tjønneland «2016»", "text": "<p>line\nbreak \"quoted\" \u2013 \U0001f600</p>"},
        {"location": "b/#x", "title": "", "text": ""}]},
    {"config": {}, "docs": []},
    {"docs": [{"location": "", "title": "x", "text": "y"}], "config": None, "extra": [1, 2.5, True]},
    {"docs": "not a list", "config": {"docs": [1]}},
    {},
]


@pytest.mark.parametrize("index", _INDEXES)
@pytest.mark.parametrize("options", [{}, {"ensure_ascii": False, "separators": (",", ":")}, {"indent": 2}])
@pytest.mark.parametrize("block", [1, 7, 1 << 20])
def test_the_index_is_read_and_written_back_a_section_at_a_time_as_json_would_do_it_whole(tmp_path, index, options,
                                                                                         block):
    """Whatever spacing and escaping the theme's index has, and wherever a block of the file ends (inside a name,
    a string, a number such as 2.5, a section), its sections are read as json.loads reads them, and it is written
    back as json.dumps writes the changed index, in place of the file it was read from."""
    from review_publisher.search.index_file import rewrite, sections

    text = json.dumps(index, **options)
    path = tmp_path / "search_index.json"
    path.write_text(text, encoding="utf-8")
    docs = index.get("docs")
    assert list(sections(path, block)) == list(sections(text, block)) == (docs if isinstance(docs, list) else [])

    def marked(position, section):
        return {**section, "seen": position}

    rewrite(path, path, marked, block)
    changed = dict(index)
    if isinstance(docs, list):
        changed["docs"] = [marked(position, section) for position, section in enumerate(docs)]
    assert path.read_text(encoding="utf-8") == json.dumps(changed, ensure_ascii=False, separators=(",", ":"))
    assert [p.name for p in tmp_path.iterdir()] == ["search_index.json"], "nothing is left beside it"


def test_a_number_cut_by_the_end_of_a_block_is_read_whole():
    from review_publisher.search.index_file import _walk

    events = list(_walk(io.StringIO('{"n": 12345, "docs": [{"a": 1.25e3}]}'), block=9))
    assert events[0] == ("member", "n", 12345) and events[2] == ("section", 0, {"a": 1250.0})


@pytest.mark.parametrize("text", ["", "[]", '{"docs": [{}] ', '{"docs": [{} {}]}', '{"a": 1} x', '{1: 2}',
                                  '{"docs": [{},]}'])
def test_an_index_that_is_not_a_json_object_is_refused(text):
    from review_publisher.search.index_file import sections

    try:
        assert not isinstance(json.loads(text), dict), "the control: json does not read it as an object either"
    except json.JSONDecodeError:
        pass
    for block in (1, 3, 1 << 20):
        with pytest.raises(json.JSONDecodeError):
            list(sections(text, block))


@pytest.mark.parametrize("planted", [[[5, "planted"]], [[0, "planted"], [5, "elsewhere"]]])
def test_additions_kept_for_another_index_are_found_again(tmp_path, planted):
    """A stored addition for a section the index does not have (a damaged cache) is not trusted, and kept
    additions that fit one section but not another are not half applied: the index is aided afresh."""
    from review_publisher.cache.disk_cache import DiskCache

    docs = [{"location": "a/", "title": "Tjønneland", "text": "<p>x</p>"}]
    path = _index(tmp_path, docs)
    cache = DiskCache(tmp_path / "cache", secret=b"s" * 32)
    earlier = cache.verdicts("search-aids")
    key = earlier.key(json.dumps([]) + "\0" + __import__("hashlib").sha256(path.read_bytes()).hexdigest())
    earlier.table.put(key, planted)
    assert add_search_aids(path, [], earlier=earlier) == 1
    text = path.read_text(encoding="utf-8")
    assert "planted" not in text and _hidden(json.loads(text)["docs"][0]) == {"tjonneland"}
    assert earlier.table.get(key) == [[0, "tjonneland"]]
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == ["search_index.json"]
