"""Linking passages to the enablers they speak to (pure: vectors in, links out).

A passage is linked to an enabler when its section heading names the enabler, or when the
passage is semantically close to the enabler's profile (name, description, synonyms). Enablers
the document's front matter tags need less similarity than the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.taxonomy import Enabler

SEMANTIC_THRESHOLD = 0.45   # cosine, passage vs enabler profile, for any enabler
TAGGED_THRESHOLD = 0.30     # lower bar for enablers the document's front matter names
MAX_SEMANTIC_LINKS = 3      # per passage, strongest first


@dataclass(frozen=True)
class Link:
    position: int  # passage position within its document
    enabler_id: str
    source: str  # "heading" | "tag" | "semantic"
    score: float


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def heading_enabler(section: str, enablers: list[Enabler]) -> str | None:
    heading = _normal(section)
    if not heading:
        return None
    for enabler in enablers:
        if heading in {_normal(enabler.name), *(_normal(s) for s in enabler.synonyms)}:
            return enabler.id
    return None


def link_passages(
    sections: list[str],
    passage_vectors: np.ndarray,
    document_tags: set[str],
    enablers: list[Enabler],
    enabler_vectors: np.ndarray,
) -> list[Link]:
    if not enablers or not sections:
        return []
    similarity = passage_vectors @ enabler_vectors.T
    links = []
    for pos, section in enumerate(sections):
        chosen: dict[str, Link] = {}
        by_heading = heading_enabler(section, enablers)
        if by_heading:
            chosen[by_heading] = Link(pos, by_heading, "heading", 1.0)
        for j in np.argsort(-similarity[pos]):
            enabler, score = enablers[j], float(similarity[pos, j])
            tagged = enabler.id in document_tags
            if score < (TAGGED_THRESHOLD if tagged else SEMANTIC_THRESHOLD):
                continue
            if len(chosen) - bool(by_heading) >= MAX_SEMANTIC_LINKS:
                break
            chosen.setdefault(enabler.id, Link(pos, enabler.id, "tag" if tagged else "semantic", round(score, 4)))
        links.extend(chosen.values())
    return links
