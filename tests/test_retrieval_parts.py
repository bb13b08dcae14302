"""The pure parts of retrieval: lexical words, spelling tolerance, furniture, ranking features,
decline wording; and the searcher's query preparation on a real index (hashing embedder)."""

from collections import Counter

import numpy as np
import pytest

from bot.answerer import not_covered_topic
from index import open_index
from index.build import build_index
from index.chunking import Block, Passage, drop_furniture
from index.document_batches import unit_texts
from index.lexical import content_terms, match_query, search_text, stem
from index.ranking import (
    FEATURES,
    FUSION_K,
    RETRIEVER_WEIGHT,
    PassageUnits,
    dense_similarity,
    feature_matrix,
    fuse_ranks,
    relevance,
)
from index.spelling import Speller


def test_light_stemming_keeps_unrelated_words_apart_and_joins_forms_of_one():
    assert stem("organisations") == stem("organisation") == "organis"
    assert stem("organ") != stem("organisation")
    assert stem("trusts") == stem("trust") and stem("sharing") == stem("shares") == "shar"
    assert search_text("Trusts’ shared Boards") == "trust shar board"
    assert content_terms("How did the boards get to trust one another?") == ["boards", "trust"]
    assert match_query("the and of") == "" and match_query("boards boarding") == '"board"'


@pytest.fixture(scope="module")
def speller():
    vocabulary = Counter("committee in common the trusts staff bank governance salisbury surgery children waiting works "
                         "yorkshire yorkshire executive executive".split())
    return Speller(vocabulary, known=dict.fromkeys(("how", "does", "it", "work", "did", "for", "kids", "suggest", "sugar"), 1))


@pytest.mark.parametrize("typed, corrected", [
    ("committe in comon - how does it work?", "committee in common - how does it work?"),
    ("comittee incommon", "committee in common"),
    ("Salsbury sugery for kids", "Salisbury surgery for kids"),
    ("goverance", "governance"),
    ("staf bank", "staff bank"),
])
def test_misspelt_words_are_corrected_towards_the_corpus(speller, typed, corrected):
    assert speller.correct(typed) == corrected


def test_shorthand_is_spelled_out_and_other_typos_corrected_into_english(speller):
    assert speller.correct("shud any1 r doing it") == "should anyone are doing it"
    assert speller.correct("Sugest it") == "Suggest it"  # not in the corpus, but English one edit away
    assert speller.correct("sugar sugr") == "sugar sugr"  # a short word is corrected only into the corpus


def test_a_correction_keeps_the_first_letter_and_a_word_s_start_is_completed(speller):
    assert speller.correct("west yorks") == "west yorkshire"  # not "works": typists keep the first letter
    assert speller.correct("the exec") == "the executive"


def test_known_words_acronyms_and_far_words_are_left_alone(speller):
    assert speller.correct("how does it work") == "how does it work"
    assert speller.correct("PMVA EPR") == "PMVA EPR"
    assert speller.correct("ransomware genomics") == "ransomware genomics"


def test_page_furniture_is_dropped_but_lessons_and_quotes_stay():
    blocks = [
        Block("", "Clients: North East London NHS Foundation Trust", "paragraph"),
        Block("", "Date: June 2022 – March 2024", "paragraph"),
        Block("Partners", "- Bradford District Care NHS Foundation Trust\n- Leeds and York Partnership NHS Foundation Trust", "list"),
        Block("", "Leave a comment", "paragraph"),
        Block("Lessons", "The trusts met weekly. It worked.", "paragraph"),
        Block("Lessons", "- Meet weekly to review the data.\n- Share the staff bank.", "list"),
        Block("Lessons", "We did it.\n— Jo Bloggs, Chair", "quote"),
    ]
    assert [b.text[:10] for b in drop_furniture(blocks)] == ["The trusts", "- Meet wee", "We did it."]


def test_a_passage_is_embedded_whole_by_sentence_and_by_window_of_two():
    passage = Passage(0, "S", "First sentence has six words here. Second sentence has six words too. Third one also has six words.")
    kinds = [k for k, _ in unit_texts("Doc — S", passage)]
    assert kinds == ["passage", "sentence", "sentence", "sentence", "window", "window"]


def test_ranking_features_and_their_linear_score():
    q = np.array([1.0, 0.0, 0.0])
    vectors = np.array([[1.0, 0, 0], [0.8, 0.6, 0], [0, 1.0, 0], [0, 0, 1.0]], dtype=np.float32)
    units = [PassageUnits(0, (1, 2), ()), PassageUnits(3, (), ())]
    features = feature_matrix(q, units, vectors, np.array([2.0, 0.0], dtype=np.float32))
    assert features.shape == (2, len(FEATURES))
    row = dict(zip(FEATURES, features[0]))
    assert row["passage"] == 1.0 and row["sentence"] == pytest.approx(0.8) and row["window"] == pytest.approx(0.8)
    assert row["top_sentences"] == pytest.approx(0.4) and row["lexical"] == 1.0
    assert dict(zip(FEATURES, features[1]))["lexical"] == 0.0
    scores = relevance(features)
    assert scores[0] > scores[1]
    assert feature_matrix(q, [], vectors, np.zeros(0)).shape == (0, len(FEATURES))


def test_fusion_puts_what_both_retrievers_rank_high_above_the_model_s_narrow_first():
    learned = np.array([3.0, 2.0, 1.0])
    dense = np.array([0.1, 0.9, 0.5])
    lexical = np.array([0.0, 5.0, 1.0])  # the first matched no word: it gets no lexical rank
    assert fuse_ranks(learned, dense, lexical, 10, 0.0).tolist() == [0, 1, 2]  # weight 0: the model alone
    assert fuse_ranks(learned, dense, lexical, 10, 2.0).tolist() == [1, 2, 0]
    assert fuse_ranks(learned, dense, np.zeros(3), 10, 2.0).tolist() == [1, 0, 2]
    assert fuse_ranks(np.zeros(0), np.zeros(0), np.zeros(0), 10, 2.0).tolist() == []
    # equal retriever scores share a rank, so the order candidates arrive in does not matter
    tied = (np.array([1.0, 3.0, 2.0]), np.array([0.5, 0.5, 0.9]), np.array([1.0, 1.0, 0.0]))
    swapped = [x[[1, 0, 2]] for x in tied]
    assert fuse_ranks(*tied, 10, 2.0).tolist() == [1, 0, 2] and fuse_ranks(*swapped, 10, 2.0).tolist() == [0, 1, 2]


def test_hybrid_search_orders_by_fusion_and_keeps_the_model_s_log_odds(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    searcher = open_index(tmp_path / "index", embedder)
    query = searcher.prepare("How did boards build trust in each other?")
    candidates, features, lexical = searcher.searcher.candidates(query)
    scores = relevance(features)
    bm25 = np.array([lexical.get(c, 0.0) for c in candidates])
    order = fuse_ranks(scores, dense_similarity(features), bm25, FUSION_K, RETRIEVER_WEIGHT)
    hits = searcher.search(query, 10)
    assert [h.passage.id for h in hits] == [candidates[i] for i in order[:10]]
    assert [h.score for h in hits] == pytest.approx([float(scores[i]) for i in order[:10]])
    assert order.tolist() != np.argsort(-scores, kind="stable").tolist()  # the fusion changed the order here


@pytest.mark.parametrize("question, unknown, topic", [
    ("How did collaboratives roll out a shared electronic patient record?", ("electronic", "record"), "electronic patient record"),
    ("How did trusts reduce agency spend?", ("agency", "spend"), "agency spend"),
    ("How did trusts share interpreting services?", ("interpreting",), "interpreting"),
    ("Anything on ransomware, genomics, radiology, maternity, cancer, dementia and stroke?",
     ("ransomware", "radiology", "stroke"), ""),  # too long to name
    ("How did trusts build trust?", (), ""),
])
def test_not_covered_topic_is_the_question_s_own_words(question, unknown, topic):
    assert not_covered_topic(question, unknown) == topic


def test_prepare_corrects_spelling_and_finds_words_the_corpus_never_uses(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    searcher = open_index(index_dir, embedder)
    query = searcher.prepare("committe in comon and the ransomware")
    assert query.searched == "committee in common and the ransomware"
    assert query.unknown == ("ransomware",) and query.known == pytest.approx(2 / 3)
    top = searcher.search(query, 1)[0]
    assert "committee in common" in top.passage.text
