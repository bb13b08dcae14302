"""Linking passages to the enablers they speak to (pure: texts and vectors in, links out).

A passage is linked to an enabler when its section heading is the enabler's name or a synonym,
or when it is semantically close to the enabler: cosine similarity between the passage vector
and the enabler's centroid (the mean of its name, description and synonym vectors). The bar is
lower when the passage uses the enabler's name or a synonym, and lower still when the
document's front matter also tags the enabler. BENCHMARKS.md ("Enablers") shows how the
thresholds were tuned on the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.embedder import Embedder
from index.taxonomy import Enabler

SEMANTIC_THRESHOLD = 0.62      # similarity alone
TAGGED_THRESHOLD = 0.58        # the document's front matter tags the enabler
NAMED_THRESHOLD = 0.50         # the passage uses the enabler's name or a synonym
TAGGED_NAMED_THRESHOLD = 0.40  # both
MAX_SEMANTIC_LINKS = 3         # per passage besides its heading's, those furthest above their bar first


@dataclass(frozen=True)
class Thresholds:
    semantic: float = SEMANTIC_THRESHOLD
    tagged: float = TAGGED_THRESHOLD
    named: float = NAMED_THRESHOLD
    tagged_named: float = TAGGED_NAMED_THRESHOLD

    def bar(self, named: bool, tagged: bool) -> float:
        if named:
            return self.tagged_named if tagged else self.named
        return self.tagged if tagged else self.semantic


@dataclass(frozen=True)
class Link:
    position: int  # passage position within its document
    enabler_id: str
    source: str  # "heading" | "named" | "tag" | "semantic": the strongest evidence
    score: float  # 1.0 for a heading, else the similarity


_TOKEN = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    """Lower-case words with a plural "s" dropped (ending a word of four letters or more), so
    "relationships" matches "relationship"."""
    return _singular(_TOKEN.findall(text.lower()))


def _singular(words: list[str]) -> list[str]:
    return [w[:-1] if w[-1] == "s" and len(w) > 3 else w for w in words]


def _phrase(text: str) -> str:
    return " " + " ".join(_words(text)) + " "


def heading_enabler(section: str, enablers: list[Enabler]) -> str | None:
    """The first enabler whose name or a synonym the section heading is (any case, plurals aside)."""
    return _heading(section, _heading_phrases(tuple(enablers)))


def _heading(section: str, phrases: dict[str, str]) -> str | None:
    heading = _phrase(section)
    return phrases.get(heading) if heading.strip() else None


@lru_cache(maxsize=16)
def _heading_phrases(enablers: tuple[Enabler, ...]) -> dict[str, str]:
    """The `_phrase` of every enabler's name and synonyms, with the first enabler that has it."""
    phrases: dict[str, str] = {}
    for enabler in enablers:
        for term in (enabler.name, *enabler.synonyms):
            phrases.setdefault(_phrase(term), enabler.id)
    return phrases


def names_enabler(text: str, enabler: Enabler) -> bool:
    """Whether `text` uses the enabler's name or one of its synonyms (whole words, any case)."""
    return _terms(enabler).search(_phrase(text)) is not None


def named_enablers(text: str, enablers: list[Enabler]) -> frozenset[str]:
    """The ids of the enablers `text` uses the name or a synonym of (`names_enabler` of each); for
    many texts, make one `EnablerNames` instead."""
    return EnablerNames(enablers)(text)


class EnablerNames:
    """`named_enablers` for one list of enablers, looked up once (a build asks it of every passage):
    a name or synonym is in a `_phrase` exactly when its words stand in a row among the text's
    words, so the text's runs of words are looked up in a dictionary of the names' words."""

    def __init__(self, enablers: list[Enabler]):
        self._runs: dict[tuple[str, ...], set[str]] = {}  # a name's or synonym's words -> the enablers with it
        self._lengths: dict[str, list[int]] = {}  # a first word -> the lengths of the runs it starts
        for enabler in enablers:
            for term in (enabler.name, *enabler.synonyms):
                words = tuple(_words(term))
                if words:
                    self._runs.setdefault(words, set()).add(enabler.id)
                    lengths = self._lengths.setdefault(words[0], [])
                    if len(words) not in lengths:
                        lengths.append(len(words))

    def __call__(self, text: str) -> frozenset[str]:
        return self.in_words(_TOKEN.findall(text.lower()))

    def in_words(self, words: list[str]) -> frozenset[str]:
        """`self(text)` from the text's lower-case runs of letters and digits, plurals kept (as the
        hashing embedder reads a text: `index.hashing_embedder.hashing_words`)."""
        words = _singular(words)
        firsts = self._lengths.keys() & set(words)  # most words start no name: only these are walked
        found: set[str] = set()
        for at, word in enumerate(words if firsts else ()):
            if word in firsts:
                for n in self._lengths[word]:
                    found.update(self._runs.get(tuple(words[at:at + n]), ()))
        return frozenset(found)


@lru_cache(maxsize=256)  # compiled once per enabler, not once per document
def _terms(enabler: Enabler) -> re.Pattern:
    """Matches the enabler's name or a synonym inside a `_phrase`."""
    terms = [t for t in (_phrase(term) for term in (enabler.name, *enabler.synonyms)) if t.strip()]
    return re.compile("|".join(map(re.escape, terms))) if terms else re.compile(r"(?!)")


def enabler_centroids(enablers: list[Enabler], embedder: Embedder) -> np.ndarray:
    """One unit vector per enabler: the mean of its name, description and synonym vectors."""
    rows = []
    for enabler in enablers:
        mean = embedder.embed([enabler.name, enabler.description, *enabler.synonyms]).mean(axis=0)
        norm = np.linalg.norm(mean)
        rows.append(mean / norm if norm else mean)
    return np.asarray(rows, dtype=np.float32).reshape(len(enablers), embedder.dimension)


def link_passages(
    sections: list[str],
    texts: list[str],
    passage_vectors: np.ndarray,
    document_tags: set[str],
    enablers: list[Enabler],
    enabler_vectors: np.ndarray,
    thresholds: Thresholds = Thresholds(),
    named: Sequence[Collection[str]] | None = None,
) -> list[Link]:
    """Links for one document's passages; `enabler_vectors` come from `enabler_centroids`; `named`:
    each passage's `named_enablers`, when known already (the texts are then not read)."""
    if not enablers or not sections:
        return []
    if named is None:
        names = EnablerNames(enablers)
        named = [names(text) for text in texts]
    scores = (passage_vectors @ enabler_vectors.T).astype(np.float64)
    ids = [enabler.id for enabler in enablers]
    uses = np.array([[i in found for i in ids] for found in named], dtype=bool).reshape(scores.shape)
    tagged = np.array([i in document_tags for i in ids])
    bars = np.where(uses, np.where(tagged, thresholds.tagged_named, thresholds.named),
                    np.where(tagged, thresholds.tagged, thresholds.semantic))
    margins = scores - bars
    phrases = _heading_phrases(tuple(enablers))
    headings = {section: _heading(section, phrases) for section in set(sections)}
    links = []
    for pos, (section, any_above) in enumerate(zip(sections, (margins >= 0).any(axis=1).tolist())):
        by_heading = headings[section]
        if by_heading:
            links.append(Link(pos, by_heading, "heading", 1.0))
        if not any_above:
            continue
        above = [j for j in np.flatnonzero(margins[pos] >= 0).tolist() if ids[j] != by_heading]
        above.sort(key=lambda j: -margins[pos, j])
        for j in above[:MAX_SEMANTIC_LINKS]:
            source = "named" if uses[pos, j] else "tag" if tagged[j] else "semantic"
            links.append(Link(pos, ids[j], source, round(float(scores[pos, j]), 4)))
    return links
