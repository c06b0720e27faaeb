"""`memo.cached`: computed on first use, then read from the object without calling it again."""

from dataclasses import dataclass

from generators.memo import cached, warm


@dataclass(frozen=True)
class Box:
    value: int

    @cached
    def doubled(self) -> int:
        CALLS.append(self.value)
        return self.value * 2


CALLS: list[int] = []


def test_a_cached_value_is_computed_once_per_object():
    CALLS.clear()
    box = Box(3)
    assert (box.doubled, box.doubled) == (6, 6)
    assert CALLS == [3]


def test_each_object_keeps_its_own_value():
    assert (Box(1).doubled, Box(5).doubled) == (2, 10)


def test_it_works_on_frozen_dataclasses_and_does_not_change_equality():
    a, b = Box(4), Box(4)
    a.doubled
    assert a == b and hash(a) == hash(b)


def test_the_class_attribute_is_the_descriptor_with_its_docstring():
    assert isinstance(Box.doubled, cached)
    assert Box.doubled.name == "doubled"


class LabelledBox(Box):
    @cached
    def label(self) -> str:
        CALLS.append(-self.value)
        return f"box {self.value}"


def test_warm_computes_every_cached_value_now_inherited_ones_too():
    CALLS.clear()
    box = LabelledBox(4)
    warm(box)
    assert sorted(CALLS) == [-4, 4]
    assert (box.doubled, box.label) == (8, "box 4") and sorted(CALLS) == [-4, 4]
