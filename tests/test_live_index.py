"""A running peerbot takes up a newer index without a restart (bot/live.py through the `Peerbot`
facade): `refresh()` rebuilds in the background and swaps; `reload()` swaps in a generation another
process built; a call in progress finishes on the index it started with, which closes after it;
a generation that cannot be served is passed over and the old one answers on."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from bot.corpus import CorpusLoader, open_corpus, update_index
from bot.live import LiveCorpus
from bot.question import Question
from bot.service import Peerbot
from bot.state import StateStore
from index.hashing_embedder import HashingEmbedder

TITLE = "Pooling orders for infusion pumps"
SENTENCE = "Four trusts pooled their orders for infusion pumps and agreed one model for every ward."
QUESTION = "How did trusts pool their orders for infusion pumps?"


def add_lesson(corpus_dir, name="infusion-pumps.md"):
    (corpus_dir / name).write_text(f"---\ntitle: {TITLE}\npublisher: Southmoor Collaborative\n---\n\n"
                                   f"## What we did\n\n{SENTENCE} Nurses from each trust tested three pumps on a "
                                   "training ward before anyone signed a contract.\n")


def titles(answer) -> set[str]:
    return {s.document.title for s in answer.snippets}


@pytest.fixture
def records(tmp_path):
    """peerbot's records, where the withdrawals are kept."""
    state = StateStore(tmp_path / "state.db")
    yield state
    state.close()


@pytest.fixture
def live(settings, embedder, records):
    corpus, _ = open_corpus(settings, embedder, withdrawals=records)
    peerbot = Peerbot(corpus, records, loader=CorpusLoader(settings, embedder, records))
    yield peerbot
    peerbot.close()


def ask(peerbot: Peerbot, text: str):
    return peerbot.ask(Question("cli", "C1", text, "public")).answer


def test_refresh_rebuilds_in_the_background_and_the_next_question_is_answered_from_the_new_lesson(
        live, corpus_dir):
    before = live.generation
    assert TITLE not in titles(ask(live, QUESTION))
    add_lesson(corpus_dir)
    refreshed = live.refresh().result(timeout=120)
    assert refreshed.swapped and refreshed.added == ("infusion-pumps",) and refreshed.generation != before
    assert live.generation == refreshed.generation
    answer = ask(live, QUESTION)
    assert answer.answered and TITLE in titles(answer)
    assert any(SENTENCE in s.text for s in answer.snippets)
    again = live.refresh().result(timeout=120)  # nothing changed: no build, no swap
    assert not again.swapped and again.added == () and live.generation == refreshed.generation


def test_reload_takes_up_a_generation_another_process_published(live, settings, corpus_dir):
    assert not live.newer_index() and not live.reload()
    add_lesson(corpus_dir)
    update_index(settings, HashingEmbedder())  # as `peerbot index` in another process would
    assert live.newer_index()
    assert live.reload()
    assert not live.newer_index()
    assert TITLE in titles(ask(live, QUESTION))


def test_a_call_in_progress_finishes_on_the_index_it_started_with_which_closes_after_it(
        settings, embedder, corpus_dir):
    corpus, _ = open_corpus(settings, embedder)
    live = LiveCorpus(corpus, CorpusLoader(settings, embedder))
    with live.use() as old:
        add_lesson(corpus_dir)
        update_index(settings, embedder)
        assert live.reload()  # swapped while the call is in progress
        assert live.generation != old.generation
        answer = old.answerer.answer(QUESTION)  # the old index still answers, without the new lesson
        assert TITLE not in titles(answer)
        assert old.corpus.index.search("board trust")
    with pytest.raises(sqlite3.ProgrammingError):  # closed once its last call finished
        old.corpus.index.search("board trust")
    with live.use() as new:
        assert TITLE in titles(new.answerer.answer(QUESTION))
    live.close()


def test_a_generation_that_cannot_be_served_is_passed_over_once_and_the_old_one_answers_on(
        live, settings, corpus_dir, caplog):
    served = live.generation
    add_lesson(corpus_dir)
    update_index(settings, HashingEmbedder(dimension=128), rebuild=True)  # another model: this server cannot use it
    with caplog.at_level(logging.WARNING, logger="bot.live"):
        assert live.newer_index() and not live.reload()
    assert live.generation == served
    assert [r.getMessage() for r in caplog.records if "could not be served" in r.getMessage()] and \
        "PEERBOT_MODEL" in caplog.text
    assert not live.newer_index()  # not tried again until another generation appears
    answer = ask(live, "How can trusts build trust at board level?")
    assert answer.answered and TITLE not in titles(answer)


def test_a_contacts_yaml_edit_is_served_on_the_same_index_which_closes_only_after_its_last_user(
        settings, embedder, corpus_dir):
    """contacts.yaml read again shares the served index: the call in progress and the new directory both
    answer from it; it is closed once a newer generation is taken up and neither uses it any more."""
    corpus, _ = open_corpus(settings, embedder)
    live = LiveCorpus(corpus, CorpusLoader(settings, embedder))
    assert not live.contacts_changed() and not live.reread_contacts()  # nothing changed: nothing read
    with live.use() as old:
        (corpus_dir / "contacts.yaml").write_text("people:\n  - name: Julian Hartley\n    contactable: false\n")
        assert live.contacts_changed() and live.reread_contacts()
        assert live.generation == old.generation and not live.contacts_changed()
        assert "Julian Hartley" in {c.name for c in old.answerer.answer("red lines open book finances").contacts}
    with live.use() as new:
        assert new.corpus.index is old.corpus.index and new.corpus.index.search("board trust")  # still open
        assert "Julian Hartley" not in {c.name for c in new.answerer.answer("red lines open book finances").contacts}
    add_lesson(corpus_dir)
    update_index(settings, embedder)
    assert live.reload()
    with pytest.raises(sqlite3.ProgrammingError):  # both of its users finished: closed
        old.corpus.index.search("board trust")
    with live.use() as newest:  # the new generation reads contacts.yaml too
        assert not newest.corpus.directory.people["julian hartley"].contactable
    live.close()


def suggests_julian_hartley(peerbot: Peerbot) -> bool:
    return "Julian Hartley" in {c.name for c in ask(peerbot, "red lines open book finances").contacts}


def test_a_damaged_contacts_yaml_never_holds_back_a_newer_generation_which_keeps_the_last_good_contacts(
        live, records, settings, corpus_dir, caplog):
    """The index and the contacts are taken up independently: a newer generation is served with the
    directory of the last good contacts.yaml, the damage said once (not at every look, nor again for the
    generation); the mended file is taken up on it."""
    contacts = corpus_dir / "contacts.yaml"
    contacts.write_text("people:\n  - name: Julian Hartley\n    contactable: false\n")
    assert live.reread_contacts() and not suggests_julian_hartley(live)
    contacts.write_text("people:\n  - name: Julian Hartley\n    contactable: maybe\n")
    with caplog.at_level(logging.WARNING, logger="bot.live"):
        assert not live.reread_contacts() and not live.reread_contacts()
        add_lesson(corpus_dir)
        update_index(settings, HashingEmbedder())
        assert live.newer_index() and live.reload()  # before: passed over, for a file the index never reads
    assert [r.getMessage() for r in caplog.records] == [caplog.records[0].getMessage()]
    assert "`contactable` must be true or false" in caplog.text and "not taken up" in caplog.text
    assert TITLE in titles(ask(live, QUESTION)) and not suggests_julian_hartley(live)  # still withdrawn
    contacts.write_text("people:\n  - name: Julian Hartley\n    contactable: true\n")
    assert live.reread_contacts() and not suggests_julian_hartley(live)  # the mended file; the withdrawal recorded
    assert records.restore_contact("Julian Hartley")  # `peerbot contacts --restore`
    assert live.reread_contacts() and suggests_julian_hartley(live)  # on the newer generation
    contacts.write_text("people:\n  - name: Julian Hartley\n    contactable: maybe\n")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.live"):
        assert not live.reread_contacts()
    assert "not taken up" in caplog.text  # damaged again, after a good one: said again


def test_a_deleted_contacts_yaml_keeps_every_withdrawal_also_on_a_newer_generation(live, records, settings, corpus_dir,
                                                                                  caplog):
    """A withdrawal lives in contacts.yaml: the file gone (deleted, moved, a checkout without it) must not
    bring the person back, neither at the next look nor when a newer generation is taken up; said once.
    `people: []` clears the file; only a `--restore` brings the person back."""
    contacts = corpus_dir / "contacts.yaml"
    assert suggests_julian_hartley(live)
    contacts.write_text("people:\n  - name: Julian Hartley\n    contactable: false\n")
    assert live.reread_contacts() and not suggests_julian_hartley(live)
    contacts.unlink()
    with caplog.at_level(logging.WARNING, logger="bot.live"):
        assert not live.reread_contacts() and not live.reread_contacts()
        add_lesson(corpus_dir)
        update_index(settings, HashingEmbedder())
        assert live.reload()
    assert len(caplog.records) == 1 and "it is missing" in caplog.text and "withdrawals included" in caplog.text
    assert TITLE in titles(ask(live, QUESTION)) and not suggests_julian_hartley(live)
    contacts.write_text("people: []\n")  # cleared on purpose
    assert live.reread_contacts() and not suggests_julian_hartley(live)  # the withdrawal outlives the file
    assert records.restore_contact("Julian Hartley")  # until `peerbot contacts --restore`
    assert live.reread_contacts() and suggests_julian_hartley(live)


@pytest.mark.parametrize(("damage", "said"), [
    (lambda path: path.mkdir(), "is a folder, not a file"),
    (lambda path: path.symlink_to("/etc/hostname"), "a link to outside the corpus folder"),
    (lambda path: path.write_bytes(b"\xff\xfd people"), "not UTF-8 text"),  # (\xff\xfe: UTF-16's mark)
    (lambda path: path.write_text("people: 3\n"), "expected a top-level `people:` list"),
], ids=["folder", "link-outside", "not-utf8", "not-a-list"])
def test_a_contacts_yaml_that_cannot_be_read_is_said_once_and_the_last_good_directory_serves_on(
        live, corpus_dir, caplog, damage, said):
    contacts = corpus_dir / "contacts.yaml"
    contacts.write_text("people:\n  - name: Julian Hartley\n    contactable: false\n")
    assert live.reread_contacts()
    contacts.unlink()
    damage(contacts)
    with caplog.at_level(logging.WARNING, logger="bot.live"):
        assert not live.reread_contacts() and not live.reread_contacts()  # the second look: the same file, not again
    assert [r.getMessage() for r in caplog.records if said in r.getMessage()] == [caplog.records[0].getMessage()]
    assert len(caplog.records) == 1 and "suggesting contacts as before" in caplog.text
    answer = ask(live, "red lines open book finances trust at board level")
    assert answer.snippets and "Julian Hartley" not in {c.name for c in answer.contacts}  # still withdrawn
