"""Resolving a typed enabler name forgivingly (pure): its id, name or a synonym, the start of one,
or a close misspelling. An ambiguous name, or one close to some enablers, resolves to nothing with
those as suggestions; a name close to none ("zzqx") resolves to nothing with every enabler."""

from __future__ import annotations

import os

from rapidfuzz import fuzz

from bot.answer import EnablerRef
from bot.summary import Resolution
from bot.typed_words import typed_words
from index import Enabler, english_words, words

MIN_PREFIX_CHARS = 3
MIN_PARTIAL_CHARS = 5
MISSPELLING_RATIO = 85  # rapidfuzz similarity (0-100) at which a misspelt name still resolves...
MISSPELLING_MARGIN = 8  # ...when no other enabler comes this close
MAX_SUGGESTIONS = 3
# rapidfuzz WRatio (0-100) an enabler's name, id or synonym needs to be suggested as close to a name that
# resolves to none: misspellings and parts score 80-100 ("trst" 89, "leadershp" 85, "inequality" 82), other
# words and nonsense 30-72 ("zzqx" 30, "banana" 60, "estates" 69, "money" 72)
CLOSE_RATIO = 75


def resolve_enabler(name: str, enablers: list[Enabler]) -> Resolution:
    query = words(typed_words(name))  # `ｔｒｕｓｔ`, `truѕt` (a Cyrillic ѕ), `tr\u200bust`: "trust"
    if not enablers:  # enablers.yaml lists none: nothing to resolve to, nothing to suggest
        return Resolution(None)
    everyone = Resolution(None, tuple(EnablerRef.of(e) for e in enablers), close=False)
    if not query:
        return everyone
    terms = {e.id: [words(t) for t in (e.id, e.name, *e.synonyms)] for e in enablers}
    by_id = {e.id: e for e in enablers}
    for matches in (
        [e for e in enablers if query in terms[e.id][:2]],  # id or name
        [e for e in enablers if query in terms[e.id]],  # synonym
        [e for e in enablers if len(query) >= MIN_PREFIX_CHARS and any(t.startswith(query) for t in terms[e.id])],
    ):
        if len(matches) == 1:
            return Resolution(EnablerRef.of(matches[0]))
        if matches:
            return Resolution(None, tuple(EnablerRef.of(e) for e in matches[:MAX_SUGGESTIONS]))
    if all(w in english_words() for w in query.split()):  # "nursing" is no misspelling of "ensuring": a word of
        # English is read only as a form of a word an enabler's terms use ("inequality" of "inequalities")
        terms = {e.id: [t for t in terms[e.id] if _forms_of(query, t)] for e in enablers}
        enablers = [e for e in enablers if terms[e.id]]
        if not enablers:
            return everyone
    spelling = sorted(((max(_likeness(query, t) for t in terms[e.id]), e.id) for e in enablers), reverse=True)
    best, runner_up = spelling[0][0], spelling[1][0] if len(spelling) > 1 else 0
    if best >= MISSPELLING_RATIO and best - runner_up >= MISSPELLING_MARGIN:
        return Resolution(EnablerRef.of(by_id[spelling[0][1]]))
    closeness = {e.id: max(fuzz.WRatio(query, t) for t in terms[e.id]) for e in enablers}
    closest = sorted((e for e in enablers if closeness[e.id] >= CLOSE_RATIO), key=lambda e: -closeness[e.id])
    if not closest:
        return everyone
    return Resolution(None, tuple(EnablerRef.of(e) for e in closest[:MAX_SUGGESTIONS]))


def _likeness(query: str, term: str) -> float:
    """Whole-string similarity, or the best alignment of the shorter string inside the longer
    ("inequality" in "health inequalities") when both have MIN_PARTIAL_CHARS or more."""
    whole = fuzz.ratio(query, term)
    return max(whole, fuzz.partial_ratio(query, term)) if min(len(query), len(term)) >= MIN_PARTIAL_CHARS else whole




def _forms_of(query: str, term: str) -> bool:
    """Whether each word of `query` is a form of a word of `term`: the two share all but their last three letters,
    and four at least ("inequality" and "inequalities"; not "nursing" and "ensuring")."""
    def same(a: str, b: str) -> bool:
        shared = len(os.path.commonprefix([a, b]))
        return shared >= max(4, min(len(a), len(b)) - 3)
    return all(any(same(q, t) for t in term.split()) for q in query.split())
