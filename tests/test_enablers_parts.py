"""The pure pieces behind enabler summaries and links: excerpts, example labels, diverse
selection, and passage-to-enabler linking (quotations: tests/test_quotes.py)."""

import numpy as np

from bot.enablers.excerpts import excerpts
from bot.enablers.selection import Candidate, choose_diverse
from bot.enablers.subjects import mentioned, passage_subjects
from index.chunking import Passage
from index.documents import Person
from index.linking import Thresholds, heading_enabler, link_passages, names_enabler
from index.quotes import find_quotations
from index.taxonomy import Enabler


def test_excerpts_are_verbatim_prose_widened_to_what_they_point_back_to():
    text = ("Eastvale Trust has joined forces with the local provider to improve care homes. This joint mission has "
            "broken down traditional ways of working.\n\nIt has also joined forces with the council on discharge."
            "\n\n“A quotation that is long enough to matter here,” says Nick Jones. "
            "Short one.\n- A list item with quite a few words in it")
    (quotes,) = find_quotations([Passage(0, "", text)], [Person("Nick Jones")])
    found = excerpts(text, tuple((q.span_start, q.span_end) for q in quotes))
    assert [e.text for e in found] == [  # not "It has also joined forces…": its paragraph never says who "it" is
        "Eastvale Trust has joined forces with the local provider to improve care homes.",
        "Eastvale Trust has joined forces with the local provider to improve care homes. This joint mission has "
        "broken down traditional ways of working.",
    ]
    assert found[1].sentence.startswith("This joint mission") and all(text[e.start:e.end] == e.text for e in found)


def test_an_excerpt_ending_in_a_quotation_keeps_its_closing_mark():
    text = "Anna Field highlights that this became a priority for all of them, and it “drew people together.” It grew."
    (first,) = [e.text for e in excerpts(text)]
    assert first.endswith("“drew people together.”")


def test_a_document_mostly_about_one_organisation_labels_every_passage_with_it():
    organisations = [("West Yorkshire MHLDA collaborative", ("West Yorkshire MHLDA collaborative", "West Yorkshire")),
                     ("West Yorkshire Association of Acute Trusts", ("West Yorkshire Association of Acute Trusts",)),
                     ("Leeds Trust", ("Leeds Trust",))]
    passages = [(1, "In West Yorkshire and West Yorkshire again."), (2, "With West Yorkshire Association of Acute Trusts."),
                (3, "Leeds Trust and the collaborative.")]
    assert mentioned(passages[1][1], organisations) == ["West Yorkshire Association of Acute Trusts"]  # longest form
    assert set(passage_subjects(passages, organisations).values()) == {"West Yorkshire MHLDA collaborative"}


def test_a_document_about_several_organisations_labels_each_story():
    organisations = [("Selby PCN", ("Selby PCN", "Selby")), ("Sheffield Trust", ("Sheffield Trust", "Sheffield")),
                     ("BSW", ("BSW",))]
    passages = [(1, "Nothing named yet."), (2, "In Selby they joined forces."), (3, "In Sheffield, then BSW."),
                (4, "They carried on."), (5, "BSW cut waits; Sheffield watched.")]
    assert passage_subjects(passages, organisations) == {2: "Selby PCN", 3: "Sheffield Trust", 4: "Sheffield Trust", 5: "BSW"}


def candidate(passage_id, relevance, vector, document="d", start=0):
    v = np.asarray(vector, np.float32)
    return Candidate(passage_id, document, start, start + 1, f"p{passage_id}@{start}", relevance, v / np.linalg.norm(v))


def test_selection_prefers_relevant_and_different_and_caps_each_passage():
    best = candidate(1, 0.9, [1, 0, 0])
    same_again = candidate(2, 0.85, [1, 0.01, 0])  # says the same thing as `best`
    different = candidate(3, 0.6, [0, 1, 0])
    second_in_passage = candidate(1, 0.7, [0, 0, 1], start=5)
    third_in_passage = candidate(1, 0.65, [0, 1, 1], start=9)
    picked = choose_diverse([best, same_again, different, second_in_passage, third_in_passage], limit=5, per_passage=2)
    assert picked[0] is best and same_again not in picked and different in picked
    assert sum(c.passage_id == 1 for c in picked) == 2
    assert choose_diverse([same_again], 1, 1, chosen=(best,)) == []


TRUST = Enabler("building-trust", "Building trust", "Boards build trust.", ("trust", "red lines"))
CAPACITY = Enabler("building-capacity", "Building capacity", "Enough capacity.", ("capacity",))


def test_a_heading_or_a_synonym_names_an_enabler():
    assert heading_enabler("Building trust", [CAPACITY, TRUST]) == "building-trust"
    assert heading_enabler("Red lines", [TRUST]) == "building-trust"
    assert heading_enabler("Next steps", [TRUST]) is None
    assert names_enabler("Being open about our RED LINES helped.", TRUST)
    assert not names_enabler("Programme capacities", TRUST)


def test_links_need_less_similarity_when_the_passage_names_the_enabler_and_its_document_is_tagged():
    enablers, vectors = [TRUST], np.array([[1.0, 0.0]], np.float32)
    at = lambda similarity: np.array([[similarity, (1 - similarity ** 2) ** 0.5]], np.float32)  # noqa: E731
    link = lambda text, similarity, tags=(): link_passages(["Intro"], [text], at(similarity), set(tags), enablers, vectors)  # noqa: E731
    limits = Thresholds()
    assert [l.source for l in link("Nothing relevant.", limits.semantic + 0.01)] == ["semantic"]
    assert link("Nothing relevant.", limits.semantic - 0.01) == []
    assert link("Nothing relevant.", limits.tagged + 0.01, ["building-trust"])[0].source == "tag"
    assert link("We agreed red lines.", limits.named + 0.01)[0].source == "named"
    assert link("We agreed red lines.", limits.named - 0.01) == []
    assert link("We agreed red lines.", limits.tagged_named + 0.01, ["building-trust"])[0].source == "named"
    assert link("We agreed red lines.", limits.tagged_named - 0.01, ["building-trust"]) == []


def test_a_passage_links_to_its_heading_and_at_most_three_more():
    enablers = [Enabler(f"e{i}", f"Enabler {i}", "d") for i in range(6)]
    vectors = np.eye(6, dtype=np.float32)
    passage = np.full((1, 6), 1 / 6 ** 0.5 + 0.3, np.float32)  # close to every enabler
    links = link_passages(["Enabler 5"], ["text"], passage, set(), enablers, vectors)
    assert links[0].source == "heading" and links[0].enabler_id == "e5" and len(links) == 4


def test_a_link_label_must_find_exactly_one_passage():
    import pytest

    from index import StoredPassage
    from index.link_quality import LinkLabel, LinkLabelError, label_passages, score_links

    passages = [StoredPassage(1, "doc", 0, "", "Red lines and trust.", ""), StoredPassage(2, "doc", 1, "", "Capacity.", "")]
    labels = [LinkLabel("doc", "Red lines", frozenset({"building-trust"})), LinkLabel("doc", "Capacity", frozenset())]
    labelled = label_passages(labels, passages)
    score = score_links(labelled, {1: {"building-trust"}, 2: {"building-trust"}})
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 1, 0) and score.f1 == 2 / 3
    with pytest.raises(LinkLabelError, match="'Missing' matches 0 passages"):
        label_passages([LinkLabel("doc", "Missing", frozenset())], passages)
