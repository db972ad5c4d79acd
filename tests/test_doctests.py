"""The examples in the generator's docstrings are tests too: every module that has examples runs them."""

import doctest
import importlib
import pkgutil

import pytest

import review_publisher


def _has_examples(name: str) -> bool:
    return any(test.examples for test in doctest.DocTestFinder().find(importlib.import_module(name)))


MODULES = sorted(info.name for info in pkgutil.walk_packages(review_publisher.__path__, "review_publisher."))
WITH_EXAMPLES = [name for name in MODULES if _has_examples(name)]


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_the_examples_exist():
    assert sum(doctest.testmod(importlib.import_module(name)).attempted for name in WITH_EXAMPLES) >= 10
