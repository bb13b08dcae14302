"""A server's warm-up (`Peerbot.warm`, which `peerbot serve` runs before /readyz says ready, and a newer
generation runs before it is swapped in) builds what the question path would otherwise build on a user's
question: English's pairs of words ("there" read as "their"), English's skeletons ("jnt" read as "joint")
and the speller's tables of the corpus."""

from __future__ import annotations

from bot.corpus import open_corpus
from bot.question import Question
from bot.service import Peerbot
from bot.state import StateStore
from index.english import english_pairs
from index.spelling_forms import english_skeletons


def test_the_warm_up_builds_what_a_first_question_would_wait_for(settings, embedder, tmp_path):
    corpus, _ = open_corpus(settings, embedder)
    peerbot = Peerbot(corpus, StateStore(tmp_path / "state.db"))
    english_pairs.cache_clear()
    english_skeletons.cache_clear()
    try:
        peerbot.warm()
        assert english_pairs.cache_info().currsize == 1 and english_skeletons.cache_info().currsize == 1
        built = english_pairs.cache_info().misses, english_skeletons.cache_info().misses
        peerbot.ask(Question("slack", "C0WARM001", "how did there trusts jnt their work?"))
        assert (english_pairs.cache_info().misses, english_skeletons.cache_info().misses) == built  # built nothing
    finally:
        peerbot.close()
        corpus.close()
