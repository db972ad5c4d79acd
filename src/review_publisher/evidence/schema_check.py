"""Whether a data file meets its JSON Schema, and when it does not, every error in jsonschema's terms.

jsonschema (Python) gives the errors a contributor reads (schema_messages.py puts them in their words), but it
walks every value in Python: at 10,000 sources it took 4.5 of the 10 seconds of CPU that reading the data costs,
most of a first `review check`. jsonschema-rs answers the question almost every file asks, "is all of this
valid?", about fifty times faster, and says nothing more. So a file it finds valid has no errors, and anything
else (a file it finds invalid, or a value it cannot take, such as a lone surrogate) is checked by jsonschema,
whose errors are the ones reported, in its order.

The quick check can therefore only spare work, never hide an error, as long as it rejects whatever jsonschema
rejects: tests/test_schema_check.py plants bad values everywhere in real documents to hold it to that, and the
schemas avoid the one pattern difference known (``\\s``: Python's includes the control characters 0x1C-0x1F).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


@dataclass
class SchemaCheck:
    """One schema (its local references written out, see model.inline_local_refs), checked both ways."""

    schema: dict

    @functools.cached_property
    def exact(self) -> Draft202012Validator:
        """jsonschema's validator, made when a file first needs its errors (the import alone takes 0.1 s)."""
        from jsonschema import Draft202012Validator

        Draft202012Validator.check_schema(self.schema)
        return Draft202012Validator(self.schema)

    @functools.cached_property
    def quick(self) -> Any:
        """jsonschema-rs's validator, offline: the schemas name no address to fetch, and none may be fetched."""
        import jsonschema_rs

        return jsonschema_rs.Draft202012Validator(self.schema, offline=True)

    def errors(self, instance: Any) -> list[ValidationError]:
        """Every error of ``instance``, as jsonschema gives them; none when the quick check finds it valid."""
        if self.passes_quickly(instance):
            return []
        return list(self.exact.iter_errors(instance))

    def passes_quickly(self, instance: Any) -> bool:
        try:
            return bool(self.quick.is_valid(instance))
        except (ValueError, TypeError, UnicodeError, OverflowError):  # what it cannot take, jsonschema judges
            return False
