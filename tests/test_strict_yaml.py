"""The strict YAML loader: YAML 1.1 surprises stay text; duplicates, aliases, tabs and tags are located errors."""

import pytest

from review_publisher.evidence.strict_yaml import load_yaml

ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{name}: &{name} [{','.join(['*' + previous] * 9)}]" for previous, name in zip("abcdefgh", "bcdefghi", strict=True)])


def test_yaml_1_1_surprises_stay_the_strings_they_look_like():
    loaded = load_yaml("a: no\nb: yes\nc: on\nd: off\ne: 012\nf: 3:20\ng: 2019-01-01\nh: 1e3\ni: .5\nj: 0x1F\n")
    assert loaded.problems == []
    assert loaded.data == {"a": "no", "b": "yes", "c": "on", "d": "off", "e": "012", "f": "3:20",
                           "g": "2019-01-01", "h": "1e3", "i": ".5", "j": "0x1F"}


def test_plain_values_that_do_mean_something():
    loaded = load_yaml("t: true\nf: false\nn: null\nt2: ~\ni: 42\nm: -7\nx: 1.5\ns: 'true'\nq: \"12\"\n")
    assert loaded.data == {"t": True, "f": False, "n": None, "t2": None, "i": 42, "m": -7, "x": 1.5,
                           "s": "true", "q": "12"}


@pytest.mark.parametrize("text, line, id", [
    ("a: 1\nb: 2\na: 3\n", 3, "data.duplicate_key"),
    ("x:\n  - id: a\n    id: b\n", 3, "data.duplicate_key"),
    ("a: &anchor 1\n", 1, "data.yaml_alias"),
    ("a: 1\nb:\n\t- c\n", 3, "data.yaml_tab"),
    ("a: 'x\tb'\n", 1, "data.yaml_tab"),
    ("a: [1, 2\n", 2, "data.yaml_syntax"),
    ("a: b: c\n", 1, "data.yaml_syntax"),
    ("a: !!python/object/apply:os.system ['id']\n", 1, "data.yaml_syntax"),
    ("a: !custom x\n", 1, "data.yaml_syntax"),
    ("1: x\n", 1, "data.yaml_syntax"),
])
def test_refused_with_line_and_id(text, line, id):
    loaded = load_yaml(text)
    assert [(p.line, p.id) for p in loaded.problems][:1] == [(line, id)]


def test_the_alias_bomb_is_refused_without_being_expanded():
    assert len(ALIAS_BOMB) < 400
    loaded = load_yaml(ALIAS_BOMB)
    assert loaded.data is None
    assert {p.id for p in loaded.problems} == {"data.yaml_alias"}
    assert loaded.problems[0].line == 1


def test_lines_of_entries_are_kept():
    loaded = load_yaml("findings:\n  - id: a\n    sources:\n      - key: x\n      - key: y\n")
    assert loaded.line_of(("findings", 0)) == 2
    assert loaded.line_of(("findings", 0, "sources", 1)) == 5
    assert loaded.line_of(("findings", 0, "sources", 1, "key")) == 5
    assert loaded.line_of(("findings", 3, "nothing")) == 1
