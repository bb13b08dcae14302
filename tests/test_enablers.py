"""Enabler summaries and the enabler list (hashing model): names, evidence, and never invented text."""


import pytest
from conftest import KNOWLEDGE
from corpus_helpers import open_answerer
from quote_oracle import quoted_by_anyone, said_by

from bot import messages
from bot.enablers.guide import RELATED_FLOOR, EnablerGuide, UnknownEnabler
from bot.enablers.names import resolve_enabler
from bot.plaintext.enablers import render_summary
from bot.service import Peerbot
from bot.state import StateStore
from index.taxonomy import load_enablers

NEW_ENABLER = """
  - id: digital-interoperability
    name: Digital interoperability
    description: Shared electronic records and interoperable IT systems let every partner see the same data.
    synonyms: [interoperability, electronic patient record, shared records]
"""


@pytest.fixture
def guide(answerer):
    return EnablerGuide(answerer.corpus)


@pytest.fixture(scope="module")
def taxonomy():
    return load_enablers(KNOWLEDGE)


@pytest.mark.parametrize("typed, expected", [
    ("building-trust", "building-trust"),  # id
    ("Building Trust", "building-trust"),  # name, any case
    ("trust", "building-trust"),  # synonym
    ("committee in common", "governance-and-assurance"),  # synonym
    ("gov", "governance-and-assurance"),  # the start of a name
    ("shared purpse", "shared-purpose"),  # misspelt
    ("goverance", "governance-and-assurance"),  # misspelt
    ("inequality", "tackling-health-inequalities"),  # close to a word of a synonym
    ("  Shared-Purpose!  ", "shared-purpose"),
])
def test_names_resolve_forgivingly(taxonomy, typed, expected):
    resolution = resolve_enabler(typed, taxonomy)
    assert resolution.enabler is not None and resolution.enabler.id == expected


def test_a_name_close_to_some_enablers_resolves_to_nothing_and_lists_those(taxonomy):
    resolution = resolve_enabler("leadershp", taxonomy)  # misspelt, and two enablers are about leadership
    assert resolution.enabler is None and resolution.close
    assert {e.id for e in resolution.suggestions} == {"collaborative-leadership", "clinical-leadership"}
    assert messages.unknown_enabler("leadershp", resolution) == (
        "No enabler called “leadershp”. Closest: Modelling collaborative leadership behaviours, Clinical leadership.")


@pytest.mark.parametrize("typed", ["zzqx", "xyzzy", "estates", "!!!"])
def test_a_name_close_to_no_enabler_says_so_and_lists_every_enabler(taxonomy, typed):
    """Before: "zzqx" got "Closest: " and three arbitrary enablers, as if they were near it."""
    resolution = resolve_enabler(typed, taxonomy)
    assert resolution.enabler is None and not resolution.close
    assert [e.id for e in resolution.suggestions] == [e.id for e in taxonomy]
    text = messages.unknown_enabler(typed, resolution)
    assert "Closest" not in text and "None comes close; the enablers are: " in text
    assert text.endswith(", ".join(e.name for e in taxonomy) + ".")


def test_an_ambiguous_name_resolves_to_nothing_and_offers_each_meaning(taxonomy):
    resolution = resolve_enabler("building", taxonomy)  # Building trust or Building capacity
    assert resolution.enabler is None
    assert {e.id for e in resolution.suggestions} == {"building-trust", "building-capacity"}
    shared = resolve_enabler("shared vision", taxonomy)  # a synonym of two enablers
    assert shared.enabler is None and {e.id for e in shared.suggestions} == {"shared-ambitions", "shared-purpose"}


def test_listing_gives_every_enabler_in_order_with_its_lesson_count(guide, answerer, taxonomy):
    listing = guide.listing()
    assert [item.enabler.id for item in listing] == [e.id for e in taxonomy]
    # "N lessons" the same in the list as in each summary (the list counted only linked documents)
    assert [item.lesson_count for item in listing] == [guide.summarise(e.id).lesson_count for e in taxonomy]
    counts = answerer.index.lesson_counts()
    assert all(item.lesson_count >= counts.get(item.enabler.id, 0) for item in listing)
    assert listing[2].description == taxonomy[2].description and listing[2].to_dict()["lesson_count"] >= 1


def test_a_summary_only_shows_the_description_and_verbatim_cited_text(guide, answerer, taxonomy):
    passages = answerer.index.passages
    for enabler in taxonomy:
        summary = guide.summarise(enabler.id)
        linked = {pid for pid, links in answerer.index.passage_enablers.items()
                  if enabler.id in {link.enabler_id for link in links}}
        assert summary.description == enabler.description
        cited = [*summary.practices, *(e.snippet for e in summary.examples)]
        for snippet in cited:
            passage = passages[snippet.passage_id]
            assert snippet.text in passage.text and snippet.document.id == passage.document_id
            assert snippet.section == passage.section
            assert snippet.passage_id in linked or snippet.score >= RELATED_FLOOR  # unlinked: plainly relevant
        for quote in summary.quotes:
            assert quote.text in passages[quote.passage_id].text and quote.name
            assert quote.passage_id in linked  # quotations only from passages that speak to the enabler
        for snippet in cited:  # practices and examples are the document's own words, clear of any quotation
            assert [s.kind for s in snippet.segments] == ["editorial"] and not quoted_by_anyone(snippet.text)
        for contact in summary.contacts:  # why them, from metadata; their own words, or none
            assert not any(contact.reason in p.text for p in passages.values()), contact
            assert not contact.quote or said_by(contact.quote, contact.name), contact


def test_a_summary_holds_distinct_practices_and_one_example_per_organisation(guide):
    summary = guide.summarise("shared-purpose")
    assert 3 <= len(summary.practices) <= 5
    texts = [s.text for s in summary.practices]
    assert len(set(texts)) == len(texts)
    assert not any(a != b and a in b for a in texts for b in texts)  # no excerpt repeats another
    labels = [e.label for e in summary.examples]
    assert labels and len(set(labels)) == len(labels)
    cited = {s.document.id for s in (*summary.practices, *(e.snippet for e in summary.examples))}
    cited |= {q.document.id for q in summary.quotes}
    linked = {guide.index.passages[p].document_id for p in guide.index.enabler_passages["shared-purpose"]}
    assert summary.lesson_count == len(linked | cited) >= guide.index.lesson_counts()["shared-purpose"]


def test_the_key_enabler_sections_give_their_attributed_quotation(guide):
    summary = guide.summarise("building-trust")
    hartley = next(q for q in summary.quotes if q.name == "Julian Hartley")
    assert hartley.role == "Chief executive" and hartley.organisation == "Leeds Teaching Hospitals NHS Trust"
    assert hartley.text.startswith("It feels like there is an opportunity") and "—" not in hartley.text
    assert "building-trust" not in {e.id for e in summary.related}


def test_an_enabler_no_passage_speaks_to_says_add_a_lesson(settings, embedder):
    path = settings.knowledge_dir / "enablers.yaml"
    path.write_text(path.read_text() + NEW_ENABLER)
    answerer = open_answerer(settings, embedder)
    guide = EnablerGuide(answerer.corpus)
    summary = guide.summarise("digital-interoperability")
    assert summary.lesson_count == 0 and not (summary.practices or summary.examples or summary.quotes or summary.contacts)
    assert guide.listing()[-1].lesson_count == 0
    text = render_summary(summary)
    assert "No lessons yet on Digital interoperability" in text and "enablers: [digital-interoperability]" in text


def test_a_guide_keeps_each_summary_it_has_made(guide):
    assert guide.summarise("shared-purpose") is guide.summarise("shared-purpose")


def test_summarising_an_unknown_id_is_a_clear_error(guide):
    with pytest.raises(UnknownEnabler, match="no enabler has the id 'trust'"):
        guide.summarise("trust")


def test_people_who_are_not_contactable_are_quoted_but_never_suggested(settings, embedder):
    answerer = open_answerer(settings, embedder)
    assert "Dr Fiona Goudie" in {c.name for c in EnablerGuide(answerer.corpus).summarise("shared-purpose").contacts}
    (settings.knowledge_dir / "contacts.yaml").write_text("people:\n  - name: Fiona Goudie\n    contactable: false\n")
    answerer = open_answerer(settings, embedder)
    summary = EnablerGuide(answerer.corpus).summarise("shared-purpose")
    assert "Dr Fiona Goudie" in {q.name for q in summary.quotes}
    assert summary.contacts and "Dr Fiona Goudie" not in {c.name for c in summary.contacts}


def test_the_service_offers_the_guide_to_chat_adapters(answerer, tmp_path):
    peerbot = Peerbot(answerer.corpus, StateStore(tmp_path / "state.db"))
    assert peerbot.resolve_enabler("trust").enabler.id == "building-trust"
    assert peerbot.enabler_summary("building-trust").practices


def test_warm_summarises_every_enabler_ahead_of_the_first_request(answerer):
    guide = EnablerGuide(answerer.corpus)
    guide.warm()
    assert set(guide._summaries) == {e.id for e in answerer.corpus.enablers}
