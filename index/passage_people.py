"""Which people a passage is about: named in it, or named in the passages nearest to it."""

from __future__ import annotations

from index.documents import Person
from index.phrases import PhraseFinder
from index.text import name_forms

NEARBY = 2  # passages either side that still lend their people to an unnamed passage


def names_in(text: str, people: list[Person]) -> list[int]:
    """Indexes of `people` named in `text` (case-sensitive, whole words)."""
    return sorted(_finder(people).found(text))


def _finder(people: list[Person]) -> PhraseFinder[int]:
    return PhraseFinder((form, i, False) for i, person in enumerate(people) for form in name_forms(person.name))


def people_distances(passages: list[str], people: list[Person]) -> list[dict[int, int]]:
    """For each passage, {person index: distance}: 0 if named in it, else passages away (<= NEARBY).

    A passage that names nobody borrows the people of its nearest passages that do.
    """
    finder = _finder(people)
    named = [sorted(finder.found(text)) for text in passages]
    result = []
    for pos, here in enumerate(named):
        if here:
            result.append({i: 0 for i in here})
            continue
        nearby: dict[int, int] = {}
        for distance in range(1, NEARBY + 1):
            for other in (pos - distance, pos + distance):
                if 0 <= other < len(named):
                    for i in named[other]:
                        nearby.setdefault(i, distance)
            if nearby:
                break
        result.append(nearby)
    return result
