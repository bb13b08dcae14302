"""Enabler summaries, links and contacts with the real model (all-MiniLM-L6-v2)."""

from pathlib import Path

import pytest

from bot.enablers.guide import EnablerGuide
from bot.evaluation import evaluate, load_questions
from index.link_quality import label_passages, load_link_labels, score_links

DATA = Path(__file__).parent / "data"
KEY_ENABLERS = [  # the seven NHS Providers names, the first seven of enablers.yaml
    "collaborative-leadership", "shared-ambitions", "building-trust", "clinical-leadership",
    "form-follows-function", "building-capacity", "supporting-staff-through-change",
]


@pytest.fixture(scope="module")
def guide(real_answerer):
    return EnablerGuide(real_answerer.corpus)


@pytest.mark.parametrize("enabler_id", KEY_ENABLERS)
def test_each_key_enabler_cites_three_passages_and_an_attributed_quotation(guide, enabler_id):
    summary = guide.summarise(enabler_id)
    cited = {s.passage_id for s in summary.practices} | {e.snippet.passage_id for e in summary.examples}
    cited |= {q.passage_id for q in summary.quotes}
    assert len(cited) >= 3, summary
    assert any(q.name and (q.role or q.organisation) for q in summary.quotes), summary.quotes


def test_contact_hit_at_3_on_the_dev_set_and_the_tuning_half(real_answerer):
    assert evaluate(load_questions(DATA / "dev_questions.jsonl"), real_answerer.answer).contact_hit_at_3 >= 0.85
    assert evaluate(load_questions(DATA / "questions_tune.jsonl"), real_answerer.answer).contact_hit_at_3 >= 0.85


def test_links_agree_with_the_hand_labels(real_answerer):
    """Guards index/linking.py's thresholds (tuned with benchmarks/enablers.py: F1 0.69)."""
    snapshot = real_answerer.index
    labelled = label_passages(load_link_labels(DATA / "enabler_links.yaml"), snapshot.passages.values())
    links = {pid: {link.enabler_id for link in found} for pid, found in snapshot.passage_enablers.items()}
    score = score_links(labelled, links)
    assert score.precision >= 0.65 and score.recall >= 0.6, score


def test_every_summary_is_verbatim_with_the_real_model(guide, real_answerer):
    passages = real_answerer.index.passages
    for enabler in guide.enablers:
        summary = guide.summarise(enabler.id)
        for snippet in [*summary.practices, *(e.snippet for e in summary.examples)]:
            assert snippet.text in passages[snippet.passage_id].text
        assert all(q.text in passages[q.passage_id].text for q in summary.quotes)
        assert len({s.text for s in summary.practices}) == len(summary.practices)
