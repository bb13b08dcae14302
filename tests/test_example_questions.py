"""Example questions (`knowledge/example_questions.yaml`, index/examples.py): loading, locating their
passages, the matcher, their rank in the fused order, and the served index and the CLI with them."""

import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, indexed_environment

from bot.corpus import open_corpus
from index import StoredPassage, fusion, open_index
from index.build import build_index
from index.examples import (
    EXAMPLES_FILE,
    ExampleMatcher,
    ExampleQuestion,
    ExamplesError,
    ExampleWording,
    example_vectors,
    load_examples,
    located,
)
from index.ranking import dense_similarity


def _passage(pid: int, document: str, position: int, text: str) -> StoredPassage:
    return StoredPassage(pid, document, position, "", text, "")


def test_the_file_is_read_and_a_missing_one_means_no_examples(tmp_path):
    assert load_examples(tmp_path) == []
    (tmp_path / EXAMPLES_FILE).write_text(
        "example_questions:\n  - question: ' How did boards learn to trust each other? '\n"
        "    document: key-enablers\n    evidence: build and retain trust\n")
    assert load_examples(tmp_path) == [ExampleQuestion("How did boards learn to trust each other?", "key-enablers",
                                                       "build and retain trust")]


@pytest.mark.parametrize("text, problem", [
    ("- a list\n", "expected a top-level `example_questions:` list"),
    ("example_questions:\n  - question: Why?\n    document: d\n", "entry 1 needs `question`, `document` and `evidence`"),
    ("example_questions:\n  - question: Why?\n    document: d\n    evidence: [a, b]\n", "entry 1 needs"),
    ("example_questions: [\n", "example_questions.yaml: "),
])
def test_a_malformed_file_is_one_line_naming_the_file_and_entry(tmp_path, text, problem):
    (tmp_path / EXAMPLES_FILE).write_text(text)
    with pytest.raises(ExamplesError, match=problem) as raised:
        load_examples(tmp_path)
    assert "\n" not in str(raised.value) and EXAMPLES_FILE in str(raised.value)


def test_evidence_locates_the_first_passage_of_its_own_document_that_holds_it():
    passages = [_passage(7, "b", 1, "Later: we BUILT  trust."), _passage(3, "b", 0, "Intro. We built ‘trust’ early."),
                _passage(5, "a", 0, "We built trust too.")]
    asked = [ExampleQuestion("q1", "b", "we built trust"), ExampleQuestion("q2", "b", "built 'trust' early"),
             ExampleQuestion("q3", "c", "we built trust"), ExampleQuestion("q4", "a", "not in it")]
    assert [(e.question, pid) for e, pid in located(asked, passages)] == [("q1", 7), ("q2", 3)]


def test_the_matcher_gives_each_candidate_its_best_example_and_zero_without_one():
    vectors = np.eye(4, dtype=np.float32)[[0, 1, 2]]
    matcher = ExampleMatcher([9, 4, 9], vectors)  # passage 9 has two examples, passage 4 one
    question = np.array([0.6, 0.0, 0.8, 0.0], dtype=np.float32)
    assert matcher.scores(question, np.array([4, 9, 5, 100])) == pytest.approx([0.0, 0.8, 0.0, 0.0])
    assert matcher.scores(np.array([0, 1, 0, 0], dtype=np.float32), np.array([9, 4])) == pytest.approx([0.0, 1.0])
    assert ExampleMatcher([], np.zeros((0, 4))).scores(question, np.array([1, 2])).tolist() == [0.0, 0.0]
    assert len(matcher) == 3 and matcher.scores(question, np.zeros(0, dtype=np.int64)).shape == (0,)


def test_the_wording_scores_a_passage_by_the_words_people_used_asking_about_it():
    wording = ExampleWording([9, 4, 9, 2], ["How big should the central team be?", "Who chairs the board?",
                                            "Should a new collaborative keep its central team lean?", "Who chairs it?"])
    scores = wording.scores("central teams: how large for a new collaborative", np.array([4, 9, 2, 100]))
    assert scores[1] > 0 and scores[[0, 2, 3]].tolist() == [0.0, 0.0, 0.0]  # "teams" finds "team"; no example: 0
    chairs = wording.scores("who chairs the board", np.array([2, 4, 9]))
    assert chairs[1] > chairs[0] > 0 == chairs[2]  # "board", asked of passage 4 only, counts more than "chairs"
    assert wording.scores("the of and", np.array([9])).tolist() == [0.0]  # stopwords are no words
    assert ExampleWording([1, 2], ["What is it?", "Who?"]).scores("what is it", np.array([1, 2])).tolist() == [0.0, 0.0]
    assert ExampleMatcher([9], np.eye(4, dtype=np.float32)[:1]).worded("central team", np.array([9])).tolist() == [0.0]
    matcher = ExampleMatcher([9], np.eye(4, dtype=np.float32)[:1], ["How big should the central team be?"])
    assert matcher.worded("central team", np.array([9, 4])).tolist()[0] > 0


@pytest.mark.parametrize("late", [None, np.full(3, 0.3)])  # without and with late interaction's MaxSim
def test_a_candidate_whose_examples_share_the_question_s_words_rises_when_an_example_beats_every_passage(late):
    learned, dense, lexical = np.array([3.0, 2.0, 1.0]), np.array([0.8, 0.7, 0.65]), np.array([5.0, 1.0, 0.0])
    worded = np.array([0.0, 0.0, 6.0])  # only the last one's examples share the question's words
    opened = np.array([0.82, 0.0, 0.0])  # the first one's example is more like the question than any passage
    assert fusion.order(learned, dense, lexical, late, asked=opened, worded=np.zeros(3)).tolist() == [0, 1, 2]
    assert fusion.order(learned, dense, lexical, late, asked=opened, worded=worded).tolist().index(2) < 2
    # no example more like the question than the best passage is: shared words alone leave the order alone
    assert fusion.order(learned, dense, lexical, late, asked=np.array([0.6, 0.0, 0.7]), worded=worded).tolist() == [0, 1, 2]
    assert fusion.order(learned, dense, lexical, late, worded=worded).tolist() == [0, 1, 2]


@pytest.mark.parametrize("late", [None, np.full(3, 0.3)])  # without and with late interaction's MaxSim
def test_a_candidate_people_asked_the_question_about_rises_in_the_fused_order(late):
    learned, dense, lexical = np.array([3.0, 2.0, 1.5]), np.array([0.8, 0.7, 0.69]), np.array([5.0, 1.0, 0.5])
    assert fusion.order(learned, dense, lexical, late).tolist() == [0, 1, 2]
    asked = np.array([0.0, 0.0, 0.95])  # the first two have no example: no rank of their own
    assert fusion.order(learned, dense, lexical, late, asked=asked).tolist().index(2) < 2
    # an example less like the question than the best passage is: the gate is shut, the order stays
    weak = np.array([0.6, 0.0, 0.7])
    assert fusion.order(learned, dense, lexical, late, asked=weak).tolist() == [0, 1, 2]


def test_the_example_signals_open_only_when_an_example_beats_every_passage():
    learned, dense, lexical = np.array([1.0, 2.0, 0.5]), np.array([0.5, 0.75, 0.2]), np.array([1.0, 2.0, 0.0])
    worded, columns = np.array([1.0, 3.0, 2.0]), [fusion.SIGNALS.index("asked_margin"), fusion.SIGNALS.index("worded_share")]
    shut = fusion.signals(learned, dense, lexical, asked=np.array([0.0, 0.7, 0.75]), worded=worded)
    assert not shut[:, columns].any()  # no example nearer the question than the best passage
    opened = fusion.signals(learned, dense, lexical, asked=np.array([0.0, 0.8, 0.3]), worded=worded)
    assert opened[:, columns].ravel().tolist() == pytest.approx([0.0, 1 / 3, 0.05, 1.0, 0.0, 2 / 3])
    assert not fusion.signals(learned, dense, lexical, asked=np.array([0.0, 0.8, 0.3]))[:, columns[1]].any()
    assert (fusion.WEIGHTS[columns] > 0).all() and (fusion.WITHOUT_LATE[columns] > 0).all()
    assert fusion.signals(np.zeros(0), np.zeros(0), np.zeros(0)).shape == (0, len(fusion.SIGNALS))


QUESTION = "Which of them pooled the bank staff of three trusts into one?"


def _rank_of(index, pid: int) -> int:
    return next((r for r, h in enumerate(index.search(QUESTION, 40), 1) if h.passage.id == pid), 99)


def test_the_served_index_lifts_the_passage_an_example_question_is_attached_to(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    plain = open_index(tmp_path / "index", embedder)
    passages = sorted(plain.passages.values(), key=lambda p: (p.document_id, p.position))
    target = max((p for p in passages if _rank_of(plain, p.id) < 99), key=lambda p: _rank_of(plain, p.id))
    example = ExampleQuestion(QUESTION, target.document_id, target.text[:40])
    with_example = open_index(tmp_path / "index", embedder, examples=[example])
    assert _rank_of(with_example, target.id) < _rank_of(plain, target.id) - 3
    absent = ExampleQuestion(QUESTION, target.document_id, "words no passage holds")
    same = open_index(tmp_path / "index", embedder, examples=[absent])
    assert [h.passage.id for h in same.search(QUESTION, 40)] == [h.passage.id for h in plain.search(QUESTION, 40)]


def test_an_example_less_like_the_question_than_a_passage_is_leaves_the_order_alone(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    plain = open_index(tmp_path / "index", embedder)
    query = plain.searcher.prepare(QUESTION)
    best_passage = dense_similarity(plain.searcher.candidates(query)[1]).max()
    weak = "What did three trusts share?"  # somewhat like the question, less than the best passage is
    assert 0.2 < float(embedder.embed([weak])[0] @ query.vector) < best_passage
    passages = sorted(plain.passages.values(), key=lambda p: (p.document_id, p.position))
    target = max((p for p in passages if _rank_of(plain, p.id) < 99), key=lambda p: _rank_of(plain, p.id))
    with_weak = open_index(tmp_path / "index", embedder, examples=[ExampleQuestion(weak, target.document_id, target.text[:40])])
    assert [h.passage.id for h in with_weak.search(QUESTION, 40)] == [h.passage.id for h in plain.search(QUESTION, 40)]


def test_the_corpus_attaches_the_knowledge_folder_s_examples(settings, embedder):
    without, _ = open_corpus(settings, embedder)
    ranked = [p for p in without.index.passages.values() if _rank_of(without.index, p.id) < 99]
    passage = max(ranked, key=lambda p: _rank_of(without.index, p.id))
    before = _rank_of(without.index, passage.id)
    without.close()
    (settings.knowledge_dir / EXAMPLES_FILE).write_text(
        f"example_questions:\n  - question: {QUESTION!r}\n    document: {passage.document_id}\n"
        f"    evidence: {passage.text[:40]!r}\n")
    with_file, _ = open_corpus(settings, embedder)
    assert _rank_of(with_file.index, passage.id) < before - 3
    with_file.close()


CACHED = ["How did boards learn to trust each other?", "Who led the mental health collaborative?"]


def _kept(cache):
    return sorted(cache.glob("example-questions-*.npy"))


def test_example_vectors_are_kept_and_the_next_process_reads_them_instead_of_embedding(tmp_path, embedder):
    cache = tmp_path / "cache"
    fresh = example_vectors(CACHED, embedder, embedder.dimension, cache)
    assert np.array_equal(fresh, embedder.embed(CACHED)) and len(_kept(cache)) == 1
    planted = np.zeros_like(fresh)
    planted[:, 0] = 1.0
    np.save(_kept(cache)[0], planted)  # only read, never embedded, could give these
    assert np.array_equal(example_vectors(CACHED, embedder, embedder.dimension, cache), planted)
    changed = example_vectors(CACHED[:1], embedder, embedder.dimension, cache)  # other questions: made and kept anew
    assert np.array_equal(changed, embedder.embed(CACHED[:1])) and len(_kept(cache)) == 1


@pytest.mark.parametrize("damage", ["bad bytes", "truncated", "wrong shape", "not finite", "a pickle", "a folder"])
def test_damaged_kept_vectors_are_embedded_again_and_kept_whole(tmp_path, embedder, damage):
    cache = tmp_path / "cache"
    expected = example_vectors(CACHED, embedder, embedder.dimension, cache)
    path = _kept(cache)[0]
    if damage == "bad bytes":
        path.write_bytes(b"\x93NUMPY\xff\xfe garbage")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:150])
    elif damage == "wrong shape":
        np.save(path, expected[:1])
    elif damage == "not finite":
        np.save(path, np.full_like(expected, np.nan))
    elif damage == "a pickle":
        np.save(path, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    else:
        path.unlink()
        path.mkdir()
    assert np.array_equal(example_vectors(CACHED, embedder, embedder.dimension, cache), expected)
    if damage != "a folder":
        assert np.array_equal(np.load(path), expected)


def test_a_cache_that_cannot_be_written_only_means_embedding_again(tmp_path, embedder):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    assert np.array_equal(example_vectors(CACHED, embedder, embedder.dimension, blocked), embedder.embed(CACHED))
    assert blocked.read_text() == "a file where the cache folder would be"


def test_the_corpus_keeps_the_example_vectors_in_the_data_folder_s_cache(settings, embedder):
    (settings.knowledge_dir / EXAMPLES_FILE).write_text(
        f"example_questions:\n  - question: {QUESTION!r}\n    document: key-enablers-provider-collaboratives\n"
        "    evidence: Trust leaders have identified several key enablers\n")
    corpus, _ = open_corpus(settings, embedder)
    corpus.close()
    assert len(_kept(settings.cache_dir)) == 1


def test_a_malformed_file_stops_the_cli_with_one_line(tmp_path):
    env = indexed_environment(tmp_path)
    (tmp_path / "knowledge" / EXAMPLES_FILE).write_text("example_questions:\n  - question: only this\n")
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "How did boards build trust?"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{EXAMPLES_FILE}: entry 1 needs" in result.stderr and len(result.stderr.strip().splitlines()) == 1
