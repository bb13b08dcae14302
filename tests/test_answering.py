import re

import pytest
import yaml
from conftest import KNOWLEDGE, ROOT
from quote_oracle import said_by

from bot.answerer import normalise_question
from bot.contacts import messages
from bot.snippet_choice import MAX_SNIPPETS, PER_DOCUMENT


@pytest.fixture
def answerer(shared_answerer):
    """The module's one hashing-embedder index over the bundled corpus: these tests only read it."""
    return shared_answerer


def test_json_has_exactly_the_documented_keys(answerer):
    data = answerer.answer("How did the committee in common make decisions?").to_dict()
    assert list(data) == ["question", "answered", "outcome", "snippets", "contacts", "enablers", "closest", "lead"]
    assert data["outcome"] == "answered" and data["closest"] == []
    assert data["answered"] is True
    snippet = data["snippets"][0]
    assert list(snippet) == ["text", "score", "section", "document", "segments"]
    assert list(snippet["document"]) == ["id", "title", "publisher", "url"]
    assert all(list(s) == ["kind", "text", "start", "end", "speaker", "block"] for s in snippet["segments"])
    assert list(data["contacts"][0]) == ["name", "role", "organisation", "reason", "quote", "document_ids"]
    assert all(list(e) == ["id", "name"] for e in data["enablers"])


def test_snippets_are_verbatim_passages_with_citations(answerer):
    answer = answerer.answer("committee in common membership chief executives and chairs")
    passages = {p.text for p in answerer.index.passages.values()}
    assert answer.snippets and all(s.text in passages for s in answer.snippets)
    first = answer.snippets[0]
    assert "chief executives and chairs of the four trusts" in first.text
    assert first.document.publisher == "NHS Providers" and first.document.url.startswith("https://")
    assert first.section == "Setting up the collaborative"


def test_at_most_a_couple_of_snippets_per_document(answerer):
    answer = answerer.answer("collaborative trusts services staff")
    assert 1 <= len(answer.snippets) <= MAX_SNIPPETS
    for doc_id in answer.document_ids:
        assert sum(s.document.id == doc_id for s in answer.snippets) <= PER_DOCUMENT


def test_more_snippets_from_a_document_the_question_names(answerer):
    answer = answerer.answer("What did the MHLDA collaborative in West Yorkshire do for services and staff?")
    from_named = [s for s in answer.snippets if s.document.id == "west-yorkshire-mhlda-collaborative"]
    assert len(from_named) > PER_DOCUMENT


def test_near_duplicate_passages_are_shown_once(answerer):
    # the NHS Confederation page repeats one paragraph (a pull quote); only one copy may show
    answer = answerer.answer("community connectors and health coaches with the voluntary sector")
    copies = [s for s in answer.snippets if "community connectors and health coaches" in s.text]
    assert len(copies) == 1


def test_gibberish_and_empty_questions_are_not_answered(answerer):
    for question in ("zzqx wvvk", "", "   ", "?!"):
        answer = answerer.answer(question)
        assert answer.answered is False
        assert answer.snippets == () and answer.contacts == ()
        assert answer.suggestions  # enabler topics to try instead


def test_contacts_come_with_role_organisation_reason_quote_and_document(answerer):
    answer = answerer.answer("red lines open book finances trust at board level")
    top = answer.contacts[0]
    assert top.name == "Julian Hartley"
    assert (top.role, top.organisation) == ("Chief executive", "Leeds Teaching Hospitals NHS Trust")
    assert top.reason == ("Chief executive, Leeds Teaching Hospitals NHS Trust. Their work is described in What are the "
                          "key enablers for provider collaboratives? (NHS Providers), under Building trust.")
    # his one quotation is in the snippet just above ("It feels like there is an opportunity …"): not repeated
    assert answer.snippets[0].segments[1].speaker.name == "Julian Hartley" and top.quote == ""
    assert top.document_ids == ("key-enablers-provider-collaboratives",)


QUOTING_QUESTIONS = ("committee in common membership chief executives chairs rotational chair",
                     "Who can I talk to in West Yorkshire about collaboration?", "How do trusts share staff?",
                     "How did they cut waits for children's dental surgery?", "What did Cathy Elliott say about sharing lessons?",
                     "leadership compelling vision children waiting surgery", "What is special about the West Yorkshire collaborative?")


def test_a_contacts_quotation_is_another_of_their_own_never_one_the_answer_shows_above(answerer):
    """Before: "People who have done this" repeated, under a person, the quotation shown in the
    snippet just above (Julian Hartley's "It feels like there is an opportunity …" twice). A
    contact's quote is one of their own the snippets do not show, or none."""
    def words(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    replaced = 0
    for question in QUOTING_QUESTIONS:
        answer = answerer.answer(question)
        shown = [words(s.text) for s in answer.snippets]
        for contact in answer.contacts:
            quoted_above = any(seg.kind == "quote" and seg.speaker and seg.speaker.name == contact.name
                               for s in answer.snippets for seg in s.segments)
            if contact.quote:
                assert not any(words(contact.quote) in text for text in shown), (question, contact.name)
                assert said_by(contact.quote, contact.name), (question, contact.name, contact.quote)
                replaced += quoted_above
    assert replaced >= 1  # someone quoted above, shown here with another quotation of theirs


def test_the_section_a_quoted_contacts_reason_names_is_one_that_quotes_them(answerer):
    """Before: Cathy Elliott, credited by the passage of "Setting up the collaborative" that names
    her but quotes no one, was "Quoted in West Yorkshire ..., section Setting up the collaborative",
    above words she said in "Sharing lessons learned". The section a quoted person's reason names holds one
    of their quotations (checked against the hand labels of tests/data/corpus_quotes.yaml)."""
    labels = yaml.safe_load((ROOT / "tests" / "data" / "corpus_quotes.yaml").read_text())
    checked = 0
    for question in ("committee in common membership chief executives chairs rotational chair",
                     "Who can I talk to in West Yorkshire about collaboration?", "How do trusts share staff?"):
        for contact in answerer.answer(question).contacts:
            (document,) = contact.document_ids[:1]
            said = [label["words"][:40] for label in labels
                    if label["document"] == document and label["speaker"] == contact.name and label.get("attributed", True)]
            if not said:  # not quoted in the lesson: the section that names them
                continue
            section = re.search(r"described in [^.]*, under (.+?)(?:, and in .*)?\.$", contact.reason)
            assert section, (question, contact.name, contact.reason)
            sections = (KNOWLEDGE / f"{document}.md").read_text().split("\n## ")
            text = next(s for s in sections if s.startswith(section.group(1) + "\n"))
            assert any(words in text for words in said), (question, contact.name, contact.reason)
            checked += 1
    assert checked >= 4
    cathy = next(c for c in answerer.answer("committee in common membership chief executives chairs rotational chair").contacts
                 if c.name == "Cathy Elliott")
    assert cathy.reason.endswith("under Sharing lessons learned.") and cathy.quote.startswith("what's particularly special")


LEEDS_THEATRES = """---
title: One theatre list for Leeds
publisher: Leeds Teaching Hospitals NHS Trust
people:
- name: Julian Hartley
  role: Chief executive
  organisation: Leeds Teaching Hospitals NHS Trust
---

## Shared theatre lists

The trusts pooled their theatre lists for routine orthopaedic surgery.

> Pooling the lists meant a patient waited for the first free surgeon, not for their own.
>
> — Julian Hartley, Chief executive, Leeds Teaching Hospitals NHS Trust
"""


def test_a_contacts_words_from_another_lesson_are_said_to_be_from_it(settings, embedder):
    """Before: Julian Hartley, credited by "Building trust" of the key enablers (whose one
    quotation of his the snippet above shows), was "Quoted in What are the key enablers …, section
    Building trust" above words he said in another lesson. The reason names that lesson and section too."""
    from bot.answerer import Answerer
    from bot.corpus import open_corpus

    (settings.knowledge_dir / "leeds-theatres.md").write_text(LEEDS_THEATRES)
    corpus, _ = open_corpus(settings, embedder)
    try:
        answer = Answerer(corpus).answer("red lines open book finances trust at board level")
    finally:
        corpus.close()
    julian = next(c for c in answer.contacts if c.name == "Julian Hartley")
    assert answer.snippets[0].document.id == "key-enablers-provider-collaboratives"
    assert julian.quote == "Pooling the lists meant a patient waited for the first free surgeon, not for their own."
    assert julian.reason == ("Chief executive, Leeds Teaching Hospitals NHS Trust. Their work is described in What are "
                             "the key enablers for provider collaboratives? (NHS Providers), under Building trust, and in "
                             "One theatre list for Leeds (Leeds Teaching Hospitals NHS Trust), under Shared theatre lists.")
    assert messages.person_reason("Chair", "", "Lesson A", "Setting up", ("Lesson B", "Impact")) == (
        "Chair. Their work is described in Lesson A, under Setting up, and in Lesson B, under Impact.")


def test_a_snippet_keeps_the_documents_text_and_a_leaders_quotation_apart(answerer):
    answer = answerer.answer("red lines open book finances trust at board level")
    editorial, quote = answer.snippets[0].segments
    assert (editorial.kind, quote.kind) == ("editorial", "quote")
    assert editorial.text.startswith("It is essential to build and retain trust") and editorial.speaker is None
    assert quote.speaker.credit == "Julian Hartley, Chief executive, Leeds Teaching Hospitals NHS Trust"
    assert "It is essential" not in quote.text and "—" not in quote.text
    assert all(answer.snippets[0].text[s.start:s.end] == s.text for s in (editorial, quote))


def test_a_person_the_question_names_leads_the_contacts(answerer):
    answer = answerer.answer("What did Diane Wake say about clinical summits and mutual aid?")
    assert answer.contacts[0].name == "Diane Wake"


def test_document_naming_nobody_offers_its_organisation(answerer):
    answer = answerer.answer("NELFT operating model single Chief Operating Officer review")
    assert answer.snippets[0].document.id == "nelft-operating-model-case-study"
    org = next(c for c in answer.contacts if not c.is_person)
    assert org.name == "North East London NHS Foundation Trust"
    assert org.document_ids == ("nelft-operating-model-case-study",)


def test_related_enablers_come_from_the_cited_passages(answerer):
    answer = answerer.answer("red lines open book finances trust at board level")
    assert "building-trust" in [e.id for e in answer.enablers]


def test_question_is_normalised_and_bounded():
    assert normalise_question("  how   do\n we\tstart? ") == "how do we start?"
    assert len(normalise_question("word " * 1000)) == 1000


def test_snippets_and_declines_judge_by_the_best_log_odds_wherever_the_fused_order_puts_it(answerer):
    from bot.snippet_choice import SCORE_DROP
    from index import Hit, StoredPassage

    by_document: dict[str, StoredPassage] = {}
    for passage in answerer.index.passages.values():
        by_document.setdefault(passage.document_id, passage)
    low, best, near = list(by_document.values())[:3]
    # the fused order can put a passage the model scores far below the best first
    hits = [Hit(low, -SCORE_DROP - 1.0, 0.3, 1.0), Hit(best, 0.0, 0.3, 1.0), Hit(near, -1.0, 0.3, 1.0)]
    chosen = answerer._choose_snippets("a question", hits)
    assert [s.passage_id for s in chosen] == [best.id, near.id]
    query = answerer.index.prepare("a question")
    assert answerer.corpus.scope.signals(query, hits)[0] == 0.0


def test_a_fourth_passage_of_one_document_and_one_well_below_the_best_are_shown_never_first(answerer):
    # PER_DOCUMENT 4, LEAD_DROP 5 and SCORE_DROP 7, chosen by leaving one fold of the tuning pool out
    # (BENCHMARKS.md, "Stop 50"): the fused order's later hits are shown down to 7 log-odds below the best, and one
    # it put first that is more than 5 below follows the first near the best instead of being passed over
    from bot.snippet_choice import LEAD_DROP, SCORE_DROP
    from index import Hit

    passages = sorted(answerer.index.passages.values(), key=lambda p: (p.document_id, p.position))
    one = [p for p in passages if p.document_id == passages[0].document_id][:5]
    other = next(p for p in passages if p.document_id != one[0].document_id)
    another = next(p for p in passages if p.document_id not in (one[0].document_id, other.document_id))
    weak = LEAD_DROP + 1.0  # below the first snippet's bound, within the others'
    assert weak < SCORE_DROP
    hits = [Hit(other, -weak, 0.3, 1.0), Hit(one[0], 0.0, 0.3, 1.0), Hit(one[1], -1.0, 0.3, 1.0),
            Hit(one[2], -4.5, 0.3, 1.0), Hit(one[3], -weak, 0.3, 1.0), Hit(one[4], -0.5, 0.3, 1.0)]
    chosen = answerer._choose_snippets("a question", hits)
    assert [s.passage_id for s in chosen] == [one[0].id, other.id, one[1].id, one[2].id, one[3].id]
    hits = [Hit(one[0], 0.0, 0.3, 1.0), Hit(one[1], -1.0, 0.3, 1.0), Hit(another, -SCORE_DROP - 0.5, 0.3, 1.0),
            Hit(one[2], -weak, 0.3, 1.0), Hit(one[3], -2.0, 0.3, 1.0), Hit(one[4], -0.5, 0.3, 1.0)]
    chosen = answerer._choose_snippets("a question", hits)
    assert [s.passage_id for s in chosen] == [one[0].id, one[1].id, one[2].id, one[3].id]
