"""Quotation classes round nine of the adversarial set found (tests/data/quotes_adversarial/adv9-*,
BENCHMARKS.md "A ninth round"): each test failed before its fix."""

from test_quotes import attributed, found

from index.documents import Person

TALLIS = Person("Dr Imogen Tallis", "Consultant geriatrician", "Brookhaven Community Health NHS Trust")


def test_a_blockquote_credited_to_a_publication_is_no_ones():
    """"> …" / "> — Ambulance Today" (an HTML `<footer>— <cite>Ambulance Today</cite></footer>`): a
    magazine's words, not a person's. Before, "Ambulance Today" (two capitalised words) was credited."""
    for source in ("Ambulance Today", "Nursing Times", "Health Service Journal", "The Oldham Chronicle",
                   "Community Care Weekly", "Brookhaven Evening News"):
        markdown = (f"> The falls response car is the best use of a paramedic we have seen this year.\n>\n"
                    f"> — {source}\n")
        assert attributed(markdown, [TALLIS]) == [], source
    markdown = "> Every older person who falls at home now has one falls care coordinator.\n>\n> — Rachel Ward\n"
    assert attributed(markdown) == [("Rachel Ward", "Every older person who falls at home now has one falls care "
                                                    "coordinator.")]  # an unlisted person is still credited


RAMAN = Person("Priya Raman", "Chief executive", "Lindell Hospitals NHS Trust")
ACHEBE = Person("Gordon Achebe", "Chair", "Wexham Pathology Network")
TASKER = Person("Dr Fiona Tasker", "Medical director", "Corran Hospitals NHS Trust")
HSJ_PEOPLE = [RAMAN, ACHEBE, TASKER]


def test_name_told_hsj_is_that_persons_quotation():
    """"“A,” Priya Raman told HSJ." was left to no one (only "told the board/committee/…" was speech)."""
    assert attributed("“We had three laboratories doing the same blood tests three times,” Priya Raman told HSJ.\n",
                      HSJ_PEOPLE) == [("Priya Raman", "We had three laboratories doing the same blood tests three times")]
    assert attributed("“We had three laboratories doing the same blood tests three times,” a colleague of Priya Raman "
                      "told HSJ.\n", HSJ_PEOPLE) == []
    assert attributed("“We had three laboratories doing the same blood tests three times,” Sam Able told HSJ.\n",
                      HSJ_PEOPLE) == []


def test_in_names_words_is_that_persons_quotation():
    """"In Gordon Achebe's words, the merger was “…”" was left to no one."""
    words = "the least glamorous and most useful thing the three boards have done"
    assert attributed(f"In Gordon Achebe's words, the merger was “{words}”.\n", HSJ_PEOPLE) == [("Gordon Achebe", words)]
    for lead in ("In Gordon Achebe's deputy's words, the merger was", "In the patients' words, the merger was",
                 "In Gordon Achebe's words and Priya Raman's, the merger was"):
        assert attributed(f"{lead} “{words}”.\n", HSJ_PEOPLE) == [], lead


def test_not_shared_by_name_who_said_is_that_persons_quotation():
    """"That view was not shared by Dr Fiona Tasker, who said: “…”" was left to no one (a name after "by"
    was taken for an object); the anonymous quotation before it stays no one's."""
    markdown = ("A chief executive from a neighbouring trust said: “We were never asked whether our laboratory "
                "should close.”\n\nThat view was not shared by Dr Fiona Tasker, who said: “Our laboratory did not "
                "close. It became the network's specialist microbiology site.”\n")
    assert attributed(markdown, HSJ_PEOPLE) == [
        ("Dr Fiona Tasker", "Our laboratory did not close. It became the network's specialist microbiology site.")]
    assert attributed("That view was not shared by a colleague of Dr Fiona Tasker, who said: “Our laboratory did not "
                      "close at all.”\n", HSJ_PEOPLE) == []


AYDIN = Person("Kemal Aydin", "Director of nursing", "Tollbridge Mental Health Provider Collaborative")


def test_a_list_items_credit_line_under_its_quotation_names_the_speaker():
    """"- “…”" with "  – Kemal Aydin, Director of nursing" on the item's next line was left to no one; the
    credit line is the quotation's (not shown as text), and "– one director of nursing" stays no one's."""
    markdown = ("- “Every out-of-area inpatient bed is now a decision the collaborative takes together.”\n"
                "  – Kemal Aydin, Director of nursing\n"
                "- “Nobody told the wards what the collaborative was for.”\n  – one director of nursing\n")
    quotes = found(markdown, [AYDIN])
    assert [(q.name, q.text) for _, q in quotes] == [
        ("Kemal Aydin", "Every out-of-area inpatient bed is now a decision the collaborative takes together."),
        ("", "Nobody told the wards what the collaborative was for.")]
    text, quote = quotes[0]
    assert "– Kemal Aydin, Director of nursing" in text[quote.span_start:quote.span_end]


def test_name_put_it_simply_is_that_persons_quotation():
    """"Dr Imogen Tallis put it simply: “…”" (an HTML `<q>`) was left to no one ("put it" alone was speech)."""
    words = "the frailty ward round now starts at the patient's front door"
    assert attributed(f"Dr Imogen Tallis put it simply: “{words}”.\n", [TALLIS]) == [("Dr Imogen Tallis", words)]


QURESHI = Person("Nadia Qureshi", "Programme director", "Kelworth Children's Therapies Partnership")
ASHWORTH = Person("Tom Ashworth", "Health visitor", "Kelworth Community Health NHS Trust")


def test_he_or_she_after_a_sentence_opening_with_one_person_is_theirs():
    """"Tom Ashworth, a health visitor, joined the team. “…,” he said." was left to no one (a pronoun only
    continued a quotation before it). An unnamed GP, a named person meeting someone "she" may be, a
    pronoun the document gives someone else, and a paragraph opening with the quotation stay no one's."""
    people = [QURESHI, ASHWORTH]
    assert attributed("Nadia Qureshi, the programme director, set up the front door in 2025. “We wanted one phone "
                      "number for every family,” she said.\n\nTom Ashworth, a health visitor, joined from the "
                      "community trust. “The first month of the line was chaos,” he said. “Then the referrals started to flow at last.”\n",
                      people) == [("Nadia Qureshi", "We wanted one phone number for every family"),
                                  ("Tom Ashworth", "The first month of the line was chaos"),
                                  ("Tom Ashworth", "Then the referrals started to flow at last.")]
    for markdown in ("A GP from the practice next door was less sure. “It is another layer between us,” he said.\n",
                     "Tom Ashworth met the new practice manager. “It is another layer between us,” she said.\n",
                     "Tom Ashworth joined in 2021. She chairs the board.\n\nTom Ashworth spoke next. “It is another "
                     "layer between us,” he said.\n",
                     "Tom Ashworth joined in 2021.\n\n“It is another layer between us,” he said.\n",
                     "Tom Ashworth and Nadia Qureshi spoke. “It is another layer between us,” he said.\n"):
        assert attributed(markdown, people) == [], markdown


QUAYE = Person("Dr Esther Quaye", "Clinical lead", "Ellerby Neonatal Operational Delivery Network")
WILL = Person("Professor Joanna Will", "Chair", "Marrowdale Learning Disability Collaborative")


def test_a_transcript_turn_under_a_speaker_in_capitals_is_theirs():
    """"ESTHER QUAYE: The transport cot …" (round eight's roundtable, no marks) was left to no one. A post
    ("CHAIR:"), a surname alone ("WILL:"), a short line, and a turn that is a quotation in marks
    ("PARENT REPRESENTATIVE: “…”") are not a listed person's turn; words in marks inside a turn stay
    inside it, and are not the turn's speaker's alone."""
    markdown = ("ESTHER QUAYE: The transport cot now goes wherever the baby is, across all four units.\n\n"
                "CHAIR: Thank you both, and now a question from the floor please.\n\n"
                "WILL: The collaborative will publish its placement numbers every month.\n\n"
                "JOANNA WILL: Not with everyone. One father told me, “You will never bring my son home,” and two "
                "years later his son came home.\n\nJOANNA WILL: Yes, every month.\n\n"
                "PARENT REPRESENTATIVE: “Nobody told us which neonatal unit until the ambulance moved.”\n")
    assert attributed(markdown, [QUAYE, WILL]) == [
        ("Dr Esther Quaye", "The transport cot now goes wherever the baby is, across all four units."),
        ("Professor Joanna Will", "Not with everyone. One father told me, “You will never bring my son home,” and two "
                                  "years later his son came home.")]


def test_a_short_lead_in_naming_the_speaker_is_not_page_furniture():
    """"Linh Tran added:" (a Word paragraph of its own) was dropped as a short fragment with the page
    furniture, so the index credited the quotation after it to no one and answers lost the line."""
    from index.chunking import drop_furniture, parse_blocks

    blocks = parse_blocks("Linh Tran added:\n\n“Dental nurses rotate between the three clinics every month.”\n\n"
                          "Leave a comment\n\nContents:\n")
    assert [b.text for b in drop_furniture(blocks)] == [
        "Linh Tran added:", "“Dental nurses rotate between the three clinics every month.”"]


ROSE = Person("Will Rose", "Consultant vascular surgeon", "Calderside Vascular Network")
HOPE = Person("Hope Ward", "Network director", "Calderside Vascular Network")


def test_a_table_rows_quotation_is_the_person_named_in_its_who_said_it_cell():
    """"| What was said | Who said it |" with "Will Rose, consultant vascular surgeon" in the next cell (round
    eight) was left to no one: "Who said it" was no speaker header, and a name followed by a post was no
    name. A post, a name relaying someone else's words, and a name with someone else stay no one's."""
    markdown = ("| What was said | Who said it |\n|---|---|\n"
                "| “The arterial hub means a vascular surgeon on site every night.” | Will Rose, consultant vascular "
                "surgeon |\n"
                "| “We lost theatre time at the spoke, and we said so.” | A spoke hospital's theatre manager |\n"
                "| “The network office answered every vascular complaint within a week.” | Hope Ward |\n"
                "| “Nobody wants to go back to three vascular rotas at night.” | Hope Ward, quoting a surgeon |\n"
                "| “The transfers at night are safer than they have ever been.” | Hope Ward, for the nurses |\n")
    assert attributed(markdown, [ROSE, HOPE]) == [
        ("Will Rose", "The arterial hub means a vascular surgeon on site every night."),
        ("Hope Ward", "The network office answered every vascular complaint within a week.")]


def test_an_interviews_turn_label_above_a_quotation_is_not_page_furniture():
    """"**Dr Amal Haddad**" over "“…”" (round five's interview) was dropped by the index as a short fragment,
    so the turn after it was no one's (the harness, reading blocks without dropping furniture, counted it
    credited). A short line above a paragraph opening with a quotation mark is kept; one above text is not."""
    from index.chunking import drop_furniture, parse_blocks

    blocks = parse_blocks("**Dr Amal Haddad**\n\n“Because the same hip patient waited forty weeks in one trust.”\n\n"
                          "Leave a comment\n\nThe hub opened in 2023.\n")
    assert [b.text for b in drop_furniture(blocks)] == [
        "Dr Amal Haddad", "“Because the same hip patient waited forty weeks in one trust.”",
        "The hub opened in 2023."]
