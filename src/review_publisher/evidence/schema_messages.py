"""A JSON Schema error in a contributor's words: where, what was found, what is expected."""

from __future__ import annotations

_YAML_1_1_WORDS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"}


def extra_key(error) -> tuple:
    """For an unknown key, the key itself, so the message points at its line rather than its parent's."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = [key for key in error.instance if key not in error.schema.get("properties", {})]
        return (extra[0],) if extra else ()
    return ()


_TYPE_WORDS = {"string": "text", "null": "null (for 'not known')", "array": "a list", "object": "a mapping",
               "integer": "a whole number", "number": "a number", "boolean": "true or false"}


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "…"


def _type_words(expected) -> str:
    """'text', or 'text or null (for 'not known')' when the schema allows several types."""
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(str(kind), str(kind)) for kind in kinds)


def explain(error) -> str:
    """A jsonschema error in a contributor's terms: where, what, and for YAML 1.1 words what to write instead."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        inside = [sub for sub in error.context if sub.path]  # the value had the right shape; a part of it is wrong
        if inside:
            return explain(_best_match(inside))
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path).lstrip(".")
    message = error.message
    if error.validator in ("oneOf", "anyOf") and error.context:
        types = [_type_words(sub.validator_value) for sub in error.context if sub.validator == "type" and not sub.path]
        message = (f"{_short(error.instance)} is not {' or '.join(dict.fromkeys(types))}" if types
                   else _best_match(error.context).message)
    elif error.validator == "type":
        message = f"{_short(error.instance)} is not {_type_words(error.validator_value)}"
    elif error.validator == "pattern" and error.schema.get("description"):
        message = f"{_short(error.instance)} is not {error.schema['description']}"
    if error.validator == "additionalProperties":
        message += f"; the allowed keys are: {', '.join(sorted(error.schema.get('properties', {})))}"
    if error.validator == "enum":
        message = f"{error.instance!r} is not one of: {', '.join(map(str, error.validator_value))}"
    if isinstance(error.instance, str) and error.instance in _YAML_1_1_WORDS:
        message += " (write true or false; this site reads yes/no/on/off as text, not as booleans)"
    if error.validator == "minItems" and where.endswith("sources"):
        message = "a finding needs at least one source: " + message
    if len(message) > 300:  # a value nested thousands deep would fill the screen
        message = message[:300] + "…"
    return f"{where or 'the file'}: {message}"


def _best_match(errors):
    from jsonschema.exceptions import best_match  # imported with the first message: `review check` seldom needs it

    return best_match(errors)
