"""The cycle collector is held off only for the block, and comes back as it was whatever happens inside."""

import gc

import pytest

from review_publisher.gc_pause import collection_paused


@pytest.fixture
def collector_as_found():
    was_enabled = gc.isenabled()
    yield
    (gc.enable if was_enabled else gc.disable)()


def test_held_off_inside_and_back_after(collector_as_found):
    gc.enable()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it to the outer one
    assert gc.isenabled()


def test_back_after_an_error(collector_as_found):
    gc.enable()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a failed read")
    assert gc.isenabled()


def test_left_off_when_it_was_off(collector_as_found):
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()
