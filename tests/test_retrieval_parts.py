"""The pure parts of retrieval: lexical words, spelling tolerance, furniture, ranking features,
decline wording; and the searcher's query preparation on a real index (hashing embedder)."""

from collections import Counter

import numpy as np
import pytest

from bot.answerer import not_covered_topic
from index import fusion, generations, open_index
from index.build import build_index
from index.chunking import Block, Passage, drop_furniture
from index.lexical import content_terms, match_query, search_text, stem
from index.preparing import unit_texts
from index.ranking import FEATURES, CandidateUnits, dense_similarity, feature_matrix, relevance
from index.spelling import Speller
from index.store import IndexStore
from index.vectors import VectorIndex


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
    assert speller.correct("sugar sugr") == "sugar sugar"  # from four letters (benchmarks/tune_spelling.py)
    assert speller.correct("sugar sgr") == "sugar sgr"  # shorter words are too ambiguous to correct


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
    units = CandidateUnits.of([(0, (1, 2), ()), (3, (), ())])
    features = feature_matrix(q, units, vectors, np.array([2.0, 0.0], dtype=np.float32))
    assert features.shape == (2, len(FEATURES))
    row = dict(zip(FEATURES, features[0]))
    assert row["passage"] == 1.0 and row["sentence"] == pytest.approx(0.8) and row["window"] == pytest.approx(0.8)
    assert row["top_sentences"] == pytest.approx(0.4) and row["lexical"] == 1.0
    assert dict(zip(FEATURES, features[1]))["lexical"] == 0.0
    scores = relevance(features)
    assert scores[0] > scores[1]
    assert feature_matrix(q, CandidateUnits.of([]), vectors, np.zeros(0)).shape == (0, len(FEATURES))


def test_fusion_puts_what_both_retrievers_rank_high_above_the_model_s_narrow_first():
    learned = np.array([3.0, 2.0, 1.0])
    dense = np.array([0.1, 0.9, 0.5])
    lexical = np.array([0.0, 5.0, 1.0])  # the first matched no word: it gets no lexical rank
    assert fusion.order(learned, dense, lexical).tolist() == [1, 2, 0]
    assert fusion.order(np.zeros(0), np.zeros(0), np.zeros(0)).tolist() == []
    assert fusion.signals(np.zeros(0), np.zeros(0), np.zeros(0)).shape == (0, len(fusion.SIGNALS))


def test_fusion_order_does_not_depend_on_the_order_candidates_arrive_in():
    tied = (np.array([1.0, 3.0, 2.0]), np.array([0.5, 0.5, 0.9]), np.array([1.0, 1.0, 0.0]))
    swapped = [x[[1, 0, 2]] for x in tied]
    first, second = fusion.order(*tied).tolist(), fusion.order(*swapped).tolist()
    assert [[1, 0, 2][i] for i in second] == first  # the same candidates in the same order


def test_late_interaction_lifts_the_passage_whose_words_answer_the_question_s():
    learned, dense, lexical = np.array([3.0, 2.0, 1.0]), np.array([0.8, 0.7, 0.65]), np.array([5.0, 1.0, 0.0])
    assert fusion.order(learned, dense, lexical).tolist()[0] == 0
    assert fusion.order(learned, dense, lexical, late=np.array([0.1, 0.2, 0.9])).tolist()[0] == 2
    # no token store (a corpus above late interaction's size): weights fitted without it, none on its columns
    late_columns = [fusion.SIGNALS.index("late_rank"), fusion.SIGNALS.index("late_gap")]
    assert not fusion.WITHOUT_LATE[late_columns].any() and fusion.WEIGHTS[late_columns].all()


def test_hybrid_search_orders_by_fusion_and_keeps_the_model_s_log_odds(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    searcher = open_index(tmp_path / "index", embedder)
    query = searcher.prepare("How did boards build trust in each other?")
    candidates, features, lexical = searcher.searcher.candidates(query)
    scores = relevance(features)
    bm25 = np.array([lexical.get(c, 0.0) for c in candidates])
    order = fusion.order(scores, dense_similarity(features), bm25)
    hits = searcher.search(query, 10)
    assert [h.passage.id for h in hits] == [candidates[i] for i in order[:10]]
    assert [h.score for h in hits] == pytest.approx([float(scores[i]) for i in order[:10]])
    assert order.tolist() != np.argsort(-scores, kind="stable").tolist()  # the fusion changed the order here


@pytest.mark.parametrize("question, unknown, topic", [
    ("How did collaboratives roll out a shared electronic patient record?", ("electronic", "record"),
     "a shared electronic patient record"),  # from the article that opens the phrase
    ("How did others introduce a shared electronic patient record?", ("introduce", "electronic", "record"),
     "a shared electronic patient record"),  # not "introduce a shared …": the verb is not the topic
    ("How did other trusts roll out an electronic patient record?", ("roll", "electronic", "record"),
     "an electronic patient record"),  # not "roll out an …": a two-word verb is not the topic either
    ("How did trusts fund the new shared electronic patient record system?", ("electronic", "record"),
     "the new shared electronic patient record"),  # the noun phrase, from its article
    ("How did trusts reduce agency spend?", ("agency", "spend"), "agency spend"),
    ("How did trusts share interpreting services?", ("interpreting",), "interpreting services"),  # to the noun it is about
    ("Anything on ransomware, genomics, radiology, maternity, cancer, dementia and stroke?",
     ("ransomware", "radiology", "stroke"), ""),  # too long to name
    ("How did trusts build trust?", (), ""),
    ("What did the Carter review say about provider collaboration?", ("carter",), "the Carter review"),
    ("How have trusts responded to Martha's Rule?", ("martha",), "Martha's Rule"),  # the name, with what it names
    ("How did trusts fund ransomware training?", ("ransomware",), "ransomware training"),  # to the noun it is about
    ("how did trusts merge their pathology services?", ("pathology",), "pathology services"),  # not "their pathology services"
    ("How did others introduce their shared electronic patient record?", ("introduce", "electronic", "record"),
     "shared electronic patient record"),
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


def _features_by_definition(q, units, vector_of, lexical):
    """index/ranking.py's features, one candidate at a time from its docstring: the reference the
    vectorised path must reproduce."""
    def best(rows, default, target):
        return max((float(vector_of[r] @ target) for r in rows), default=default)
    own = [float(vector_of[u[0]] @ q) for u in units]
    sentence = [best(u[1], own[i], q) for i, u in enumerate(units)]
    window = [best(u[2], sentence[i], q) for i, u in enumerate(units)]
    top_two = [float(np.mean(sorted(float(vector_of[r] @ q) for r in u[1])[-2:])) if len(u[1]) >= 2 else sentence[i]
               for i, u in enumerate(units)]
    top = max(lexical)
    feedback = sorted(range(len(units)), key=lambda i: -(own[i] + sentence[i]))[:5]
    moved = q + 0.5 * np.mean([vector_of[units[i][0]] for i in feedback], axis=0)
    moved = moved / np.linalg.norm(moved)
    prf_passage = [float(vector_of[u[0]] @ moved) for u in units]
    prf_sentence = [best(u[1], prf_passage[i], moved) for i, u in enumerate(units)]
    return np.column_stack([own, sentence, window, top_two, [x / top for x in lexical], prf_passage, prf_sentence])


def test_the_searchers_features_are_the_per_candidate_definition_on_a_real_index(corpus_dir, tmp_path, embedder):
    """The features the searcher computes with matrix operations over every candidate at once equal
    the definition applied candidate by candidate, from the units and vectors the index stores."""
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    index = open_index(index_dir, embedder)
    folder = generations.current_generation(index_dir)
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    vectors = VectorIndex.load(folder / generations.VECTORS_FILE)
    try:
        by_passage: dict[int, dict[str, list[int]]] = {}
        for unit_id, passage_id, kind in store.unit_kinds():
            by_passage.setdefault(passage_id, {"passage": [], "sentence": [], "window": []})[kind].append(unit_id)
        for question in ("How did trusts share a staff bank?", "committee in common governance", "waiting lists"):
            query = index.prepare(question)
            candidates, features, lexical = index.searcher.candidates(query)
            assert len(candidates) > 20
            units = [(by_passage[p]["passage"][0], by_passage[p]["sentence"], by_passage[p]["window"]) for p in candidates]
            ids = sorted({r for u in units for r in (u[0], *u[1], *u[2])})
            vector_of = dict(zip(ids, vectors.vectors(np.array(ids))))
            expected = _features_by_definition(query.vector, units, vector_of, [lexical.get(p, 0.0) for p in candidates])
            assert features.shape == expected.shape
            np.testing.assert_allclose(features, expected, rtol=0, atol=1e-5)
    finally:
        store.close()
        index.close()


def test_stems_are_kept_in_a_bounded_table_and_stay_the_same_when_it_is_emptied(monkeypatch):
    from index import lexical

    monkeypatch.setattr(lexical, "STEMS_KEPT", 50)
    words = [f"{base}{i}{ending}" for i in range(40) for base in ("organ", "trust", "shar")
             for ending in ("", "ations", "ing", "s", "ly")]
    first = [stem(w) for w in words]
    assert len(lexical._STEMS) <= 50
    assert [stem(w) for w in reversed(words)] == first[::-1]
    assert lexical.stemmed(words) == " ".join(first)
    assert stem("organisations") == "organis" and stem("trusts") == "trust"
