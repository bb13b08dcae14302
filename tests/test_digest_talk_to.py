"""The enabler of the week's "Talk to" when its lessons name no one: the organisation, said to be
one, on every surface, with its lesson, never "Region: <the organisation>" (a lesson from chat shared
without a contact person had "Region: Example collaborative" under "Example collaborative")."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from corpus_helpers import open_answerer

from bot.digest.gather import compose_week
from bot.digest.week import Week
from bot.plaintext.digest import render_digest
from bot.slack.digest_blocks import digest_message
from bot.state import StateStore
from bot.teams.cards import digest_card

ORGANISATION = "Example collaborative"
LESSON = """---
title: One rota for weekend radiology
publisher: {organisation}
published: 2026-11-30
date: 2026-11-30
source: chat
organisations:
- {organisation}
enablers:
- building-trust
{people}---

## What we did

The three trusts opened their books to each other and agreed one weekend radiology rota across every site.

## Building trust

Building trust came first: sharing the finances made the boards trust the rota enough to sign it off within a month.{credit}
"""
PERSON = "people:\n- name: Priya Shah\n  role: Rota lead\n  organisation: Example collaborative\n"


def lesson_folder(tmp_path, people: str):
    """A knowledge folder of the bundled taxonomy and one lesson from chat, naming `people` or no one."""
    knowledge = tmp_path / "lessons"
    knowledge.mkdir()
    for config in ("enablers.yaml", "contacts.yaml", "out_of_scope.yaml"):
        shutil.copy(tmp_path / "knowledge" / config, knowledge)
    credit = " Priya Shah, the rota lead, chaired the boards' meetings." if people else ""
    (knowledge / "weekend-radiology.md").write_text(LESSON.format(organisation=ORGANISATION, people=people, credit=credit))
    return knowledge


@pytest.fixture
def digest_of(settings, tmp_path):
    """This week's digest over `lesson_folder(people)` (the hashing model, no questions)."""
    closers = []

    def make(people: str):
        answerer = open_answerer(dataclasses.replace(settings, knowledge_dir=lesson_folder(tmp_path, people)))
        state = StateStore(tmp_path / "state.db")
        closers.extend((answerer.corpus.close, state.close))
        now = datetime.now(UTC)
        return compose_week(answerer.corpus, state, Week.of(now), now - timedelta(days=1), now + timedelta(days=1))

    yield make
    for close in closers:
        close()


def test_an_organisation_to_talk_to_is_named_as_the_organisation_on_every_surface_never_as_its_own_region(digest_of):
    digest = digest_of("")
    contact = digest.feature.contact
    assert (contact.name, contact.is_person) == (ORGANISATION, False)
    assert "Region" not in contact.reason and contact.reason.startswith("Its work is described in One rota for weekend radiology")
    text = render_digest(digest)
    assert f"Talk to: {ORGANISATION} (the organisation: its lessons name no one to contact)" in text
    slack = str(digest_message(digest))
    teams = str(digest_card(digest, ""))
    for rendered in (text, slack, teams):
        assert "the organisation: its lessons name no one to contact" in rendered and "Region:" not in rendered


def test_a_person_to_talk_to_is_shown_as_before(digest_of):
    """Must not take: a lesson naming its contact person keeps them, with no organisation note."""
    digest = digest_of(PERSON)
    assert (digest.feature.contact.name, digest.feature.contact.is_person) == ("Priya Shah", True)
    text = render_digest(digest)
    assert "Talk to: Priya Shah\n" in text and "the organisation:" not in text
