"""Which people a passage is about: named in it, or named in the passages nearest to it."""

from __future__ import annotations

import re

from index.documents import Person

HONORIFICS = {"dr", "sir", "dame", "professor", "prof", "mr", "mrs", "ms", "miss", "lord", "lady", "cllr"}
NEARBY = 2  # passages either side that still lend their people to an unnamed passage


def bare_name(name: str) -> str:
    """The name without a leading honorific: "Dr Fiona Goudie" -> "Fiona Goudie"."""
    parts = name.split()
    while len(parts) > 1 and parts[0].lower().strip(".") in HONORIFICS:
        parts = parts[1:]
    return " ".join(parts)


def name_forms(name: str) -> list[str]:
    """Ways a text refers to a person: full name, without honorific, first name, surname."""
    parts = name.split()
    bare = bare_name(name).split()
    forms = {name, " ".join(bare)}
    if len(bare) >= 2:
        forms.update({bare[0], bare[-1]})
        if parts[0] != bare[0]:
            forms.add(f"{parts[0]} {bare[-1]}")  # "Dr Goudie"
    return sorted((f for f in forms if len(f) >= 3), key=len, reverse=True)


def names_in(text: str, people: list[Person]) -> list[int]:
    """Indexes of `people` named in `text` (case-sensitive, whole words)."""
    found = []
    for i, person in enumerate(people):
        if any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) for form in name_forms(person.name)):
            found.append(i)
    return found


def people_distances(passages: list[str], people: list[Person]) -> list[dict[int, int]]:
    """For each passage, {person index: distance}: 0 if named in it, else passages away (<= NEARBY).

    A passage that names nobody borrows the people of its nearest passages that do.
    """
    named = [names_in(text, people) for text in passages]
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
