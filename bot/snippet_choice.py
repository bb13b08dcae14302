"""Which of a search's hits an answer shows, pure: in the search's order with a place's passages first
(`bot.places_first`) and results first when asked for (`bot.results_first`), at most `MAX_SNIPPETS`, led by one near
the best and none far below it, a few from one document, and none that repeats a chosen one's words."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Collection

from bot.places_first import PlacesFirst
from bot.results_first import results_first
from index import Hit

MAX_SNIPPETS = 5
# PER_DOCUMENT and SCORE_DROP chosen together under the learned fusion by leaving one fold of the pooled tuning
# questions out, LEAD_DROP kept so the first snippet is as before (benchmarks/snippet_rules.py; BENCHMARKS.md,
# "Stop 50"): the fused order's later hits hold the right passage more often than their log-odds say
PER_DOCUMENT = 4  # snippets from one document, unless the question is about that document
PER_DOCUMENT_WHEN_NAMED = 5
LEAD_DROP = 5.0  # the first snippet's log-odds of answering may be at most this far below the best one's
SCORE_DROP = 7.0  # and any other's at most this far (one between the two that the search put first follows the first)
DUPLICATE_OVERLAP = 0.6  # word-trigram overlap above which two passages count as the same


def chosen_hits(question: str, hits: list[Hit], named: Collection[str], places: PlacesFirst) -> list[Hit]:
    """The hits shown for `question`; `named`: the documents it names, which may give more of them."""
    best = max(hit.score for hit in hits)
    chosen: list[Hit] = []
    chosen_trigrams: list[frozenset[tuple[str, ...]]] = []  # each chosen passage's, made once
    per_doc: dict[str, int] = defaultdict(int)
    # the search's (fused) order, a place's passages first, within them those saying what came of the work when the
    # question asks (bot.results_first); the first near the best leads, those before it follow it
    ordered = places.ordered(question, results_first(question, hits))
    lead = next(hit for hit in ordered if hit.score >= best - LEAD_DROP)
    for hit in [lead, *(hit for hit in ordered if hit is not lead)]:
        if len(chosen) >= MAX_SNIPPETS:
            break
        if hit.score < best - SCORE_DROP:
            continue
        doc_id = hit.passage.document_id
        if per_doc[doc_id] >= (PER_DOCUMENT_WHEN_NAMED if doc_id in named else PER_DOCUMENT):
            continue
        trigrams = _trigrams(hit.passage.text)
        if any(_overlap(trigrams, other) > DUPLICATE_OVERLAP for other in chosen_trigrams):
            continue
        chosen.append(hit)
        chosen_trigrams.append(trigrams)
        per_doc[doc_id] += 1
    return chosen


@functools.lru_cache(maxsize=4096)
def _trigrams(text: str) -> frozenset[tuple[str, ...]]:
    """A passage's word trigrams (made once per passage text: the same passages come up again and again)."""
    words = re.findall(r"\w+", text.lower())
    return frozenset(tuple(words[i:i + 3]) for i in range(len(words) - 2))


def _overlap(ta: frozenset[tuple[str, ...]], tb: frozenset[tuple[str, ...]]) -> float:
    """Share of the shorter passage's word trigrams (`_trigrams`) found in the other's."""
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))
