"""Every id of the catalogue (and so of the page Build messages) is expected by some test: a message no test
produces may be one no build can give, or one whose wording nobody has seen."""

from pathlib import Path

from review_publisher.diagnostics import CATALOGUE


def test_every_diagnostic_id_is_expected_by_some_test():
    tests = Path(__file__).resolve().parent
    text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in tests.rglob("*")
                     if path.is_file() and path.suffix in (".py", ".json") and path.name != Path(__file__).name)
    unexpected = [id_ for id_ in CATALOGUE if f'"{id_}"' not in text and f"'{id_}'" not in text]
    assert unexpected == []
