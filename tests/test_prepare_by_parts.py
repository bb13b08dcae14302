"""With the hashing embedder a prepared document's units are embedded from their parts, each word
read once (a passage's vector summed from its context's and sentences', a window's from its two
sentences'): the same units and the same vectors, bit for bit, as embedding every unit's text. The
parts' words also give each passage's search text and the enablers it names: the same as reading
the passage's text for them."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from index.chunking import Passage
from index.documents import load_corpus
from index.hashing_embedder import HashingEmbedder
from index.lexical import search_text
from index.linking import named_enablers
from index.passage_text import passage_context
from index.preparing import prepare, unit_texts, word_costs
from index.taxonomy import load_enablers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import scale_corpus  # noqa: E402

ODD = """---
title: "Odd text: ΑΣ, İstanbul, \u212aelvin"
---

# Straße “quotes” and ‘marks’

Dr. Jo Bloggs said: “We agreed it.” Then the board met. (Twice!) Another sentence follows here…
“Quoted start.” ‘Single’ marks: are they kept? 2024 figures rose.
A NUL\x00inside a line, and a short one. Yes. No.

- a list item that is long enough to be a sentence
- short
"""


def test_units_embedded_by_parts_are_the_units_embedded_one_text_at_a_time(corpus_dir):
    scale_corpus.write_corpus(corpus_dir / "synthetic", 400, seed=21)
    (corpus_dir / "odd.md").write_text(ODD, encoding="utf-8")
    documents = load_corpus(corpus_dir).documents
    assert len(documents) > 20 and any(doc.title.startswith("Odd text") for doc in documents)
    alone, by_parts = HashingEmbedder(), HashingEmbedder()
    cost = word_costs(by_parts)
    for doc in documents:
        item = prepare(doc, by_parts, cost)
        assert item.codes is not None and item.sizes is not None and item.spans is not None
        texts = [(row_i, kind, text) for row_i, row in enumerate(item.rows)
                 for kind, text in unit_texts(passage_context(doc.title, row["section"]),
                                              Passage(row["position"], row["section"], row["text"]))]
        assert [(i, kind) for i, kind, _ in item.units] == [(i, kind) for i, kind, _ in texts], doc.id
        assert {text for _, _, text in item.units} <= {""}  # the texts need not travel to the writer
        expected = alone.embed([text for _, _, text in texts])
        found = by_parts.embed_codes(item.codes, item.sizes, item.spans)
        assert found.dtype == expected.dtype and np.array_equal(found, expected), doc.id



PLAIN = """---
title: "Plain text: Shared Care Records, BOARDS and İstanbul \u212aelvin"
---

# Clinical leadership across boards

Building trust between the boards took two years (2021-2023). Role-modelling and role modelling,
leadership behaviours; LEADERSHIP CULTURES! Shared ambitions: co-production, clinical\x00leadership.
ΑΣ and Straße; system leaderships “in quotes” and (in brackets) with building
trust split across a line. Board development-led teams met.
"""


def test_search_text_and_enabler_names_from_the_parts_words_are_the_passage_texts_own(corpus_dir):
    scale_corpus.write_corpus(corpus_dir / "synthetic", 400, seed=22)
    (corpus_dir / "odd.md").write_text(ODD, encoding="utf-8")  # apostrophes: the search text is read from the text
    (corpus_dir / "plain.md").write_text(PLAIN, encoding="utf-8")  # none: from the parts' words
    enablers = load_enablers(corpus_dir)
    documents = load_corpus(corpus_dir).documents
    embedder = HashingEmbedder()
    cost = word_costs(embedder)
    named = 0
    for doc in documents:
        item = prepare(doc, embedder, cost, enablers)
        for row, found in zip(item.rows, item.named):
            assert row["search_text"] == search_text(f"{row['context']}\n{row['text']}"), doc.id
            assert found == named_enablers(row["text"], enablers), doc.id
            named += bool(found)
    assert named > 50
    plain = next(prepare(doc, embedder, cost, enablers) for doc in documents if doc.title.startswith("Plain text"))
    assert {"building-trust", "shared-ambitions"} <= plain.named[0]
    assert "'" not in plain.rows[0]["text"] and "’" not in plain.rows[0]["text"]
