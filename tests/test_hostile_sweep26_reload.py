"""What the twenty-sixth hostile sweep's `reload26` class found (benchmarks/hostile_sweep26.py): a running
server passed over, for good, a generation it could not load because a file of the knowledge folder that
`peerbot index` does not read (out_of_scope.yaml, the topic lists, example_questions.yaml) was damaged
at that moment; once the file was mended, `peerbot index` published nothing newer (nothing it reads had
changed), so the new lessons were never served until a restart. Now a generation that failed is tried
again after a minute, then twice as long each time (bot/live.py), on a clock the test moves."""

from __future__ import annotations

import logging
import os

import pytest
from test_live_index import QUESTION, TITLE, add_lesson, titles

from bot.corpus import CorpusLoader, open_corpus, update_index
from bot.live import RETRY_FIRST_SECONDS, RETRY_MOST_SECONDS, LiveCorpus


@pytest.fixture
def clocked(settings, embedder):
    """A LiveCorpus on the test's corpus, its clock `now[0]`."""
    corpus, _ = open_corpus(settings, embedder)
    now = [1000.0]
    live = LiveCorpus(corpus, CorpusLoader(settings, embedder), clock=lambda: now[0])
    yield live, now
    live.close()
    with live.use() as served:
        served.corpus.close()


def seconds_until_tried(live: LiveCorpus, now: list[float]) -> int:
    """Seconds on the clock until the failed generation is due to be tried again."""
    for waited in range(1, 7200):
        now[0] += 1
        if live.newer():
            return waited
    return -1


def answered_from(live: LiveCorpus) -> set[str]:
    with live.use() as served:
        return titles(served.answerer.answer(QUESTION))


@pytest.mark.parametrize("name", ["out_of_scope.yaml", "nhs_topics.yaml", "example_questions.yaml"])
def test_a_generation_passed_over_for_a_damaged_knowledge_file_is_served_once_the_file_is_mended(
        clocked, settings, corpus_dir, embedder, caplog, name):
    live, now = clocked
    good = (corpus_dir / name).read_bytes()
    add_lesson(corpus_dir)
    (corpus_dir / name).write_bytes(b"")  # emptied by an editor about to write it, as the server reloads
    update_index(settings, embedder)  # `peerbot index` reads none of these files: it publishes
    published = CorpusLoader(settings, embedder).generation()
    with caplog.at_level(logging.WARNING, logger="bot.live"):
        assert live.newer() and not live.reload()
    assert name in caplog.text and "trying it again in 60 s" in caplog.text
    assert not live.newer()  # not tried again at once
    (corpus_dir / name).write_bytes(good)
    update_index(settings, embedder)
    assert CorpusLoader(settings, embedder).generation() == published  # nothing newer is published
    now[0] += RETRY_FIRST_SECONDS
    assert live.newer() and live.reload()  # before: never tried again
    assert TITLE in answered_from(live)


def test_a_generation_that_keeps_failing_is_tried_again_ever_less_often(clocked, settings, corpus_dir, embedder):
    live, now = clocked
    add_lesson(corpus_dir)
    (corpus_dir / "out_of_scope.yaml").write_text("out_of_scope: [1, 2]\n")  # valid YAML, the wrong shape
    update_index(settings, embedder)
    waits = []
    for _ in range(8):
        assert not live.reload()
        waits.append(seconds_until_tried(live, now))
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert TITLE not in answered_from(live)  # the old generation answers on


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts /proc/self/fd (Linux)")
@pytest.mark.parametrize("name, damage", [("out_of_scope.yaml", "out_of_scope: [1, 2]\n"), ("nhs_topics.yaml", "[")])
def test_failed_reloads_leave_no_index_open(clocked, settings, corpus_dir, embedder, name, damage):
    """Before, the index a failed generation opened stayed open: each try held its files for good. (A damaged
    contacts.yaml no longer fails a generation: tests/test_live_index.py.)"""
    live, now = clocked
    add_lesson(corpus_dir)
    (corpus_dir / name).write_text(damage)
    update_index(settings, embedder)
    assert not live.reload()
    before = open_descriptors()
    for _ in range(10):
        now[0] += RETRY_MOST_SECONDS
        assert not live.reload()
    assert open_descriptors() <= before
