"""Failing Slack calls as a class (tests/failing_calls.py): every Web API call peerbot makes (chat.postMessage,
chat.postEphemeral, chat.update, views.open, views.publish, conversations.info, users.lookupByEmail, a
response_url post), failed on its first try by HTTP 500, a connection reset, ok:false with an error no one
documented, and 429; a timeout past the 20 s limit for a post and a form. The user's work is done once, or
they get one clear message, or it waits in the inbox; a question asked elsewhere meanwhile is answered
before a hung call gives up; no traceback. Over HTTP with real signing against the Slack double."""

from __future__ import annotations

import shutil

import pytest
from conftest import KNOWLEDGE
from failing_calls import CONTACTS, FAULTS, SCENARIOS, run_cell

from bot.corpus import open_corpus
from bot.settings import Settings

CELLS = [(s, f) for s in SCENARIOS for f in FAULTS if f != "timeout"] + [
    (s, "timeout") for s in SCENARIOS if s.call in ("chat.postMessage", "views.open")]


@pytest.fixture(scope="module")
def reachable(tmp_path_factory):
    """The corpus with Julian Hartley reachable by email (each answer looks his Slack id up)."""
    root = tmp_path_factory.mktemp("failing-calls")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    (root / "knowledge" / "contacts.yaml").write_text(CONTACTS)
    settings = Settings(data_dir=root / "index", knowledge_dir=root / "knowledge", model="hashing")
    corpus, _ = open_corpus(settings)
    yield settings, corpus
    corpus.close()


@pytest.mark.parametrize(("scenario", "fault"), CELLS, ids=[f"{s.call}-{f}" for s, f in CELLS])
def test_a_failing_call_loses_no_work_and_holds_no_worker(reachable, tmp_path, scenario, fault):
    settings, corpus = reachable
    shutil.copytree(settings.data_dir / "index", tmp_path / "data" / "index")
    outcome = run_cell(settings, corpus, tmp_path / "data", scenario, fault)
    assert outcome.problems() == [], outcome
