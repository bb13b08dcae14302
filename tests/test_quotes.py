"""Quotations and their attribution, found at index time (index/quotes.py), and how a passage is
cut into the document's text and quotations (bot/quoting.py): synthetic cases, then the bundled
corpus against its hand-labelled quotations."""


import pytest
from conftest import KNOWLEDGE
from quote_oracle import gold, said_by, who

from bot import messages
from bot.answer import EDITORIAL, QUOTE, enclose, whole_sentences
from bot.contacts import messages as contact_messages
from bot.quoting import segments
from bot.summary import Resolution
from index.chunking import chunk_blocks, parse_blocks
from index.documents import Person, load_document
from index.quotes import Quotation, find_quotations
from index.repeated_blocks import drop_repeated_blocks

JACKSON = Person("Dr Nick Jackson", "Clinical director", "Selby Town Primary Care Network (PCN)")
KEIR = Person("Keir Shillaker", "Programme director", "West Yorkshire and Harrogate ICS")
CATHY = Person("Cathy Elliott", "Chair", "Bradford District Care NHS Foundation Trust")
JO = Person("Jo Bloggs", "Chief executive", "Example NHS Trust")
SAM_A, SAM_B = Person("Sam Able", "Chair"), Person("Sam Baker", "Director")


def found(markdown: str, people=(), max_words: int = 150) -> list[tuple[str, Quotation]]:
    """(passage text, quotation) for every quotation, as the index build finds them."""
    blocks = parse_blocks(markdown)
    passages = chunk_blocks(blocks, max_words=max_words)
    quotes = find_quotations(passages, people, [b.text for b in blocks if b.kind == "quote"])
    return [(p.text, q) for p, qs in zip(passages, quotes) for q in qs]


def attributed(markdown: str, people=()) -> list[tuple[str, str]]:
    return [(q.name, q.text) for _, q in found(markdown, people) if q.name]


def shown(text: str, people) -> list[tuple[str, str]]:
    """(person, words) for every credited quotation with words (an empty one only hides an attribution line)."""
    return [(name, words) for name, words in attributed(text, people) if words]


# --- blockquotes ----------------------------------------------------------------------------------


def test_a_blockquote_is_its_speakers_words_without_the_attribution_line():
    markdown = ("Investing time at the outset is essential.\n\n> Agreeing a purpose early on mattered most.\n>\n"
                "> — Siobhan Melia, Interim chief executive, South East Coast Ambulance Service NHS Foundation Trust "
                "(on secondment from her role as chief executive, Sussex Community NHS Foundation Trust)\n")
    ((text, quote),) = found(markdown)
    assert quote.block and quote.text == "Agreeing a purpose early on mattered most."
    assert text[quote.start:quote.end] == quote.text and "—" not in quote.text
    assert (quote.name, quote.role) == ("Siobhan Melia", "Interim chief executive")
    assert quote.organisation.startswith("South East Coast") and quote.organisation.endswith("Foundation Trust)")
    assert text[quote.span_start:quote.span_end].endswith("Foundation Trust)")  # the span holds the attribution


def test_a_blockquote_naming_a_known_person_alone_takes_role_and_organisation_from_the_front_matter():
    ((_, quote),) = found("> We pooled our porters across three sites and it worked.\n>\n> — Jo Bloggs\n", [JO])
    assert (quote.name, quote.role, quote.organisation) == ("Jo Bloggs", "Chief executive", "Example NHS Trust")


def test_a_blockquote_without_attribution_is_a_quotation_credited_to_no_one():
    ((text, quote),) = found("Our approach.\n\n> “We pooled our porters across three sites and it worked.”\n")
    assert quote.block and quote.name == "" and quote.text == "We pooled our porters across three sites and it worked."
    assert text[quote.start - 1] == "“" and text[quote.end] == "”"  # its own marks are not part of the words


def test_a_blockquote_longer_than_a_passage_keeps_its_attribution_in_every_piece():
    sentence = "We met every week for a year and learned to trust each other completely. "
    markdown = f"> {sentence * 12}\n>\n> — Jo Bloggs, Chief executive, Example NHS Trust\n"
    pieces = found(markdown, [JO], max_words=60)
    assert len(pieces) > 1 and all(q.name == "Jo Bloggs" and q.block for _, q in pieces)
    assert all("Jo Bloggs" not in q.text and text[q.start:q.end] == q.text for text, q in pieces)
    shown = [s for text, _ in pieces for s in segments(text, tuple(q for t, q in pieces if t == text))]
    assert {s.kind for s in shown} == {QUOTE} and not any("—" in s.text for s in shown)


@pytest.mark.parametrize("attribution", ["NHS Providers, 2023", "The Fuller stocktake report", "Patient, 54, Leeds",
                                         "Source: Healthwatch survey of carers", "A carer from Bradford"])
def test_a_blockquote_attributed_to_no_person_is_credited_to_no_one(attribution):
    ((_, quote),) = found(f"> We pooled our porters across three sites and it worked.\n>\n> — {attribution}\n", [JO])
    assert quote.block and quote.name == ""


def test_a_list_ending_in_a_dash_item_is_not_a_quotation():
    assert found("Partners:\n\n- Bradford District Care NHS Foundation Trust\n- Leeds Community Healthcare\n") == []


# --- inline quotations ----------------------------------------------------------------------------


def test_an_inline_quotation_goes_to_the_person_named_after_it():
    markdown = ("“Having a shared vision and purpose is key. If you haven’t got that you have no chance,” explains "
                "Dr Nick Jackson, clinical director for Selby. For the PCN, this has been mission critical.")
    ((text, quote),) = found(markdown, [JACKSON, KEIR])
    assert (quote.name, quote.role) == ("Dr Nick Jackson", "Clinical director")
    assert quote.text.startswith("Having a shared") and quote.text.endswith("you have no chance")  # comma dropped
    assert text[quote.span_start:quote.span_end].endswith("clinical director for Selby.")  # "explains …" is spent


@pytest.mark.parametrize("sentence", [
    "“This has established a vision that everyone can sign up to,” Cathy says.",
    "“This has established a vision that everyone can sign up to,” Cathy Elliott, the chair of the trust, told us.",
    "“This has established a vision that everyone can sign up to” — Cathy Elliott.",
    "Cathy explains that “this has established a vision that everyone can sign up to”.",
    "As Cathy explains, “this has established a vision that everyone can sign up to”.",
    "Cathy shares that \"this has established a vision that everyone can sign up to\".",
    "Cathy highlights that “this has established a vision that everyone can sign up to”.",
    "Cathy reflects on the importance of these relationships and concludes that "
    "“this has established a vision that everyone can sign up to”.",
    "In 2021 Cathy told us: ‘this has established a vision that everyone can sign up to’.",
])
def test_an_inline_quotation_goes_to_the_one_person_its_sentence_names_as_speaker(sentence):
    ((name, words),) = attributed(f"The trusts met monthly. {sentence} They kept going.", [CATHY, KEIR])
    assert name == "Cathy Elliott" and words.lower() == "this has established a vision that everyone can sign up to"


@pytest.mark.parametrize("sentence", [
    "Cathy and Keir stress that “this has established a vision that everyone can sign up to”.",  # two people
    "Keir’s team says “this has established a vision that everyone can sign up to”.",  # not Keir himself
    "Speaking with Cathy, the director says “this has established a vision that everyone can sign up to”.",
    "Cathy agrees that the board said “this has established a vision that everyone can sign up to”.",
    "Cathy met the minister, who told us “this has established a vision that everyone can sign up to”.",
    "“This has established a vision that everyone can sign up to.” The trusts agreed.",  # names no one
    "The report calls it “a vision that everyone can sign up to and keep”, Cathy notes elsewhere.",
])
def test_a_quotation_its_sentence_does_not_clearly_attribute_is_credited_to_no_one(sentence):
    quotes = found(f"The trusts met monthly. {sentence}", [CATHY, KEIR])
    assert len(quotes) == 1 and quotes[0][1].name == ""


@pytest.mark.parametrize("sentence", [
    "According to Cathy Elliott, chair of the trust, “this has established a vision that everyone can sign up to”.",
    "“This has established a vision that everyone can sign up to,” according to Cathy Elliott.",
])
def test_according_to_a_person_is_that_persons_quotation(sentence):
    ((name, words),) = attributed(f"The trusts met monthly. {sentence}", [CATHY, KEIR])
    assert name == "Cathy Elliott" and words.lower() == "this has established a vision that everyone can sign up to"


@pytest.mark.parametrize("sentence", [
    "“This has established a vision that everyone can sign up to,” according to the regional review team.",
    "According to Cathy and Keir, “this has established a vision that everyone can sign up to”.",
    "According to the letter Cathy sent, “this has established a vision that everyone can sign up to”.",
])
def test_according_to_anything_but_one_person_is_no_ones_quotation(sentence):
    quotes = found(f"The trusts met monthly. {sentence}", [CATHY, KEIR])
    assert len(quotes) == 1 and quotes[0][1].name == ""


def test_each_list_item_and_table_cell_is_a_sentence_of_its_own():
    markdown = ("What the localities said:\n\n"
                "- “We finally had one view of every community bed in the county,” says Cathy Elliott.\n"
                "- Keir adds that “the board trusted the bureau because the numbers were published daily”.\n\n"
                "| Locality | What they said |\n|---|---|\n"
                "| North | “Discharges before noon doubled in the first three months” |\n"
                "| South | Keir says “the huddle is where the trust between teams was built” |\n")
    assert [(q.name, q.text[:20]) for _, q in found(markdown, [CATHY, KEIR])] == [
        ("Cathy Elliott", "We finally had one v"), ("Keir Shillaker", "the board trusted th"),
        ("", "Discharges before no"), ("Keir Shillaker", "the huddle is where ")]


@pytest.mark.parametrize("tail", [
    "Cathy recalls one patient telling her.", "says Cathy Elliott, quoting a patient.",
    "Cathy says a patient told her.", "Cathy writes in her blog, citing a carer.",
])
def test_words_a_person_relays_from_someone_else_are_credited_to_no_one(tail):
    quotes = found(f"“Nobody ever told me who to call when it went wrong at night,” {tail}", [CATHY, KEIR])
    assert len(quotes) == 1 and quotes[0][1].name == ""


@pytest.mark.parametrize("sentence", [  # the person is named, but as someone else's object
    "A spokesperson for Cathy Elliott said “this has established a vision that everyone can sign up to”.",
    "The letter to Cathy says “this has established a vision that everyone can sign up to”.",
    "Responding to Cathy, the regional director of the regulator, said that “this has established a vision that "
    "everyone can sign up to”.",
])
def test_a_person_named_after_a_preposition_is_not_the_speaker(sentence):
    quotes = found(f"The trusts met monthly. {sentence}", [CATHY, KEIR])
    assert len(quotes) == 1 and quotes[0][1].name == ""


def test_a_first_name_two_people_share_attributes_nothing():
    assert attributed("Sam says “we pooled our porters across three sites and it worked”.", [SAM_A, SAM_B]) == []


def test_scare_quotes_and_short_fragments_are_not_quotations():
    markdown = ("Being open about ‘red lines’ and \"one size fits all\" models is key, and it “drew people "
                "together.” Anna highlights that it is the trusts’ ‘open book’ approach that counts.")
    assert found(markdown, [Person("Anna Field")]) == []


def test_a_question_mark_inside_the_quotation_does_not_end_its_sentence():
    assert attributed("“Why would we not share our waiting lists with each other?” asks Jo Bloggs.", [JO]) == [
        ("Jo Bloggs", "Why would we not share our waiting lists with each other?")]


def test_a_quotation_split_by_its_attribution_is_all_the_speakers():
    markdown = "“We pooled our porters across three sites,” says Jo Bloggs, “and it worked better than we hoped.”"
    assert [name for name, _ in attributed(markdown, [JO])] == ["Jo Bloggs", "Jo Bloggs"]


# --- continuations --------------------------------------------------------------------------------


SHE = "Jo Bloggs joined the trust in 2020. She chairs its board.\n\n"  # the document shows Jo is "she"


def test_a_pronoun_continues_the_speaker_of_the_quotation_just_before():
    markdown = (f"{SHE}“We pooled our porters across three sites and it worked,” explains Jo Bloggs, chief executive.\n\n"
                "She goes on to say that “the staff bank came next, once people trusted each other”.\n\n"
                "“Patients noticed the difference within a month of starting,” she adds.")
    assert [name for name, _ in attributed(markdown, [JO])] == ["Jo Bloggs"] * 3


FIRST = "“We pooled our porters across three sites and it worked,” explains Jo Bloggs."
LATER = "He goes on to say that “the staff bank came next, once people trusted each other”."


def test_a_pronoun_two_paragraphs_after_the_quotation_is_credited_to_no_one():
    markdown = f"{FIRST}\n\nThe programme grew over the next year.\n\n{LATER}"
    assert [q.name for _, q in found(markdown, [JO, KEIR])] == ["Jo Bloggs", ""]


def test_a_pronoun_after_another_person_is_named_is_credited_to_no_one():
    markdown = f"{FIRST}\n\nKeir Shillaker joined the programme board that year. {LATER}"
    assert [q.name for _, q in found(markdown, [JO, KEIR])] == ["Jo Bloggs", ""]


def test_a_pronoun_after_an_unattributed_quotation_is_credited_to_no_one():
    markdown = ("“Leadership becomes easier when you have a compelling vision,” explains Dr Duncan Murray.\n\n"
                "“We had lots of children waiting a long time for surgery.”  He goes on to say that “there was the "
                "sense of inevitability that we would get these children treated.”")
    quotes = found(markdown, [Person("Dr Duncan Murray", "Deputy medical director")])
    assert [q.name for _, q in quotes] == ["Dr Duncan Murray", "", ""]


@pytest.mark.parametrize("tail", [f"{FIRST}\n\n{LATER}", f"{FIRST}\n\nKeir Shillaker joined the programme board that year. {LATER}",
                                  f"{FIRST}\n\nThe programme grew over the next year.\n\n{LATER}"])
def test_a_long_run_of_text_without_quotations_changes_no_continuation(tail):
    # the text since the previous quotation is kept in pieces (it grew by copying: quadratic in a long
    # document); what a pronoun continues is the same after 2,000 paragraphs naming someone else
    plain = "\n\n".join(f"Keir Shillaker reviewed site {i} of the porter rota with the staff bank." for i in range(2000))
    before = "“Rotas were shared from the first week onwards,” says Keir Shillaker.\n\n"
    short, long = found(tail, [JO, KEIR]), found(f"{before}{plain}\n\n{tail}", [JO, KEIR])
    assert [(q.name, q.text) for _, q in long[1:]] == [(q.name, q.text) for _, q in short]
    assert long[0][1].name == "Keir Shillaker" and len(long) == len(short) + 1


def test_a_pronoun_after_a_sentence_about_someone_unnamed_is_credited_to_no_one():
    markdown = (f"{FIRST} A ward sister on the night shift disagreed. “Nobody on nights was ever shown the porter "
                "rota at all,” she said.")
    assert [q.name for _, q in found(markdown, [JO])] == ["Jo Bloggs", ""]


def test_a_pronoun_after_a_sentence_naming_the_same_speaker_continues():
    markdown = f"{SHE}{FIRST} Jo Bloggs then took the plan to the board. “The board agreed it within the hour,” she said."
    assert [q.name for _, q in found(markdown, [JO])] == ["Jo Bloggs", "Jo Bloggs"]


def test_a_quotation_over_several_paragraphs_is_all_its_speakers():
    markdown = ("“We started with one shared waiting list and a spreadsheet.\n\n"
                "“Then we added the staff bank and a single rota across both trusts.\n\n"
                "“By the end of the year nobody asked which trust a nurse came from,” says Jo Bloggs.")
    quotes = found(markdown, [JO])
    assert [(q.name, q.text) for _, q in quotes] == [
        ("Jo Bloggs", "We started with one shared waiting list and a spreadsheet."),
        ("Jo Bloggs", "Then we added the staff bank and a single rota across both trusts."),
        ("Jo Bloggs", "By the end of the year nobody asked which trust a nurse came from")]
    assert all(text[q.start:q.end] == q.text for text, q in quotes)


@pytest.mark.parametrize("last", [
    "“By the end of the year nobody asked which trust a nurse came from.”",  # its last paragraph names no one
    "Then “by the end of the year nobody asked which trust a nurse came from,” says Jo Bloggs.",  # not a continuation
])
def test_an_open_paragraph_whose_quotation_is_not_closed_by_a_speaker_is_credited_to_no_one(last):
    markdown = f"“We started with one shared waiting list and a spreadsheet.\n\n{last}"
    assert [q.text for _, q in found(markdown, [JO]) if q.name].count("We started with one shared waiting list and a "
                                                                      "spreadsheet.") == 0


def test_no_continuation_across_a_heading():
    markdown = ("## One\n\n“We pooled our porters across three sites and it worked,” explains Jo Bloggs.\n\n"
                "## Two\n\nHe goes on to say that “the staff bank came next, once people trusted each other”.")
    assert [q.name for _, q in found(markdown, [JO])] == ["Jo Bloggs", ""]


# --- segments ---------------------------------------------------------------------------------------


def test_a_passage_opening_with_an_unattributed_quotation_is_the_documents_text_with_its_own_marks():
    markdown = ("“We had lots of children waiting a long time for surgery.”  He goes on to say that “there was "
                "the sense that we would get these children treated.”")
    ((text, _), (_, _)) = found(markdown)
    quotes = tuple(q for _, q in found(markdown))
    (segment,) = segments(text, quotes)
    assert segment.kind == EDITORIAL and segment.text == text and segment.text.startswith("“We had")


def test_segments_keep_the_documents_text_and_each_quotation_apart_without_attribution_text():
    markdown = ("The boards met monthly. Keir explains that “the wellbeing hub is a really good example of "
                "collaborating”. It grew.\n\n> Agreeing a purpose early on mattered most of all.\n>\n"
                "> — Jo Bloggs, Chair, Example NHS Trust")
    ((text, _), _) = found(markdown, [KEIR, JO])
    parts = segments(text, tuple(q for _, q in found(markdown, [KEIR, JO])))
    assert [(s.kind, s.text) for s in parts] == [
        (EDITORIAL, "The boards met monthly. Keir explains that"),
        (QUOTE, "the wellbeing hub is a really good example of collaborating"),
        (EDITORIAL, "It grew."),
        (QUOTE, "Agreeing a purpose early on mattered most of all."),
    ]
    assert [s.speaker.name for s in parts if s.kind == QUOTE] == ["Keir Shillaker", "Jo Bloggs"]
    assert all(text[s.start:s.end] == s.text for s in parts)


def test_a_list_item_holding_only_a_quotation_leaves_no_empty_bullet():
    markdown = ("Recommendations:\n\n- The board is asked to approve the pooled budget.\n"
                "- “We will publish the pooled waiting times every quarter,” said Jo Bloggs.\n"
                "1. “We pooled our porters across three sites and it worked,” says Jo Bloggs.\n- Next steps follow.")
    ((text, _), _) = found(markdown, [JO])
    parts = segments(text, tuple(q for _, q in found(markdown, [JO])))
    assert [(s.kind, s.text) for s in parts] == [
        (EDITORIAL, "Recommendations:\n\n- The board is asked to approve the pooled budget."),
        (QUOTE, "We will publish the pooled waiting times every quarter"),
        (QUOTE, "We pooled our porters across three sites and it worked"),
        (EDITORIAL, "- Next steps follow."),  # the item after a quotation's keeps its marker (round ten)
    ]
    assert all(text[s.start:s.end] == s.text for s in parts)


def test_a_blockquote_whose_speaker_is_not_named_is_the_documents_text():
    markdown = "Our approach.\n\n> “A bed is a bed, whichever trust’s name is on the ward door,” the motto ran.\n"
    ((text, quote),) = found(markdown)
    (segment,) = segments(text, (quote,))
    assert quote.block and quote.name == "" and (segment.kind, segment.speaker) == (EDITORIAL, None)
    assert segment.text == text and segment.text.startswith("Our approach.")


def test_segments_of_an_excerpt_use_the_passage_offsets():
    markdown = "The boards met monthly. “We pooled our porters across three sites and it worked,” says Jo Bloggs. It grew."
    ((text, quote),) = found(markdown, [JO])
    start = text.index("“We")
    parts = segments(text[start:], (quote,), offset=start)
    assert [(s.kind, s.text) for s in parts] == [(QUOTE, quote.text), (EDITORIAL, "It grew.")]
    assert segments("It grew.", (quote,), offset=text.index("It grew."))[0].text == "It grew."


def test_a_long_quotation_is_shortened_only_at_a_sentence_end():
    words = "First sentence is here. Second one follows it. Third closes the thought."
    assert whole_sentences(words, 200) == words
    assert whole_sentences(words, 50) == "First sentence is here. Second one follows it."
    assert whole_sentences(words, 5) == "First sentence is here."  # at least one whole sentence


def test_quotation_marks_never_double():
    assert enclose("We did it.") == "“We did it.”"
    assert enclose("“We did it.”") == "“We did it.”" and enclose("‘Open book’ finances") == "“‘Open book’ finances”"
    assert messages.unknown_enabler("“trust”", Resolution(None)).startswith("No enabler called “trust”. ")


def test_double_marks_inside_a_quotation_become_single_so_it_still_opens_and_closes_with_its_own():
    assert enclose('Our motto was "one hub for every patient"') == "“Our motto was ‘one hub for every patient’”"
    assert enclose("“Go,” they said, “now.”") == "“‘Go,’ they said, ‘now.’”"


def test_a_contacts_reason_never_carries_the_quotation_marks_of_a_title_or_heading():
    # a heading “…” in a person's entry reads as their words on every surface
    reason = contact_messages.person_reason("Chair, Example NHS Trust", "Chairs the “one list” board", "The ‘open book’ plan (NHS Providers)",
                                    "“One bed base for the whole of the county”")
    assert reason == ("Chair, Example NHS Trust. Chairs the one list board. Their work is described in The open book plan "
                      "(NHS Providers), under One bed base for the whole of the county.")
    assert contact_messages.organisation_reason("", "The trusts’ \"one list\" plan", "") == (
        "Its work is described in The trusts’ one list plan.")


# --- the bundled corpus -----------------------------------------------------------------------------


def corpus_quotations() -> list[tuple[str, str, Quotation]]:
    found_all = []
    for path in sorted(KNOWLEDGE.glob("*.md")):
        doc = load_document(path)
        blocks = drop_repeated_blocks(parse_blocks(doc.body))
        passages = chunk_blocks(blocks)
        quotes = find_quotations(passages, doc.people, [b.text for b in blocks if b.kind == "quote"])
        found_all += [(doc.id, p.text, q) for p, qs in zip(passages, quotes) for q in qs]
    return found_all


def test_every_attribution_in_the_corpus_is_to_the_person_who_said_those_words():
    found_all = corpus_quotations()
    for _, text, quote in found_all:
        assert text[quote.start:quote.end] == quote.text
        if quote.name:
            assert said_by(quote.text, quote.name), quote
    expected = {(who(q["speaker"]), q["document"]) for q in gold() if q.get("attributed", True)}
    assert {(who(q.name), doc) for doc, _, q in found_all if q.name} == expected
    assert sum(1 for _, _, q in found_all if q.name) == sum(1 for q in gold() if q.get("attributed", True))


def test_the_corpus_tricky_cases():
    by_start = {q.text[:30]: q for _, _, q in corpus_quotations()}
    assert by_start["Having a shared vision and pur"].name == "Dr Nick Jackson"  # opens its passage
    assert by_start["We had lots of children waitin"].name == ""  # a paragraph opening with a quotation
    assert by_start["there was the sense of inevita"].name == ""  # "He goes on" after that unattributed one
    assert by_start["what's particularly special ab"].name == "Cathy Elliott"  # "reflects … and concludes that"
    assert by_start["a provider collaborative can b"].name == "Cathy Elliott"  # "As Cathy explains,"
    assert by_start["This meant that we were able t"].name == "Sir Richard Leese"  # "…, told us."
    assert not any(q.text.startswith("drew people") for _, _, q in corpus_quotations())  # a fragment


def test_a_slack_quotation_shortened_mid_sentence_keeps_single_marks_inside():
    from bot.slack.blocks import quoted_words

    words = 'Our motto was "one hub" and ' + "we kept it " * 40 + "for good."
    shown = quoted_words(words, 120)
    assert len(shown) <= 120 and shown.startswith("“Our motto was ‘one hub’ and") and shown.endswith("”")
    assert shown.count("“") == 1 and shown.count("”") == 1


# --- house styles of NHS reports and case studies (the adversarial set's second round) ---------------

MARSH = Person("Professor Helen Marsh OBE", "Chair", "Hillbrook and Vale Stroke Network")


@pytest.mark.parametrize("attribution", ["Chief Executive, Vale Hospitals NHS Foundation Trust", "Ward Sister, Hillbrook",
                                         "Medical Director", "Lay Member, Westmoor", "Staff Nurse"])
def test_a_blockquote_attributed_to_a_post_not_a_person_is_credited_to_no_one(attribution):
    ((_, quote),) = found(f"> We pooled our porters across three sites and it worked.\n>\n> — {attribution}\n", [JO])
    assert quote.block and quote.name == ""


def test_a_quotation_opened_with_a_straight_mark_and_closed_with_a_curly_one_is_one_quotation():
    markdown = (f'{SHE}"We pooled our porters across three sites in a month,” said Jo Bloggs. '
                '"The boards took a year to agree the same thing,” she added.')
    quotes = found(markdown, [JO])
    assert [(q.name, q.text) for _, q in quotes] == [
        ("Jo Bloggs", "We pooled our porters across three sites in a month"),
        ("Jo Bloggs", "The boards took a year to agree the same thing")]  # never “…,” said Jo Bloggs. "


@pytest.mark.parametrize("sentence", [
    "Professor Marsh explains that “the stroke board meets on a different site every month”.",
    "“The stroke board meets on a different site every month,” says Marsh.",
    "Helen Marsh said: “the stroke board meets on a different site every month”.",
])
def test_a_speaker_with_post_nominals_is_found_by_title_and_surname_or_without_them(sentence):
    assert attributed(sentence, [MARSH, JO]) == [
        ("Professor Helen Marsh OBE", found(sentence, [MARSH])[0][1].text)]


@pytest.mark.parametrize("lead", ["Jo Bloggs, chief executive of Example NHS Trust, said:", "As Jo Bloggs explains:",
                                  "Asked what changed, Jo Bloggs said:"])
@pytest.mark.parametrize("quotation", ["> We pooled our porters across three sites and it worked.",
                                       "“We pooled our porters across three sites and it worked.”"])
def test_a_paragraph_that_introduces_the_speaker_credits_the_quotation_after_it(lead, quotation):
    assert attributed(f"{lead}\n\n{quotation}\n", [JO, SAM_A]) == [
        ("Jo Bloggs", "We pooled our porters across three sites and it worked.")]


@pytest.mark.parametrize("markdown", [
    "Jo Bloggs shared a carer’s letter:\n\n> We pooled our porters across three sites and it worked.\n",
    "A spokesperson for Jo Bloggs said:\n\n> We pooled our porters across three sites and it worked.\n",
    "Jo Bloggs said:\n\n- “We pooled our porters across three sites and it worked.”\n- The porters agreed.\n",
    "Jo Bloggs said:\n\nThe porters were pooled.\n\n> We pooled our porters across three sites and it worked.\n",
    "## One\n\nJo Bloggs said:\n\n## Two\n\n> We pooled our porters across three sites and it worked.\n",
    "Jo Bloggs said:\n\n“We pooled our porters,” one porter said, “across three sites and it worked.”\n",
])
def test_a_lead_in_that_does_not_introduce_the_next_quotation_credits_nothing(markdown):
    assert [text for name, text in attributed(markdown, [JO]) if "wards were next" in text or "porters" in text] == []


def test_a_lead_in_s_speaker_gives_way_to_the_blockquote_s_own_attribution():
    markdown = "Jo Bloggs said:\n\n> We pooled our porters across three sites and it worked.\n>\n> — Sam Able, Chair\n"
    assert attributed(markdown, [JO, SAM_A]) == [("Sam Able", "We pooled our porters across three sites and it worked.")]


def test_a_long_blockquote_after_a_lead_in_is_the_speaker_s_in_every_piece():
    sentence = "We met every week for a year and learned to trust each other completely. "
    pieces = found(f"Jo Bloggs said:\n\n> {sentence * 12}\n", [JO], max_words=60)
    assert len(pieces) > 1 and all(q.name == "Jo Bloggs" for _, q in pieces)


@pytest.mark.parametrize("lead", ["Looking back, Jo Bloggs said: ", "Looking back, Jo Bloggs said:\n\n"])
def test_a_quotation_over_two_paragraphs_after_the_speaker_is_named_is_all_theirs(lead):
    markdown = (f"{lead}“We started with one shared waiting list and a spreadsheet.\n\n"
                "“By the end of the year nobody asked which trust a nurse came from.”")
    quotes = found(markdown, [JO])
    assert [(q.name, q.text) for _, q in quotes] == [
        ("Jo Bloggs", "We started with one shared waiting list and a spreadsheet."),
        ("Jo Bloggs", "By the end of the year nobody asked which trust a nurse came from.")]
    assert all(text[q.start:q.end] == q.text for text, q in quotes)


@pytest.mark.parametrize("last", [
    "“By the end of the year nobody asked which trust a nurse came from,” says Sam Able.",  # someone else closes it
    "By the end of the year nobody asked which trust a nurse came from.",  # it never reopens
])
def test_an_opened_quotation_closed_by_someone_else_or_never_is_not_credited_to_the_first_speaker(last):
    markdown = f"Looking back, Jo Bloggs said: “We started with one shared waiting list and a spreadsheet.\n\n{last}"
    assert ("Jo Bloggs", "We started with one shared waiting list and a spreadsheet.") not in attributed(
        markdown, [JO, SAM_A])


def test_a_lead_in_credits_only_the_blockquote_right_after_it():
    markdown = "Jo Bloggs said:\n\n> We pooled our porters across three sites.\n\n> The wards were next and it worked too.\n"
    assert attributed(markdown, [JO]) == [("Jo Bloggs", "We pooled our porters across three sites.")]


# --- interviews, board papers, blogs and annual reports (the adversarial set's third round) ----------


@pytest.mark.parametrize("label", ["From the chair's foreword", "From the peer support team", "In her own words"])
def test_a_label_line_heading_a_blockquote_is_the_documents_text_not_the_speakers(label):
    markdown = f"> {label}\n>\n> Nobody who came to the café in its first year was turned away.\n>\n> — Jo Bloggs\n"
    ((text, quote),) = found(markdown, [JO])
    assert (quote.name, quote.text) == ("Jo Bloggs", "Nobody who came to the café in its first year was turned away.")
    parts = segments(text, [quote])
    assert [(s.kind, s.text) for s in parts] == [(EDITORIAL, label), (QUOTE, quote.text)]


@pytest.mark.parametrize("first", [
    "We said to each other that this has to change.",  # a sentence: the speaker's own words
    "“We said to each other that this has to change”",  # in its own marks
    "and then the boards agreed",  # not capitalised: it runs on
])
def test_a_blockquote_whose_first_paragraph_is_a_sentence_keeps_it_as_the_speakers(first):
    markdown = f"> {first}\n>\n> Nobody who came to the café in its first year was turned away.\n>\n> — Jo Bloggs\n"
    ((_, quote),) = found(markdown, [JO])
    assert quote.name == "Jo Bloggs" and quote.text.startswith(first)


@pytest.mark.parametrize("inside", [
    "“We pooled our porters across three sites,” one porter told us. “Nobody asked whose we were after that.”",
    "“We pooled our porters across three sites in a month,” she said.",
    "Q: What changed first? A: We pooled our porters across three sites in a month.",  # an interview's turns
    "Interviewer: What changed first?\n>\n> We pooled our porters across three sites in a month.",
])
def test_a_blockquote_holding_someone_elses_attributed_words_is_credited_to_no_one(inside):
    """Its words are the document's text, and the person's attribution line is not shown under them."""
    quotes = found(f"Our porters.\n\n> {inside}\n>\n> — Jo Bloggs\n", [JO])
    text = quotes[0][0]
    assert [q.text for _, q in quotes if q.name] in ([], [""])
    parts = segments(text, [q for _, q in quotes])
    shown = " ".join(s.text for s in parts)
    assert {s.kind for s in parts} == {EDITORIAL} and inside.replace("\n>\n> ", "\n") in shown
    assert "Jo Bloggs" not in shown


def test_a_blockquote_quoting_someone_inside_the_speakers_own_words_is_still_theirs():
    markdown = "> One mother told us “I had to tell my story five times” and that changed the handover.\n>\n> — Jo Bloggs\n"
    ((_, quote),) = found(markdown, [JO])
    assert quote.name == "Jo Bloggs"


@pytest.mark.parametrize("aside", ["quoting one mother", "reading from a patient's letter", "citing the survey"])
def test_words_a_speaker_relays_in_an_aside_are_credited_to_no_one(aside):
    sentence = f"Jo Bloggs, {aside}, said: “I had to tell my story five times in one night to five people.”"
    assert attributed(sentence, [JO]) == []


@pytest.mark.parametrize("sentence", [
    "Jo Bloggs said “One Hub, One List, One Standard of Care” was the name the staff chose.",
    "Jo Bloggs says “Better Care Closer to Home for Everyone” is still the programme's name.",
])
def test_a_title_that_is_the_subject_of_what_follows_is_credited_to_no_one(sentence):
    assert attributed(sentence, [JO]) == []


def test_said_one_person_and_another_agreed_credits_each_their_own_quotation():
    markdown = ("“We pooled the porters across three sites in a month,” said Jo Bloggs, and Sam Able agreed: "
                "“The boards took a year to agree the same thing.”")
    assert attributed(markdown, [JO, SAM_A]) == [
        ("Jo Bloggs", "We pooled the porters across three sites in a month"),
        ("Sam Able", "The boards took a year to agree the same thing.")]


@pytest.mark.parametrize("second", ["and added:", "and the porter agreed:", "and Sam Able's deputy agreed:"])
def test_a_second_clause_naming_no_one_as_speaker_credits_the_second_quotation_to_no_one_else(second):
    markdown = (f"“We pooled the porters across three sites in a month,” said Jo Bloggs, {second} "
                "“The boards took a year to agree the same thing.”")
    assert {name for name, _ in attributed(markdown, [JO, SAM_A])} <= {"Jo Bloggs"}


@pytest.mark.parametrize("second", [
    "“The boards took a year to agree the same thing,” she added, quoting a patient.",
    "“The boards took a year to agree the same thing,” she recalls a patient telling her.",
    "She remembers a patient who said: “The boards took a year to agree the same thing.”",
    "She heard the auditor say: “The boards took a year to agree the same thing.”",
])
def test_a_pronoun_telling_of_someone_elses_words_does_not_continue_the_speaker(second):
    markdown = f"“We pooled our porters across three sites in a month,” said Jo Bloggs. {second}"
    assert attributed(markdown, [JO]) == [("Jo Bloggs", "We pooled our porters across three sites in a month")]


# --- press releases, minutes, transcripts, news pages and magazines (the adversarial set's fourth round) ---

DANIEL = Person("Daniel Okoro", "Chief executive")
AMINA = Person("Amina Yusuf", "Director of nursing")


@pytest.mark.parametrize("markdown", [
    "“The service has kept four hundred patients out of hospital,” said Daniel Okoro. "
    "“We could not have done it without the physiotherapists,” she added.",  # nothing says Daniel is "she"
    "Amina Yusuf leads the ward. She joined in 2024.\n\n“Every patient has a named nurse to ring at any hour,” "
    "said Amina Yusuf. “Nobody has had to ring the ambulance service first,” he added.",  # "he" is not Amina
    "“Every patient has a named nurse to ring at any hour,” said Amina Yusuf. He goes on to say that “nobody has "
    "had to ring the ambulance service first”.",
])
def test_a_pronoun_continues_a_speaker_only_when_the_document_shows_it_is_theirs(markdown):
    (_, first), (_, continued) = found(markdown, [DANIEL, AMINA])
    assert first.name in ("Daniel Okoro", "Amina Yusuf") and continued.name == ""


@pytest.mark.parametrize("markdown, person", [
    ("Amina Yusuf joined the trust in 2024. She leads the virtual ward.\n\n", AMINA),  # a sentence after her name
    ("", Person("Dame Amina Yusuf", "Chair")),  # an honorific in her name
    ("Mrs Yusuf chairs the board.\n\n", AMINA),  # or before it in the text
])
def test_a_pronoun_the_document_gives_the_speaker_continues_them(markdown, person):
    text = (f"{markdown}“Every patient has a named nurse to ring at any hour,” said {person.name}. "
            "“The oximeters go home with a printed plan in plain English,” she added.")
    assert [q.name for _, q in found(text, [DANIEL, person])] == [person.name, person.name]


def test_a_pronoun_the_document_gives_both_ways_is_no_ones():
    text = ("Amina Yusuf joined the trust in 2024. She leads the ward. Amina Yusuf trained in Leeds. He was a nurse.\n\n"
            "“Every patient has a named nurse to ring at any hour,” said Amina Yusuf. "
            "“The oximeters go home with a printed plan in plain English,” she added.")
    assert [q.name for _, q in found(text, [AMINA])] == ["Amina Yusuf", ""]


@pytest.mark.parametrize("lead", ["Jo Bloggs told the board:", "Jo Bloggs told the November board:",
                                  "3.1 Jo Bloggs told the committee:"])
def test_told_the_board_credits_the_quotation_after_it(lead):
    assert attributed(f"{lead} “We have not booked a single agency midwife since the summer.”", [JO]) == [
        ("Jo Bloggs", "We have not booked a single agency midwife since the summer.")]
    assert attributed(f"{lead}\n\n“We have not booked a single agency midwife since the summer.”\n", [JO]) == [
        ("Jo Bloggs", "We have not booked a single agency midwife since the summer.")]


@pytest.mark.parametrize("sentence", [
    "The director who works with Jo Bloggs told the board: “We have not booked a single agency midwife this year.”",
    "Jo Bloggs told the board that the auditor said: “We have not booked a single agency midwife this year.”",
])
def test_told_the_board_by_someone_else_is_no_ones(sentence):
    assert attributed(sentence, [JO]) == []


@pytest.mark.parametrize("turn", ['Jo Bloggs: "They are the same to the day, because there is one waiting list."',
                                  '**Jo Bloggs:** "They are the same to the day, because there is one waiting list."',
                                  '- Jo Bloggs: “They are the same to the day, because there is one waiting list.”'])
def test_a_name_colon_turn_is_that_persons(turn):
    assert attributed(f"Questions from the chair:\n\n{turn}\n", [JO, SAM_A]) == [
        ("Jo Bloggs", "They are the same to the day, because there is one waiting list.")]


@pytest.mark.parametrize("turn", ['- Patient, 71: "They are the same to the day, because there is one list."',
                                  'Jo Bloggs and Sam Able: "They are the same to the day, because there is one list."',
                                  'Jo Bloggs on the list: "They are the same to the day, because there is one list."',
                                  'Jo Bloggs: "They are the same to the day, because there is one list," the nurse said.'])
def test_a_turn_that_is_not_one_persons_name_alone_is_no_ones(turn):
    assert attributed(f"{turn}\n", [JO, SAM_A]) == []


TABLE = "| {who} | {said} |\n|---|---|\n| Jo Bloggs | “The podiatrists now share one caseload and one form.” |\n"


@pytest.mark.parametrize("who, said", [("Member", "Comment"), ("Who", "What they said"), ("Speaker", "Quote")])
def test_a_table_speaker_column_credits_the_row(who, said):
    assert attributed(TABLE.format(who=who, said=said), [JO]) == [
        ("Jo Bloggs", "The podiatrists now share one caseload and one form.")]


@pytest.mark.parametrize("who, said", [("Nominee", "Citation"), ("Member", "Notes"), ("Site", "Comment")])
def test_a_table_whose_header_does_not_say_who_spoke_is_no_ones(who, said):
    assert attributed(TABLE.format(who=who, said=said), [JO]) == []


def test_a_table_row_naming_a_post_is_no_ones():
    table = "| Member | Comment |\n|---|---|\n| Patient representative | “Nobody asked me which trust my podiatrist was from.” |\n"
    assert attributed(table, [JO]) == []


@pytest.mark.parametrize("sentence", [
    "“The trust will publish the readmission figures every quarter from April,” the trust said.",
    "Example NHS Trust said: “The trust will publish the readmission figures every quarter from April.”",
    "“The trust will publish the readmission figures every quarter from April”, according to the annual report.",
    "Jo Bloggs said the trust will publish the readmission figures every quarter from April.",  # a paraphrase
])
def test_an_organisation_a_report_or_a_paraphrase_is_no_ones_quotation(sentence):
    assert attributed(f"Jo Bloggs is the chief executive. {sentence}", [JO]) == []


@pytest.mark.parametrize("markdown, outer", [
    ('Jo Bloggs said: "A widow wrote to us: \'You were the only people who answered the same way every night.\' '
     'We pinned her card above the station."', "A widow wrote to us"),
    ('Jo Bloggs said: “A ward sister stopped me and said "you have given me back an hour a day", which is why we '
     'keep going.”', "A ward sister stopped me"),
])
def test_a_leader_quoting_someone_else_credits_only_the_leaders_own_quotation(markdown, outer):
    quotes = found(markdown, [JO])
    assert [q.name for _, q in quotes if q.name] == ["Jo Bloggs"]
    assert all(q.text.startswith(outer) for _, q in quotes if q.name)


def test_a_quotation_over_paragraphs_after_said_name_is_that_persons_and_one_naming_no_one_is_no_ones():
    markdown = ("Jo Bloggs said: “We started with one robot and a van that went round twice a day.\n\n"
                "“Now a ward in any of the hospitals gets the same medicine the same afternoon.”\n\n"
                "“A hub is only as good as its van drivers and its porters.\n\n"
                "“Ours know every ward sister on every site by name.”\n")
    quotes = [(q.name, q.text) for _, q in found(markdown, [JO])]
    assert [name for name, _ in quotes] == ["Jo Bloggs", "Jo Bloggs", ""]  # the unclosed "A hub …" stays text
    assert not any("van drivers" in text or "ward sister" in text for name, text in quotes if name)


# --- interviews, lists, tables, terms and pronouns (the adversarial set's fifth round) ---------------

IAN = Person("Dr Ian Fleet", "Medical director")


@pytest.mark.parametrize("sentence", [
    "Jo Bloggs explains that “one list, one standard, one wait for everyone” means a patient waits as long anywhere.",
    "Jo Bloggs wrote that “a single waiting list for every hip and knee” had become the hub's slogan within a month.",
    "Jo Bloggs says “the right care in the right place every time” stands for care at home first.",
    "Jo Bloggs said “no wrong door for any patient in the county” sums up the whole programme.",
])
def test_a_term_the_sentence_goes_on_to_explain_is_credited_to_no_one(sentence):
    assert attributed(sentence, [JO]) == []


def test_a_he_or_she_sentence_holding_the_other_pronoun_is_no_evidence_of_the_persons_pronoun():
    text = ("Dr Ian Fleet came to the trust in 2021. She offered him the medical director's post.\n\n"
            "“The GPs now ring one number for every district nurse,” said Dr Ian Fleet. "
            "“The chair made that happen in a single board meeting,” she added.")
    assert [q.name for _, q in found(text, [IAN])] == ["Dr Ian Fleet", ""]
    text = text.replace("She offered him the medical director's post", "He ran the medical staff committee")
    assert [q.name for _, q in found(text, [IAN])] == ["Dr Ian Fleet", ""]  # "she" is still not his


@pytest.mark.parametrize("label", ["**Jo Bloggs**", "Jo Bloggs", "**Jo Bloggs:**"])
def test_an_interview_turn_label_on_its_own_line_credits_the_quotation_paragraph_after_it(label):
    markdown = (f"{label}\n\n\"Because the same patient waited forty weeks in one trust and twelve in the next.\"\n\n"
                f"{label}\n\nMostly. The \"same day care first and the ward second\" rule holds.\n")
    assert attributed(markdown, [JO, SAM_A]) == [
        ("Jo Bloggs", "Because the same patient waited forty weeks in one trust and twelve in the next.")]


@pytest.mark.parametrize("label", ["**Interviewer**", "**Patient, 71**", "Jo Bloggs and Sam Able"])
def test_a_line_that_is_not_one_persons_name_credits_no_quotation_after_it(label):
    markdown = f"{label}\n\n\"Because the same patient waited forty weeks in one trust and twelve in the next.\"\n"
    assert attributed(markdown, [JO, SAM_A]) == []


def test_a_list_of_quotations_after_name_said_is_that_persons():
    markdown = ("Jo Bloggs said:\n\n- \"The three trusts now share one orthopaedic waiting list,\"\n"
                "- \"one theatre rota across all three hospital sites,\"\n"
                "- “and one set of outcome measures that every surgeon can see.”\n")
    assert [name for name, _ in attributed(markdown, [JO])] == ["Jo Bloggs"] * 3


@pytest.mark.parametrize("items", [
    "- “The three trusts now share one orthopaedic waiting list.”\n- The surgeons were less sure at first.\n",
    "- “The three trusts now share one orthopaedic waiting list,” said Sam Able.\n"
    "- “One theatre rota now runs across all three hospital sites.”\n",
    "- “The three trusts now share one orthopaedic waiting list.\n- “One theatre rota runs across all three sites.”\n",
])
def test_a_list_after_name_said_that_is_not_only_their_quotations_is_not_theirs(items):
    assert "Jo Bloggs" not in {name for name, _ in attributed(f"Jo Bloggs said:\n\n{items}", [JO, SAM_A])}


@pytest.mark.parametrize("lead", ["In the words of Jo Bloggs:", "Asked what had changed, Jo Bloggs replied:",
                                  "Jo Bloggs answered:"])
def test_in_the_words_of_and_replied_credit_the_quotation(lead):
    assert attributed(f"{lead} “The arguments about whose patient it is have stopped for good.”", [JO]) == [
        ("Jo Bloggs", "The arguments about whose patient it is have stopped for good.")]


def test_said_one_person_before_another_added_credits_each_their_own_quotation():
    markdown = ("“One nurse now visits each patient instead of two,” said Jo Bloggs, before Sam Able added: "
                "“The GPs finally know which district nurse to ring about a patient.”")
    assert attributed(markdown, [JO, SAM_A]) == [
        ("Jo Bloggs", "One nurse now visits each patient instead of two"),
        ("Sam Able", "The GPs finally know which district nurse to ring about a patient.")]


@pytest.mark.parametrize("second", ["before thanking Sam Able, who said:", "before the chair told Sam Able:"])
def test_a_before_clause_naming_someone_who_is_not_its_speaker_credits_them_nothing(second):
    markdown = (f"“One nurse now visits each patient instead of two,” said Jo Bloggs, {second} "
                "“The GPs finally know which district nurse to ring about a patient.”")
    assert attributed(markdown, [JO, SAM_A]) == [("Jo Bloggs", "One nurse now visits each patient instead of two")]


@pytest.mark.parametrize("table", [
    "| Quote | Who |\n|---|---|\n| “The podiatrists now share one caseload and one form.” | Jo Bloggs |\n",
    "| Name | Role | What they told us |\n|---|---|---|\n| Jo Bloggs | Chair | “The podiatrists now share one caseload "
    "and one form.” |\n",
])
def test_a_table_speaker_column_anywhere_credits_the_row(table):
    assert attributed(table, [JO]) == [("Jo Bloggs", "The podiatrists now share one caseload and one form.")]


@pytest.mark.parametrize("table", [
    "| Quote | Who |\n|---|---|\n| “The podiatrists now share one caseload and one form.” | Jo Bloggs and Sam Able |\n",
    "| Theme | What staff said |\n|---|---|\n| Jo Bloggs | “The podiatrists now share one caseload and one form.” |\n",
    "| Who | Notes |\n|---|---|\n| “The podiatrists now share one caseload and one form.” | Jo Bloggs |\n",
])
def test_a_table_without_one_persons_speaker_cell_and_a_said_column_is_no_ones(table):
    assert attributed(table, [JO, SAM_A]) == []


@pytest.mark.parametrize("markdown", [
    "“We pooled our porters across three sites and it worked well.”\n\nJo Bloggs\n\n"
    "“The boards took a whole year to agree the same thing.”\n\nSam Able\n",
    "> We pooled our porters across three sites and it worked well.\n\n**Jo Bloggs**\n\n"
    "> The boards took a whole year to agree the same thing.\n\n**Sam Able**\n",
])
def test_a_name_under_a_quotation_is_its_caption_and_introduces_no_quotation_after_it(markdown):
    assert attributed(markdown, [JO, SAM_A]) == []


@pytest.mark.parametrize("sentence", [
    "“The evening rota has not had a single gap since the spring,” said Jo Bloggs’ deputy.",
    "“The evening rota has not had a single gap since the spring,” said Jo Bloggs' deputy.",
    "Jo Bloggs’ deputy said: “The evening rota has not had a single gap since the spring.”",
])
def test_a_possessive_without_an_s_names_someone_else_as_the_speaker(sentence):
    assert attributed(sentence, [JO]) == []


def test_a_first_name_inside_a_possessive_full_name_is_not_the_speaker():
    rita = Person("Rita Evans", "Chair")
    sentence = "“The evening rota has not had a single gap since the spring,” said Rita Evans’ deputy."
    assert attributed(sentence, [rita]) == []


@pytest.mark.parametrize("between", [
    ", and the porter agreed:", ", while a porter shouted:", " to a porter, who replied:", ", before the porter added:",
    ", and Sam Able's deputy agreed:",
])
def test_a_tail_attribution_does_not_reach_a_quotation_someone_else_introduces(between):
    markdown = (f"“We pooled the porters across three sites in a month,” said Jo Bloggs{between} "
                "“The boards took a year to agree the same thing.”")
    assert attributed(markdown, [JO, SAM_A]) == [("Jo Bloggs", "We pooled the porters across three sites in a month")]


@pytest.mark.parametrize("between", [", and added:", ", adding:", ", chief executive of Example NHS Trust,", " says,"])
def test_a_tail_attribution_reaches_the_same_speakers_next_quotation(between):
    said = "said Jo Bloggs" if between != " says," else "Jo Bloggs"
    markdown = (f"“We pooled the porters across three sites in a month,” {said}{between} "
                "“and the boards took a year to agree the same thing.”")
    assert [name for name, _ in attributed(markdown, [JO, SAM_A])] == ["Jo Bloggs", "Jo Bloggs"]


@pytest.mark.parametrize("first", [
    "Dr Ian Fleet met the new chair in the spring. She was new to the trust.",
    "Dr Ian Fleet interviewed a patient on the first morning. She had waited eleven weeks.",
    "Dr Ian Fleet thanked her on the ward. She had run the rota.",
])
def test_a_she_sentence_after_one_naming_someone_else_she_could_be_is_no_evidence_of_the_persons_pronoun(first):
    text = (f"{first}\n\n“The GPs now ring one number for every district nurse,” said Dr Ian Fleet. "
            "“Nobody at the old trust ever came to see me that quickly,” she added.")
    assert [q.name for _, q in found(text, [IAN])] == ["Dr Ian Fleet", ""]


@pytest.mark.parametrize("table", [
    "| Name | Comment |", "| Colleague | Feedback |", "| Name | What colleagues said |", "| Name | Nominator's words |",
    "| Who | Quote from a nominator |",
])
def test_a_table_whose_said_column_may_be_others_words_about_the_person_is_no_ones(table):
    assert attributed(f"{table}\n|---|---|\n| Jo Bloggs | “She rebuilt the home visit rota in a year and never "
                      "once lost her temper.” |\n", [JO]) == []


@pytest.mark.parametrize("lead, speaker", [
    ("Jo Bloggs's verdict:", "Jo Bloggs"), ("Sam Able thanked Jo Bloggs, who said:", "Jo Bloggs"),
    ("The chair thanked Jo Bloggs, who said:", "Jo Bloggs"), ("Jo Bloggs told Sam Able:", "Jo Bloggs"),
    ("Jo Bloggs told a visiting GP:", "Jo Bloggs"),
    ("Jo Bloggs's deputy's verdict:", ""), ("Jo Bloggs thanked a porter, who said:", ""),
    ("Sam Able thanked the deputy of Jo Bloggs, who said:", ""), ("Jo Bloggs's patient told Sam Able:", ""),
    ("Jo Bloggs was told by Sam Able:", ""), ("Jo Bloggs told Sam Able that a porter said:", ""),
    ("Jo Bloggs told Sam Able what the porter said:", ""),
])
def test_a_verdict_a_who_said_and_a_told_someone_credit_only_their_speaker(lead, speaker):
    names = [name for name, _ in attributed(f"{lead} “Every home visit is now booked from the same list.”", [JO, SAM_A])]
    assert names == ([speaker] if speaker else [])


def test_a_blockquote_that_is_one_quotation_and_its_speakers_tail_is_theirs():
    markdown = ("The unit's rule.\n\n> “A consultant told me on my first day, ‘if you can send them home tonight, do it "
                "tonight’, and that became the rule,” Jo Bloggs recalls.\n")
    assert attributed(markdown, [JO, SAM_A]) == [("Jo Bloggs", "A consultant told me on my first day, ‘if you can send "
                                                               "them home tonight, do it tonight’, and that became the rule")]


@pytest.mark.parametrize("tail", ["one porter told us. “The unit has never been so calm on a Friday.”",
                                  "Jo Bloggs recalls a patient telling her.", "said Sam Able to Jo Bloggs.",
                                  "Jo Bloggs recalls. The ward agreed with her at once."])
def test_a_blockquote_holding_more_than_one_persons_quotation_and_tail_is_no_ones(tail):
    markdown = f"The unit's rule.\n\n> “We send every patient home tonight when it is safe to do so,” {tail}\n"
    assert attributed(markdown, [JO, SAM_A]) == []


def test_a_name_line_after_a_labelled_turn_labels_the_next_turn():
    markdown = ("**Sam Able**\n\n\"Why pool the orthopaedic waiting lists at all, when each trust met its targets?\"\n\n"
                "**Jo Bloggs**\n\n\"Because the same hip patient waited forty weeks in one trust and twelve in the next.\"\n")
    assert [name for name, _ in attributed(markdown, [JO, SAM_A])] == ["Sam Able", "Jo Bloggs"]


@pytest.mark.parametrize("markdown", [
    "Intro.\n\n\"Why pool the orthopaedic waiting lists at all, when each trust met its targets?\"\n\n**Sam Able**\n\n"
    "\"Because the same hip patient waited forty weeks in one trust and twelve in the next.\"\n\n**Jo Bloggs**\n",
    "**Sam Able**\n\n\"Why pool the orthopaedic waiting lists at all, when each trust met its targets?\"\n\nJo Bloggs\n",
])
def test_a_name_line_under_a_quotation_no_label_introduced_is_its_caption(markdown):
    assert "Jo Bloggs" not in [name for name, _ in attributed(markdown, [JO, SAM_A])]


def test_straight_marks_nested_in_straight_marks_are_one_quotation_of_its_speaker():
    markdown = ('Jo Bloggs said: "One patient told our nurses "you gave me my knee and my evenings back" and we framed '
                'her card in the theatre corridor."\n')
    assert attributed(markdown, [JO]) == [("Jo Bloggs", 'One patient told our nurses "you gave me my knee and my evenings '
                                                        'back" and we framed her card in the theatre corridor.')]


@pytest.mark.parametrize("markdown, expected", [
    ('"We pooled the porters across all three sites," said Jo Bloggs. "The boards took a whole year to agree," said '
     'Sam Able.', ["Jo Bloggs", "Sam Able"]),
    ('The sign said "one hub for all nine practices in town" and Jo Bloggs said "we made it work for every patient".',
     ["", "Jo Bloggs"]),
    ('"We pooled the porters across all three sites, " said Jo Bloggs, "and the boards took a whole year."',
     ["Jo Bloggs", "Jo Bloggs"]),
])
def test_straight_quotations_side_by_side_stay_apart(markdown, expected):
    assert [q.name for _, q in found(markdown, [JO, SAM_A])] == expected


def test_ascii_single_marks_after_name_said_to_the_paragraphs_end_are_that_persons():
    assert attributed("Jo Bloggs said: 'The nurses' rota is the trust's rota now, and it's the best thing we've done.'",
                      [JO]) == [("Jo Bloggs", "The nurses' rota is the trust's rota now, and it's the best thing we've done.")]


@pytest.mark.parametrize("markdown", [
    "Jo Bloggs said the aim was simple: 'one nursing team that doesn't care whose patient it is'. It's the phrase.",
    "The board calls its plan 'a neighbourhood team for every street in Westbury by next year', Jo Bloggs said.",
    "Sam Able's deputy said: 'The nurses' rota is the trust's rota now, and it's the best thing we've done.'",
])
def test_ascii_single_marks_not_closing_a_speakers_paragraph_credit_no_one(markdown):
    assert attributed(markdown, [JO, SAM_A]) == []


def test_a_persons_own_post_in_the_sentence_before_she_is_still_evidence_of_their_pronoun():
    text = ("Amina Yusuf joined the trust as director of nursing in 2024. She leads the virtual ward.\n\n"
            "“Every patient has a named nurse to ring at any hour,” said Amina Yusuf. "
            "“The oximeters go home with a printed plan in plain English,” she added.")
    assert [q.name for _, q in found(text, [AMINA])] == ["Amina Yusuf", "Amina Yusuf"]


@pytest.mark.parametrize(("between", "second"), [
    ("", "Jo Bloggs"),  # "“A,” said Name. “B.”": nothing intervenes, the same speaker goes on
    (" Keir Shillaker nodded.", ""),  # someone else named in between
    (" The porters agreed.", ""),  # a sentence in between that names no one: whose "B" is unclear
])
def test_a_quotation_right_after_an_attribution_ending_its_sentence_continues_that_speaker(between, second):
    markdown = ("“We pooled the porters across three sites,” said Jo Bloggs." + between
                + " “It worked from the very first week.”")
    assert [(q.name, q.text) for _, q in found(markdown, [JO, KEIR])] == [
        ("Jo Bloggs", "We pooled the porters across three sites"), (second, "It worked from the very first week.")]


def test_a_quotation_after_an_attribution_ending_its_sentence_keeps_its_own_attribution():
    first = "“We pooled the porters across three sites,” said Jo Bloggs. "
    assert attributed(first + "“It worked from the very first week,” said Keir Shillaker.", [JO, KEIR])[1] == (
        "Keir Shillaker", "It worked from the very first week")
    assert [q.name for _, q in found(first + "“It worked from the very first week,” she added.", [JO, KEIR])] == [
        "Jo Bloggs", ""]  # a pronoun the document never gives Jo: still no one's
    assert [q.name for _, q in found(first + "\n\n“It worked from the very first week.”", [JO, KEIR])] == [
        "Jo Bloggs", ""]  # a new paragraph
    assert [q.name for _, q in found(first + "“One Team Together Every Single Day” is the motto.", [JO, KEIR])] == [
        "Jo Bloggs", ""]  # its own sentence goes on: a name, not more of Jo's words
