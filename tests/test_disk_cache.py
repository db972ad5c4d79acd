"""What builds keep on disk (.review-cache/): used again only for the very same input, never stale, never
planted. Each test builds a tiny site in process, changes one thing, and builds again."""

import json
import shutil

import pytest

from harness import copy_site, mkdocs_build
from review_publisher.cache.disk_cache import DiskCache
from review_publisher.evidence.reading_cache import decode, encode
from review_publisher.evidence.strict_yaml import LoadedYaml, load_yaml


def test_keys_depend_on_every_part_on_the_kind_and_on_the_secret(tmp_path):
    cache = DiskCache(tmp_path, secret=b"s" * 32)
    assert cache.key("k", "ab", "c") == cache.key("k", "ab", "c")
    assert cache.key("k", "ab", "c") != cache.key("k", "a", "bc")  # the boundaries between parts count
    assert cache.key("k", "ab") != cache.key("other", "ab")
    assert cache.key("k", "ab") != DiskCache(tmp_path, secret=b"t" * 32).key("k", "ab")
    assert cache.key("k", "ab") == cache.key("k", b"ab")


def test_a_table_keeps_what_the_run_used_and_a_damaged_file_costs_only_time(tmp_path):
    cache = DiskCache(tmp_path, secret=b"s" * 32)
    table = cache.table("things")
    table.put("a", 1)
    table.put("b", 2)
    cache.save()
    assert json.loads((tmp_path / "things.json").read_text()) == {"a": 1, "b": 2}
    assert (tmp_path / ".gitignore").read_text() == "*\n"
    again = DiskCache(tmp_path, secret=b"s" * 32)
    assert again.table("things").get("a") == 1
    again.save()  # "b" was not looked up: it is dropped, so the folder does not grow with every edit
    assert json.loads((tmp_path / "things.json").read_text()) == {"a": 1}
    (tmp_path / "things.json").write_text("{not json")
    assert DiskCache(tmp_path, secret=b"s" * 32).table("things").get("a") is None
    nowhere = DiskCache(None)
    nowhere.table("things").put("a", 1)
    nowhere.save()  # nothing written, no error
    # A table the build has finished with is written at once and leaves memory; asking again reads the file.
    early = DiskCache(tmp_path, secret=b"s" * 32)
    early.table("read-once").put("x", [1, 2])
    early.release("read-once")
    assert json.loads((tmp_path / "read-once.json").read_text()) == {"x": [1, 2]}
    assert "read-once" not in early._tables and early.table("read-once").get("x") == [1, 2]


def test_a_reading_survives_the_trip_through_json_exactly():
    loaded = load_yaml("a:\n  - x: 1\n    y: [true, null, 2.5]\n  - z: 'Tjønneland «text»'\n")
    loaded.invalid.add(("a", 1))
    decoded, problems = decode(json.loads(json.dumps(encode(loaded, []), ensure_ascii=False)))
    assert (decoded.data, decoded.lines, decoded.invalid) == (loaded.data, loaded.lines, loaded.invalid)
    # The strict loader refuses keys that are not text; should one ever get through, it is not stored.
    assert encode(LoadedYaml(data={2019: "a number as a key"}), []) is None, "JSON would make the key text"
    assert decode('{"loaded": {"data": 1}}') is None  # anything else is not a reading
    assert decode({"loaded": None, "diagnostics": []}) is None, "a reading is kept as one text"
    assert decode("{not json") is None


def test_lines_are_kept_as_numbers_in_the_order_of_a_walk_and_read_back_exactly():
    """Every data file of this repository (the Norec review's, the tiny sites', the scaffold's) is stored with its
    lines as a list of numbers, which give back every path and line; lines that do not follow the walk are kept
    beside their paths, and numbers that do not fit the data make the reading one to read again."""
    from harness import ROOT

    files = sorted(ROOT.glob("data/**/*.yml")) + sorted(ROOT.glob("tests/sites/*/data/**/*.yml")) \
        + sorted(ROOT.glob("src/review_publisher/scaffold/template/data/**/*.yml"))
    assert len(files) > 10
    for path in files:
        loaded = load_yaml(path.read_text(encoding="utf-8"))
        stored = encode(loaded, [])
        assert '"walked_lines"' in stored and '"lines"' not in stored, path
        decoded, _ = decode(stored)
        assert (decoded.data, decoded.lines) == (loaded.data, loaded.lines), path
    odd = LoadedYaml(data={"a": [1, 2]}, lines={("a",): 3, ("a", 1): 5})  # no line for the document or a[0]
    assert '"walked_lines"' not in encode(odd, [])
    assert decode(encode(odd, []))[0].lines == odd.lines
    whole = json.loads(encode(load_yaml("a:\n  - 1\n  - 2\n"), []))
    assert whole["loaded"]["walked_lines"] == [1, 1, 2, 3]
    for damaged in ([1, 1, 2], [1, 1, 2, 3, 4], [1, 1, 2, "3"], [1, 1, 2, 3.0]):
        whole["loaded"]["walked_lines"] = damaged
        assert decode(json.dumps(whole)) is None, damaged


def build_twice(site, tmp_path):
    first = mkdocs_build(site, "--strict", site_dir=tmp_path / "one")
    second = mkdocs_build(site, "--strict", site_dir=tmp_path / "two")
    return first, second


def stored(site, name):
    return json.loads((site / ".review-cache" / f"{name}.json").read_text(encoding="utf-8"))


def test_a_second_build_uses_what_the_first_kept_and_publishes_the_same_site(tmp_path, monkeypatch):
    site = copy_site("evidence_tables", tmp_path)
    first = mkdocs_build(site, "--strict", site_dir=tmp_path / "one")
    assert first.ok, first.output
    for name in ("references", "allow-list", "page-gate", "readings", "links-passed", "content-gate",
                 "pandoc-citations", "source-check"):
        assert stored(site, name), f"nothing kept in {name}.json"
    # Everything the cache holds is now taken from it: the slow paths would fail the build if they ran.
    monkeypatch.setattr("review_publisher.gates.allow_list._shape", lambda html: pytest.fail("shape compared"))
    monkeypatch.setattr("review_publisher.gates.site_gate.parse_page", lambda *a: pytest.fail("page parsed"))
    monkeypatch.setattr("review_publisher.evidence.model._read", lambda *a, **k: pytest.fail("YAML read"))
    monkeypatch.setattr("review_publisher.gates.site_gate._check_link", lambda *a: pytest.fail("link checked"))
    monkeypatch.setattr("review_publisher.gates.content_gate._scan", lambda *a: pytest.fail("page parsed by the gate"))
    monkeypatch.setattr("review_publisher.content.kept_citations.find_pandoc_citations",
                        lambda *a: pytest.fail("citations searched for"))
    second = mkdocs_build(site, "--strict", site_dir=tmp_path / "two")
    assert second.ok, second.output
    pages = sorted(path.relative_to(tmp_path / "one") for path in (tmp_path / "one").rglob("*.html"))
    assert pages and pages == sorted(path.relative_to(tmp_path / "two") for path in (tmp_path / "two").rglob("*.html"))
    for page in pages:
        assert (tmp_path / "one" / page).read_text() == (tmp_path / "two" / page).read_text(), page


def test_an_edited_renamed_or_deleted_data_file_is_read_again(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    assert mkdocs_build(site, "--strict", site_dir=tmp_path / "one").ok
    sources = site / "data" / "sources.yml"
    sources.write_text(sources.read_text().replace("summary: An evaluation.", "summary: An edited evaluation."))
    edited = mkdocs_build(site, "--strict", site_dir=tmp_path / "two")
    assert edited.ok and "An edited evaluation." in (tmp_path / "two" / "sources" / "tjonneland2016" /
                                                     "index.html").read_text()
    findings = sorted((site / "data" / "findings").glob("*.yml"))[0]
    findings.write_text(findings.read_text() + "  - {broken\n")
    broken = mkdocs_build(site, "--strict", site_dir=tmp_path / "three")
    assert not broken.ok and any(d.path == f"data/findings/{findings.name}" for d in broken.diagnostics), broken.output
    renamed = findings.with_name("renamed.yml")
    findings.rename(renamed)
    moved = mkdocs_build(site, "--strict", site_dir=tmp_path / "four")
    assert {d.path for d in moved.diagnostics} >= {"data/findings/renamed.yml"}, moved.output
    assert not any(d.path == f"data/findings/{findings.name}" for d in moved.diagnostics), "a message of the old name"
    sources.unlink()
    gone = mkdocs_build(site, "--strict", site_dir=tmp_path / "five")
    assert ("data/sources.yml", 1, "data.missing_file") in gone.ids_at(), gone.output


def test_a_new_generator_makes_every_key_new(tmp_path, monkeypatch):
    site = copy_site("evidence_tables", tmp_path)
    assert mkdocs_build(site, "--strict", site_dir=tmp_path / "one").ok
    before = set(stored(site, "page-gate"))
    monkeypatch.setattr("review_publisher.cache.disk_cache.generator_fingerprint", lambda: b"another generator")
    assert mkdocs_build(site, "--strict", site_dir=tmp_path / "two").ok
    assert before and not before & set(stored(site, "page-gate"))


def test_a_cache_made_elsewhere_cannot_pass_a_page(tmp_path, monkeypatch):
    """A pull request could add .review-cache/ with a verdict for its own page: it was made with another
    machine's secret, so its keys are never looked up here and the page is checked as if there were no cache."""
    from review_publisher.cache.disk_cache import machine_secret
    from review_publisher.gates import allow_list

    site = copy_site("evidence_tables", tmp_path)
    page = site / "docs" / "index.md"
    page.write_text(page.read_text() + '\n<div onclick="alert(1)">planted</div>\n')
    seen = []
    real = allow_list.sanitise_page
    monkeypatch.setattr("review_publisher.mkdocs.plugin.sanitise_page",
                        lambda html, *rest: seen.append(html) or real(html, *rest))
    refused = mkdocs_build(site, "--strict", site_dir=tmp_path / "one")
    line = page.read_text().splitlines().index('<div onclick="alert(1)">planted</div>') + 1
    assert not refused.ok and refused.ids_at() == {("docs/index.md", line, "html.not_allowed")}, refused.output

    def plant(secret):
        shutil.rmtree(site / ".review-cache", ignore_errors=True)
        cache = DiskCache(site / ".review-cache", secret=secret)
        for html in seen:
            cache.table("allow-list").put(cache.key("allow-list", html), True)
        cache.save()
        return mkdocs_build(site, "--strict", site_dir=tmp_path / "two")

    elsewhere = plant(b"the attacker's own machine secret")
    assert not elsewhere.ok and elsewhere.ids_at() == refused.ids_at(), elsewhere.output
    # The control: the same verdicts under this machine's own secret are used (the final gate still stops the
    # page), which shows that only the secret keeps a planted file out.
    here = plant(machine_secret())
    assert ("docs/index.md", line, "html.not_allowed") not in here.ids_at(), here.output
    assert not here.ok and any(id_ == "html.event_attribute" for _, _, id_ in here.ids_at()), here.output


def test_links_that_passed_are_checked_again_when_what_they_point_to_changes(tmp_path):
    """A page whose HTML did not change keeps its links' verdict only while every file and anchor of the site is
    the same: here the page that links is untouched, and the anchor it points to goes away."""
    site = copy_site("heading_anchor", tmp_path)
    (site / "docs" / "index.md").write_text("# Home\n\nSee [how it was done](other.md#method-used).\n")
    first = mkdocs_build(site, "--strict", site_dir=tmp_path / "one")
    assert first.ok, first.output
    assert stored(site, "links-passed"), "the pages whose links passed are kept"
    other = site / "docs" / "other.md"
    other.write_text(other.read_text(encoding="utf-8").replace(" {#method-used}", ""), encoding="utf-8")
    second = mkdocs_build(site, "--strict", site_dir=tmp_path / "two")
    assert not second.ok
    assert ("docs/index.md", 3, "link.anchor_not_found") in second.ids_at(), second.output


def test_the_cache_can_be_switched_off(tmp_path):
    site = copy_site("evidence_tables", tmp_path)
    base = tmp_path / "_base.yml"  # the settings the tiny site inherits, with the option added
    assert "  - review\n" in base.read_text()
    base.write_text(base.read_text().replace("  - review\n", "  - review:\n      cache: false\n"))
    off = mkdocs_build(site, "--strict", site_dir=tmp_path / "one")
    assert off.ok, off.output
    assert not (site / ".review-cache").exists()


@pytest.mark.parametrize("values", [[], [""], ["a"], ["", "a"], ["a", "b"], ["#x", "../y/"]])
def test_a_page_passed_earlier_keeps_its_ids_and_links_exactly(values):
    from review_publisher.gates.html_gate import ParsedPage, join_values, split_joined

    assert split_joined(join_values(values)) == values
    stored = ParsedPage(set(values), list(values)).joined()
    assert ParsedPage(joined=stored).links == values and ParsedPage(joined=stored).ids == set(values)


def test_the_generator_fingerprint_follows_the_libraries_versions(monkeypatch):
    """A new version of a library that makes stored results (nh3, citeproc-py, Jinja, ...) makes every key new."""
    from review_publisher.cache import disk_cache

    before = disk_cache.generator_fingerprint.__wrapped__()
    assert before == disk_cache.generator_fingerprint.__wrapped__(), "the same generator, the same fingerprint"
    real = disk_cache.version
    monkeypatch.setattr(disk_cache, "version", lambda name: "99.0" if name == "nh3" else real(name))
    assert disk_cache.generator_fingerprint.__wrapped__() != before


def test_sort_keys_are_kept_and_sort_as_the_collation_table_does(tmp_path, monkeypatch):
    """Loading the Unicode collation table costs more than sorting a library: a second build takes the keys
    from the cache and never loads it, and sorts exactly as without a cache."""
    from bibtools import load
    from review_publisher.library import citation_style
    from review_publisher.library.citation_style import format_library, load_style, style_path

    entries = "\n".join(f"@book{{k{i}, author = {{{name}}}, title = {{T}}, year = {{2019}}, publisher = {{P}}}}"
                         for i, name in enumerate(["Øster, A.", "Oster, B.", "Ångström, C.", "Zeta, D.", "Šk, E."]))
    library, _ = load(tmp_path, entries)
    style = load_style(style_path("apa", tmp_path))
    plain = sorted(format_library(library, style).values(), key=lambda source: source.sort_key)
    cache = DiskCache(tmp_path / ".review-cache")
    format_library(library, style, cache)
    cache.save()
    monkeypatch.setattr(citation_style, "_collator", lambda: pytest.fail("the collation table was loaded"))
    kept = sorted(format_library(library, style, DiskCache(tmp_path / ".review-cache")).values(),
                  key=lambda source: source.sort_key)
    assert [source.key for source in kept] == [source.key for source in plain]
    # Ångström, Oster, Øster, Šk, Zeta: accents sort with their letter, not after Z.
    assert [source.key for source in plain] == ["k2", "k1", "k0", "k4", "k3"]


def test_packed_sort_keys_order_texts_exactly_as_the_collation_tables_keys_do(tmp_path):
    """A sort key is held as bytes (a tuple of ints took kilobytes a title): the order of real names and titles
    in several scripts, stored and read back, is the order of pyuca's own keys."""
    import random

    from review_publisher.library.citation_style import Collation, _collator

    words = ["Øster", "Oster", "ÖSTER", "Ångström", "Zeta", "Škoda", "skoda", "Ça", "cA", "Müller", "Mueller",
             "Nguyễn", "Tjønneland", "Ἀριστοτέλης", "Достоевский", "中文", "日本語", "العربية", "", " ", "a b",
             "ab", "a-b", "O'Brien", "Obrien", "1999", "99", "\uffff", "\U0010fffd", "ﬁne", "fine", "İstanbul"]
    rng = random.Random(7)
    texts = words + [" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) for _ in range(400)]
    expected = sorted(texts, key=lambda text: (tuple(_collator().sort_key(text)), text))
    cache = DiskCache(tmp_path / ".review-cache")
    collate = Collation(cache)
    assert sorted(texts, key=lambda text: (collate(text), text)) == expected
    cache.save()
    kept = Collation(DiskCache(tmp_path / ".review-cache"))
    assert sorted(texts, key=lambda text: (kept(text), text)) == expected
    assert all(kept.kept.table.get(kept.kept.key(text)) is not None for text in texts)  # read back, not made


def test_a_damaged_kept_sort_key_is_made_again(tmp_path):
    from review_publisher.library.citation_style import Collation, _collation

    cache = DiskCache(tmp_path / ".review-cache")
    collate = Collation(cache)
    for stored in ([1, 2, 3], "not hex", 12, None):
        collate.made.clear()
        cache.table("collation").put(collate.kept.key("Øster"), stored)
        assert collate("Øster") == _collation("Øster")


def test_what_the_content_gate_found_survives_the_trip_through_json_exactly(tmp_path):
    """Macro arguments keep their types (Jinja passes lists and tuples, numbers and booleans apart); a stored
    value of any other shape, or a call of a macro this site does not have, is read again, never trusted."""
    from review_publisher.gates.content_gate import jinja_environment, passed_pages, scan_page

    environment = jinja_environment({})
    names = ["cite", "table"]
    text = ('Text {{ cite("a", page=12) }} more\n{{ table(["x", 1, 2.5, true], ("t", [false]), level=3) }}'
            ' end {# a comment #}\n')
    cache = DiskCache(tmp_path / ".review-cache", secret=b"s" * 32)
    fresh = scan_page(text, "page.md", environment, names, passed_pages(cache, environment, names))
    assert not fresh.problems and len(fresh.calls) == 2
    cache.save()
    again = DiskCache(tmp_path / ".review-cache", secret=b"s" * 32)
    passed = passed_pages(again, environment, names)
    kept = scan_page(text, "page.md", environment, names, passed)
    assert kept.pieces == fresh.pieces and kept.calls == fresh.calls
    for a, b in zip(kept.calls, fresh.calls, strict=True):
        assert [type(value) for value in a.args] == [type(value) for value in b.args]
        assert repr(a.args) == repr(b.args) and repr(a.kwargs) == repr(b.kwargs)
    key = passed.key(text)
    for planted in ([{"call": "os.system", "args": [], "kwargs": {}, "line": 1}],
                    [{"call": "cite", "args": [{"set": [1]}], "kwargs": {}, "line": 1}], {"not": "a list"},
                    [[0, len(text) + 1]], [[5, 2]], [[0, 1, 2]], [[0, True]], [[-1, 3]]):
        passed.table.put(key, planted)
        assert scan_page(text, "page.md", environment, names, passed).pieces == fresh.pieces
    assert passed_pages(again, environment, ["cite"]).key(text) != key, "other macros, another key"


def test_the_content_gate_keeps_the_places_of_a_pages_words_not_the_words(tmp_path):
    """A page's text is at hand whenever its kept result is looked up (its key), so the text between calls is
    kept as [start, end] (a comment, whitespace control and the last newline only cut it into parts); a piece
    that is not in the page as it is would be kept as its words, and what is read back is exactly a fresh scan."""
    from review_publisher.gates.content_gate import (
        _decoded,
        _encoded_pieces,
        jinja_environment,
        passed_pages,
        scan_page,
    )

    environment = jinja_environment({})
    text = 'Long words {# a note #} after {{ cite("a") }}   \n  {{- cite("b") }} trailing text\n'
    cache = DiskCache(tmp_path, secret=b"s" * 32)
    passed = passed_pages(cache, environment, ["cite"])
    fresh = scan_page(text, "page.md", environment, ["cite"], passed)
    stored = passed.table.get(passed.key(text))
    assert [piece for piece in stored if not isinstance(piece, dict)] == [[0, 11], [23, 30], [67, 81]]
    assert scan_page(text, "page.md", environment, ["cite"], passed).pieces == fresh.pieces
    assert scan_page(text, "page.md", environment, ["cite"], None).pieces == fresh.pieces
    changed = ["words the lexer changed", *fresh.pieces]
    assert _encoded_pieces(changed, text)[0] == "words the lexer changed"
    assert _decoded(_encoded_pieces(changed, text), {"cite"}, text).pieces == changed


def test_a_page_the_content_gate_refuses_is_never_stored(tmp_path):
    from review_publisher.gates.content_gate import jinja_environment, passed_pages, scan_page

    environment = jinja_environment({})
    cache = DiskCache(tmp_path, secret=b"s" * 32)
    passed = passed_pages(cache, environment, ["cite"])
    assert scan_page("{{ config.site_name }}", "page.md", environment, ["cite"], passed).problems
    assert passed.table.get(passed.key("{{ config.site_name }}")) is None


def test_pandoc_citations_found_earlier_survive_the_trip_through_json_exactly(tmp_path):
    """Every kind of citation (bracketed, narrative, with locators, prefixes and suffixes, braced keys) and every
    unreadable one comes back as it was found; a stored value of any other shape is searched for again."""
    from review_publisher.content.citations import find_pandoc_citations
    from review_publisher.content.kept_citations import kept_citations, pandoc_citations

    text = ("As @smith2020 [p. 4] says [see @a, pp. 1-2; also @{b:c} and more].\n"
            "Broken [@] and [-@year] here; [@x, ] too. A mail: me@example.org. [@d]\n")
    fresh = find_pandoc_citations(text)
    assert any(item.citation is None for item in fresh) and any(item.citation and item.citation.narrative
                                                               for item in fresh)
    cache = DiskCache(tmp_path / ".review-cache", secret=b"s" * 32)
    assert pandoc_citations(text, kept_citations(cache)) == fresh
    cache.save()
    kept = kept_citations(DiskCache(tmp_path / ".review-cache", secret=b"s" * 32))
    assert kept.table.get(kept.key(text)) is not None
    assert pandoc_citations(text, kept) == fresh
    for planted in ([[0, 5, 1, True, [["a", 1, "", ""]]]], [[0, 5, "1", "problem"]], {"not": "a list"}):
        kept.table.put(kept.key(text), planted)
        assert pandoc_citations(text, kept) == fresh


def test_a_style_is_read_once_and_read_again_when_its_file_changes(tmp_path, monkeypatch):
    """What the in-text labels take from a style is made by running citeproc-py on a sample: a build keeps it
    under the style file's bytes, and a changed file, or a damaged value, is read again."""
    from review_publisher.library import citation_style
    from review_publisher.library.citation_style import STYLE_TABLE, load_style, style_path

    apa = style_path("apa", tmp_path)
    house = tmp_path / "house.csl"
    house.write_bytes(apa.read_bytes())
    expected = load_style(house)
    cache = DiskCache(tmp_path / ".review-cache")
    assert load_style(house, cache) == expected
    cache.save()
    with monkeypatch.context() as patched:
        patched.setattr(citation_style, "_read_style", lambda *_: pytest.fail("the style was read again"))
        assert load_style(house, DiskCache(tmp_path / ".review-cache")) == expected
    chicago = style_path("chicago-author-date", tmp_path)
    house.write_bytes(chicago.read_bytes())
    changed = DiskCache(tmp_path / ".review-cache")
    again = load_style(house, changed)
    assert (again.and_in_parentheses, again.before_year) == ("and", " ") != (expected.and_in_parentheses,
                                                                             expected.before_year)
    changed.save()
    stored = tmp_path / ".review-cache" / f"{STYLE_TABLE}.json"
    kept = json.loads(stored.read_text())
    assert len(kept) == 1
    stored.write_text(json.dumps({key: ["&", "and", ", ", "three", 1] for key in kept}))
    assert load_style(house, DiskCache(tmp_path / ".review-cache")) == again
