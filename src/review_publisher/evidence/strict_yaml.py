"""A strict YAML loader for contributor data: no silent surprises, every problem located.

PyYAML as it comes keeps the last of duplicate keys, reads ``no`` as False, ``012`` as 10 and ``3:20`` as 200,
turns unquoted dates into dates, and expands aliases (a 332-byte "billion laughs" file becomes 10^9 nodes).
Here only ``true``/``false``, ``null``/``~``, plain decimal integers and plain decimals are read as anything but
text; everything else stays the string it looks like, for the schema to judge. Duplicate keys, anchors, aliases,
tabs and custom tags are errors with their line. Values come back with the line of every entry, so that later
checks can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TYPES = {
    "tag:yaml.org,2002:null": re.compile(r"^(?:~|null|Null|NULL|)$"),
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(r"^(?:0|-?[1-9][0-9]*)$"),
    "tag:yaml.org,2002:float": re.compile(r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$"),
}
_ALLOWED_TAGS = set(_PLAIN_TYPES) | {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]  # the C loader where PyYAML has it
    """PyYAML's safe loader with YAML 1.2-like plain scalars (no yes/no/on/off, octal, sexagesimal, dates)."""


_StrictLoader.yaml_implicit_resolvers = {}
for _tag, _pattern in _PLAIN_TYPES.items():
    _StrictLoader.add_implicit_resolver(_tag, _pattern, list("-0123456789tTfFnN~") + [""])


_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])[&*]\S", re.M)


@dataclass
class YamlProblem:
    line: int
    id: str
    message: str


@dataclass
class LoadedYaml:
    """The data, and the line of every mapping key and list item by path (a tuple of keys and indexes)."""

    data: Any = None
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)
    invalid: set[tuple] = field(default_factory=set)  # paths of entries that failed a later check (the schema)

    def line_of(self, path: tuple) -> int:
        """The line of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def load_yaml(text: str) -> LoadedYaml:
    result = LoadedYaml()
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            result.problems.append(YamlProblem(number, "data.yaml_tab",
                                               "a tab character; indent and separate with spaces only"))
    if result.problems:
        return result
    try:
        # The event pass finds anchors and aliases before anything is built; it is skipped when no '&' or '*'
        # could start one (most files), which halves the loading time.
        events = yaml.parse(text, Loader=_StrictLoader) if _MAYBE_ANCHOR.search(text) else ()
        for event in events:
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                result.problems.append(YamlProblem(line, "data.yaml_alias",
                                                   f"the alias '*{event.anchor}'; write the value out in full"))
            elif getattr(event, "anchor", None):
                result.problems.append(YamlProblem(line, "data.yaml_alias",
                                                   f"the anchor '&{event.anchor}'; anchors and aliases are not "
                                                   f"allowed, write each value out in full"))
        if result.problems:
            return result
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        result.problems.append(YamlProblem(mark.line + 1 if mark else 1, "data.yaml_syntax",
                                           f"{error.problem or error}".strip()))
        return result
    result.data = None if node is None else _construct(node, (), result)
    return result


def _construct(node: yaml.Node, path: tuple, result: LoadedYaml) -> Any:
    line = node.start_mark.line + 1
    result.lines.setdefault(path, line)
    if node.tag not in _ALLOWED_TAGS:
        result.problems.append(YamlProblem(line, "data.yaml_syntax", f"the tag '{node.tag}' is not allowed"))
        return None
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path, result)
            if not isinstance(key, str):
                result.problems.append(YamlProblem(key_node.start_mark.line + 1, "data.yaml_syntax",
                                                   f"the key {key!r} is not text; quote it"))
                continue
            if key in mapping:
                result.problems.append(YamlProblem(key_node.start_mark.line + 1, "data.duplicate_key",
                                                   f"the key '{key}' appears twice in the same mapping (first on "
                                                   f"line {result.lines[path + (key,)]})"))
                continue
            result.lines[path + (key,)] = key_node.start_mark.line + 1
            mapping[key] = _construct(value_node, path + (key,), result)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            result.lines[path + (index,)] = item.start_mark.line + 1
            items.append(_construct(item, path + (index,), result))
        return items
    value = node.value
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if node.tag == "tag:yaml.org,2002:int":
        return int(value)
    if node.tag == "tag:yaml.org,2002:float":
        return float(value)
    return value
