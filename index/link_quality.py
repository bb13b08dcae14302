"""Scoring passage-to-enabler links against hand labels (tests/data/enabler_links.yaml)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from index.errors import IndexFailure
from index.store_readers import StoredPassage


class LinkLabelError(IndexFailure):
    """The labels file is malformed or a label matches no passage."""


@dataclass(frozen=True)
class LinkLabel:
    document: str
    contains: str  # a phrase that finds the passage within its document
    enablers: frozenset[str]


@dataclass(frozen=True)
class LinkScore:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_link_labels(path: Path) -> list[LinkLabel]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        return [
            LinkLabel(str(row["document"]), str(row["contains"]), frozenset(row.get("enablers") or ()))
            for row in data["passages"]
        ]
    except (KeyError, TypeError) as e:
        raise LinkLabelError(f"{path}: every passage needs document, contains and enablers ({e})") from None


def label_passages(labels: list[LinkLabel], passages: Iterable[StoredPassage]) -> dict[int, frozenset[str]]:
    """Passage id -> labelled enablers; every label must find exactly one passage."""
    passages = list(passages)
    labelled = {}
    for label in labels:
        found = [p for p in passages if p.document_id == label.document and label.contains in p.text]
        if len(found) != 1:
            raise LinkLabelError(f"label {label.document}: {label.contains!r} matches {len(found)} passages")
        labelled[found[0].id] = label.enablers
    return labelled


def score_links(labelled: dict[int, frozenset[str]], links: dict[int, set[str]]) -> LinkScore:
    """Compare predicted links (passage id -> enabler ids) with the labels, over labelled passages."""
    tp = fp = fn = 0
    for passage_id, wanted in labelled.items():
        got = links.get(passage_id, set())
        tp += len(got & wanted)
        fp += len(got - wanted)
        fn += len(wanted - got)
    return LinkScore(tp, fp, fn)
