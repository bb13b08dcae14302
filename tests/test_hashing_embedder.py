"""The hashing embedder reads all the texts of a call in one pass: each text gets the vector it
gets alone, whatever else is in the call."""

from __future__ import annotations

import numpy as np

from index.hashing_embedder import HashingEmbedder, hashing_words

TEXTS = [
    "The board agreed a shared rota for bowel screening.",
    "",
    "Trusts' boards: BOARDS and board; 2024 figures (Kelvin \u212a, İstanbul)",
    "a text holding a NUL\x00between its words",
    "\x00",
    "!!! ??? ...",
    "boards",
]


def test_texts_embedded_together_get_the_vectors_they_get_alone():
    together = HashingEmbedder().embed(TEXTS)
    alone = np.concatenate([HashingEmbedder().embed([text]) for text in TEXTS])
    assert together.shape == (len(TEXTS), 256)
    assert np.array_equal(together, alone)


def test_a_nul_between_words_parts_them_as_a_space_does():
    embedder = HashingEmbedder()
    assert np.array_equal(embedder.embed(["shared\x00rota"]), embedder.embed(["shared rota"]))
    assert not np.array_equal(embedder.embed(["shared\x00rota"]), embedder.embed(["sharedrota"]))


def test_a_text_without_words_is_the_zero_vector_and_words_give_unit_vectors():
    vectors = HashingEmbedder().embed(["", "\x00", "...", "board", "trust board"])
    assert not vectors[:3].any()
    assert np.allclose(np.linalg.norm(vectors[3:], axis=1), 1.0)
    assert HashingEmbedder().embed([]).shape == (0, 256)


def test_texts_made_of_parts_are_embedded_as_the_parts_joined_bit_for_bit():
    parts = ["Shared rota agreed.", "The board’s NHS trusts met twice", "", "a\x00b c", "…", "Boards and rotas."]
    units = [(0, 1, -1), (0, 2, -1), (1, 2, 5), (2, 5, -1), (5, 6, 0), (0, 6, -1), (3, 4, -1), (2, 2, 1), (4, 4, -1)]
    words = [hashing_words(part) for part in parts]
    coder = HashingEmbedder()
    codes, sizes = coder.word_codes([w for part in words for w in part]), np.array([len(w) for w in words])
    found = HashingEmbedder().embed_codes(codes, sizes, np.array(units))  # codes travel between processes
    expected = HashingEmbedder().embed([" ".join([*parts[a:b], *([parts[c]] if c >= 0 else [])]) for a, b, c in units])
    assert found.dtype == expected.dtype == np.float32
    assert np.array_equal(found, expected)
    assert HashingEmbedder().embed_codes(codes, sizes, np.zeros((0, 3), np.int64)).shape == (0, 256)
