"""The pipeline's own settings: no garbage collection while a stage runs."""

import gc

import pytest

from generators.pipeline import thaw, without_gc


@pytest.fixture
def collector_on():
    was_on = gc.isenabled()
    gc.enable()
    yield
    thaw()
    if not was_on:
        gc.disable()


def test_the_collector_is_off_while_a_stage_runs(collector_on):
    assert without_gc(gc.isenabled)() is False


def test_the_collector_is_back_on_after_a_stage(collector_on):
    without_gc(lambda: None)()
    assert gc.isenabled()


def test_the_collector_is_back_on_when_a_stage_raises(collector_on):
    def fails():
        raise RuntimeError("stage failed")

    with pytest.raises(RuntimeError):
        without_gc(fails)()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    without_gc(lambda: None)()
    assert not gc.isenabled()


def test_what_a_stage_leaves_is_frozen_until_thawed(collector_on):
    kept = without_gc(lambda: [[] for _ in range(1000)])()
    assert gc.get_freeze_count() >= len(kept)
    thaw()
    assert gc.get_freeze_count() == 0


def test_cycles_a_stage_left_are_collected_after_thaw(collector_on):
    import weakref

    class Node:
        pass

    def make_cycle():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return weakref.ref(a)

    ref = without_gc(make_cycle)()
    gc.collect()
    assert ref() is not None          # frozen: the collector does not see it
    thaw()
    gc.collect()
    assert ref() is None
