"""A build's vocabulary summed as arrays (`index.tally.Tally`) is what `Counter.update` of each
document's counts gives: the same counts, the words in the same order."""

from __future__ import annotations

import random
from collections import Counter

from index.tally import Tally


def test_a_tally_is_counter_update_of_each_mapping_in_order():
    rng = random.Random(24)
    words = [f"w{i}" for i in range(300)] + ["trust's", "’", "é"]
    tally, expected = Tally(), Counter()
    for _ in range(400):
        counts = Counter(rng.choice(words) for _ in range(rng.randint(0, 40)))
        tally.add(counts)
        expected.update(counts)
    found = tally.counts()
    assert found == expected and list(found.items()) == list(expected.items())
    assert all(type(n) is int for n in found.values())
    assert Tally().counts() == Counter()
