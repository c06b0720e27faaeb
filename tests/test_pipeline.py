"""The pipeline's own settings: the garbage collector scans less often while it runs."""

import gc

import pytest

from generators.pipeline import YOUNG_GC_THRESHOLD, fewer_gc_scans


@pytest.fixture
def default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_the_young_generation_waits_longer_while_a_stage_runs(default_thresholds):
    seen = fewer_gc_scans(gc.get_threshold)()
    assert seen == (YOUNG_GC_THRESHOLD, 10, 10)


def test_the_thresholds_are_restored_after_a_stage(default_thresholds):
    fewer_gc_scans(lambda: None)()
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_are_restored_when_a_stage_raises(default_thresholds):
    def fails():
        raise RuntimeError("stage failed")

    with pytest.raises(RuntimeError):
        fewer_gc_scans(fails)()
    assert gc.get_threshold() == (700, 10, 10)
