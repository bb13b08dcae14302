"""Issue 9's quotation promise on documents that are not in the bundled corpus (tests/adversarial_quotes.py):
the adversarial set is added to a copy of the corpus (a Word file through `peerbot import`), indexed,
and read back from every surface through the real code paths; no person is shown with words outside
their own quotations, and no quotation loses or doubles its marks."""

from __future__ import annotations

import pytest
from adversarial_quotes import Report, check_everything, said_by
from conftest import KNOWLEDGE

SURFACES = ("parser", "ask text", "ask --json", "enabler text", "enabler --json", "contacts text", "contacts --json",
            "digest text", "digest --json", "Slack /peer", "Slack /enabler", "Teams answer", "Teams enabler")
NEVER_QUOTE = {"contacts text", "contacts --json"}  # the directory lists people, never their words


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    return check_everything(tmp_path_factory.mktemp("adversarial"), KNOWLEDGE)


@pytest.mark.parametrize("surface", SURFACES)
def test_every_surface_credits_people_only_with_their_own_words(report, surface):
    assert surface in NEVER_QUOTE or report.pairs[surface] > 0, f"{surface} showed no quotation: the check is vacuous"
    assert [v for v in report.violations if v.split(":")[0] == surface] == []


@pytest.mark.parametrize("words, name, expected", [
    ("the pooled waiting list had cut the longest waits by a third", "Priya Shah", False),  # the regulator's
    ("Nurses moved between the two sites", "Priya Shah", True),
    ("urses moved between the two sites", "Priya Shah", False),  # cut mid-word
    ("Working as one theatre network across two trusts", "Dr Jane Roe", False),  # a report's title
])
def test_the_check_itself(words, name, expected):
    assert said_by(words, name) is expected
