"""One document read and split (`prepare`): its passages, people, quotations, search text, texts to
embed and the enablers each passage names, ready to be written and embedded (pure: no I/O)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from index.acronyms import capital_stopwords
from index.chunking import Block, Passage, chunk_blocks, count_words, drop_furniture, parse_blocks
from index.documents import Document
from index.embedder import Embedder
from index.hashing_embedder import HashingEmbedder, hashing_words
from index.lexical import search_text, stemmed
from index.linking import EnablerNames
from index.passage_people import people_distances
from index.passage_text import passage_context
from index.quotes import Quotation, find_quotations
from index.repeated_blocks import drop_repeated_blocks
from index.spelling import corpus_words
from index.stem_postings import passage_terms
from index.taxonomy import Enabler
from index.text import split_sentences

MIN_SENTENCE_WORDS = 4


def unit_texts(context: str, passage: Passage) -> list[tuple[str, str]]:
    """(kind, text to embed): the whole passage with its context, each sentence, and each window of
    two neighbouring sentences (index/ranking.py scores a passage by all three)."""
    sentences = [s for s in split_sentences(passage.text) if count_words(s) >= MIN_SENTENCE_WORDS]
    units = [("passage", f"{context}\n{passage.text}")]
    units += [("sentence", s) for s in sentences]
    units += [("window", f"{a} {b}") for a, b in zip(sentences, sentences[1:])]
    return units


def document_blocks(doc: Document) -> list[Block]:
    """The document's paragraphs, lists and quotations, without repeats or page furniture."""
    return drop_furniture(drop_repeated_blocks(parse_blocks(doc.body)))


def chunk_document(
    doc: Document, blocks: list[Block], embedder: Embedder, cost: Callable[[str], int] | None = None
) -> list[Passage]:
    """Passages that fit the model's window together with their longest context line (`cost`:
    `word_costs(embedder)`, made once for a whole build)."""
    cost = cost or word_costs(embedder)
    context = max((cost(passage_context(doc.title, section)) for section in {b.section for b in blocks}),
                  default=cost(doc.title))
    return chunk_blocks(blocks, cost, embedder.max_tokens - embedder.count_tokens("") - context)


def word_costs(embedder: Embedder) -> Callable[[str], int]:
    """Tokens a text takes, without the special tokens, as the sum over its words (each distinct
    word is tokenised once): exact for WordPiece and the hashing embedder."""
    specials = embedder.count_tokens("")
    known: dict[str, int] = {}

    def cost(text: str) -> int:
        words = text.split()
        try:
            return sum(map(known.__getitem__, words))
        except KeyError:  # a word not seen before: tokenise the new ones
            for word in set(words).difference(known):
                known[word] = embedder.count_tokens(word) - specials
            return sum(map(known.__getitem__, words))

    return cost


@dataclass
class Chunked:
    """A document read and split, with everything found in it, ready to be written and embedded."""

    doc: Document
    rows: list[dict[str, Any]]  # passages: position, section, text, context, word_count, search_text
    units: list[tuple[int, str, str]]  # (passage position, kind, text to embed: "" when embedded by parts)
    people: list[dict[int, int]]  # per passage, {person index: distance}
    quotations: list[tuple[Quotation, ...]]  # per passage, in reading order
    named: list[frozenset[str]]  # per passage, the enablers it names (index.linking.named_enablers)
    words: Counter[str] = field(default_factory=Counter)  # the passages' words (index.spelling.corpus_words)
    capitals: frozenset[str] = frozenset()  # the stopwords the passages write in capitals (index.acronyms)
    codes: np.ndarray | None = None  # with the hashing embedder: the words of the parts units are made of (`prepare`)
    sizes: np.ndarray | None = None  # each part's word count (`HashingEmbedder.embed_codes`)
    spans: np.ndarray | None = None  # for each unit, the parts it joins (`HashingEmbedder.embed_codes`)
    terms: tuple[str, np.ndarray, np.ndarray] = field(default_factory=lambda: passage_terms([]))  # the passages'
    # stems counted (`passage_terms`)


def prepare(doc: Document, embedder: Embedder, cost: Callable[[str], int], enablers: Sequence[Enabler] = ()) -> Chunked:
    """Read and split one document and find its people, quotations, search text, texts to embed
    and the `enablers` each passage names (pure: no I/O, no model call beyond counting tokens)."""
    blocks = document_blocks(doc)
    passages = chunk_document(doc, blocks, embedder, cost)
    rows: list[dict[str, Any]] = []
    units: list[tuple[int, str, str]] = []
    names = _enabler_names(tuple(enablers)) if enablers else None
    named: list[frozenset[str]] = []
    # with the hashing embedder, whose vector of a text is a sum over its words, units are embedded
    # from their parts' words, each part read once here (`HashingEmbedder.embed_codes`)
    parts = _Parts() if isinstance(embedder, HashingEmbedder) else None
    for i, p in enumerate(passages):
        context = passage_context(doc.title, p.section)
        if parts is None:
            units += [(i, kind, text) for kind, text in unit_texts(context, p)]
            found = search_text(f"{context}\n{p.text}")
            named.append(names(p.text) if names else frozenset())
        else:  # the parts' words, read once, serve the search text and the enabler names too
            first = len(parts.words)
            units += _unit_parts(i, context, p, parts)
            found = _search_text(context, p.text, parts.words[first:])
            named.append(names.in_words(_joined(parts.words[first + 1:])) if names else frozenset())
        rows.append({"position": p.position, "section": p.section, "text": p.text, "context": context,
                     "word_count": p.word_count, "search_text": found})
    people = people_distances([p.text for p in passages], list(doc.people))
    quotations = find_quotations(passages, doc.people, [b.text for b in blocks if b.kind == "quote"], doc.title)
    words = corpus_words(["\n".join(f"{row['context']}\n{row['text']}" for row in rows)])  # no word spans a line
    item = Chunked(doc, rows, units, people, quotations, named, words, capital_stopwords(p.text for p in passages),
                   terms=passage_terms(row["search_text"] for row in rows))
    if parts is not None and isinstance(embedder, HashingEmbedder):
        item.codes, item.sizes, item.spans = parts.coded(embedder)
    return item


@lru_cache(maxsize=4)  # one list of enablers a build: looked up once, not once a document
def _enabler_names(enablers: tuple[Enabler, ...]) -> EnablerNames:
    return EnablerNames(list(enablers))


def _joined(lists: list[list[str]]) -> list[str]:
    return [word for words in lists for word in words]


def _search_text(context: str, text: str, words: list[list[str]]) -> str:
    """`search_text` of the passage with its context line, from the words of its parts (`words`:
    the context's, then each sentence's) when it has no apostrophe (the only place the two
    readings of words differ: `search_text` drops an apostrophe's ending)."""
    if "'" in text or "’" in text or "'" in context or "’" in context:
        return search_text(f"{context}\n{text}")
    return stemmed(_joined(words))


@dataclass
class _Parts:
    """A document's parts as the hashing embedder reads them: each part's words, and for each unit
    the parts it joins."""

    words: list[list[str]] = field(default_factory=list)
    spans: list[tuple[int, int, int]] = field(default_factory=list)

    def coded(self, embedder: HashingEmbedder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(`word_codes` of every part's words, each part's word count, the spans), as
        `HashingEmbedder.embed_codes` reads them."""
        return (embedder.word_codes(_joined(self.words)), np.fromiter(map(len, self.words), np.int64, len(self.words)),
                np.array(self.spans, np.int64).reshape(-1, 3))


def _unit_parts(position: int, context: str, passage: Passage, parts: _Parts) -> list[tuple[int, str, str]]:
    """`unit_texts` of a passage as parts (added to `parts`: its context line and its sentences)
    with, for each unit, the parts it joins: the passage is its context and every sentence (the
    sentences are split only at non-words), a sentence itself, a window its two sentences."""
    first = len(parts.words)
    sentences = split_sentences(passage.text)
    parts.words += map(hashing_words, [context, *sentences])
    # a sentence of at least MIN_SENTENCE_WORDS words (`count_words`), its words split no further than that
    kept = [first + 1 + k for k, sentence in enumerate(sentences)
            if len(sentence.split(None, MIN_SENTENCE_WORDS - 1)) >= MIN_SENTENCE_WORDS]
    parts.spans.append((first, len(parts.words), -1))
    parts.spans += [(k, k + 1, -1) for k in kept]
    parts.spans += [(a, a + 1, b) for a, b in zip(kept, kept[1:])]
    return ([(position, "passage", "")] + [(position, "sentence", "")] * len(kept)
            + [(position, "window", "")] * max(len(kept) - 1, 0))
