"""The examples in the generator's docstrings are tests too."""

import doctest
import importlib
import pkgutil

import pytest

import review_publisher

MODULES = sorted(info.name for info in pkgutil.walk_packages(review_publisher.__path__, "review_publisher."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_examples_exist():
    counted = sum(doctest.testmod(importlib.import_module(name)).attempted for name in MODULES)
    assert counted >= 10
