"""Enabler linking (index/linking.py, scored for a whole document at once, the enablers a passage
names found beforehand or not) gives exactly the links a direct reading of its rules gives,
passage by passage and enabler by enabler."""

from __future__ import annotations

import random

import numpy as np
from conftest import KNOWLEDGE

from index.linking import (
    MAX_SEMANTIC_LINKS,
    Link,
    Thresholds,
    heading_enabler,
    link_passages,
    named_enablers,
    names_enabler,
)
from index.taxonomy import load_enablers


def _by_the_rules(sections, texts, vectors, tags, enablers, enabler_vectors, thresholds):
    similarity = vectors @ enabler_vectors.T
    links = []
    for pos, (section, text) in enumerate(zip(sections, texts)):
        by_heading = heading_enabler(section, enablers)
        if by_heading:
            links.append(Link(pos, by_heading, "heading", 1.0))
        candidates = []
        for j, enabler in enumerate(enablers):
            if enabler.id == by_heading:
                continue
            named, tagged = names_enabler(text, enabler), enabler.id in tags
            score = float(similarity[pos, j])
            if score - thresholds.bar(named, tagged) >= 0:
                candidates.append((score - thresholds.bar(named, tagged),
                                   Link(pos, enabler.id, "named" if named else "tag" if tagged else "semantic",
                                        round(score, 4))))
        candidates.sort(key=lambda c: -c[0])
        links += [link for _, link in candidates[:MAX_SEMANTIC_LINKS]]
    return links


def test_links_are_what_the_rules_give_one_pair_at_a_time():
    enablers = load_enablers(KNOWLEDGE)
    rng = random.Random(14)
    terms = [t for e in enablers for t in (e.name, *e.synonyms)] + ["boards", "the", "Trusts", "money"]
    headings = [enablers[0].name, enablers[3].synonyms[0].upper(), "What we learned", ""]
    thresholds, sources = Thresholds(), set()
    for round_ in range(40):
        count = rng.randint(1, 12)
        sections = [rng.choice(headings) for _ in range(count)]
        texts = [" ".join(rng.choice(terms) + rng.choice(["", "s", ",", "."]) for _ in range(rng.randint(0, 9)))
                 for _ in range(count)]
        generator = np.random.default_rng(round_)
        vectors = generator.standard_normal((count, 16)).astype(np.float32) * 0.3
        enabler_vectors = generator.standard_normal((len(enablers), 16)).astype(np.float32) * 0.3
        tags = {e.id for e in rng.sample(enablers, rng.randint(0, 4))}
        expected = _by_the_rules(sections, texts, vectors, tags, enablers, enabler_vectors, thresholds)
        assert link_passages(sections, texts, vectors, tags, enablers, enabler_vectors) == expected
        named = [named_enablers(text, enablers) for text in texts]  # as a build's worker processes find them
        assert named == [{e.id for e in enablers if names_enabler(text, e)} for text in texts]
        assert link_passages(sections, [""] * count, vectors, tags, enablers, enabler_vectors, named=named) == expected
        sources |= {link.source for link in expected}
    assert sources == {"heading", "named", "tag", "semantic"}
