"""Quotation classes round thirteen of the adversarial set found (tests/data/quotes_adversarial/adv13-*,
BENCHMARKS.md "A thirteenth round"): each test failed before its fix."""

import json
import os

from test_cli import run
from test_quotes import found, shown

from index.chunking import Block, drop_furniture
from index.documents import Person

POWELL = Person("Rhodri Powell", "Therapy manager", "Bro Teifi Stroke Partnership")
VAUGHAN = Person("Dr Eleri Vaughan", "Clinical lead for stroke", "Bro Teifi Stroke Partnership")
RAO = Person("Dr Anjali Rao", "Orthogeriatric lead", "Kestrel General Hospital NHS Trust")
WORDS = "We are seeing stroke patients sooner than ever, and the therapists follow them home."


def test_a_translation_credited_to_the_speaker_is_no_ones_words():
    """"“…,” said Rhodri Powell (our translation).": the editor's English for words he said in Welsh was shown as
    his; a note that the words are translated or interpreted, before or after them or on a blockquote's
    attribution line, leaves them to no one. His own words, or words he said in English, keep their credit."""
    for text in (f"“{WORDS}” said Rhodri Powell (our translation).",
                 f"“{WORDS}” said Rhodri Powell (translated from Welsh).",
                 f"“{WORDS}” said Rhodri Powell, in translation.",
                 f"“{WORDS}” she said (our translation).",
                 f"Rhodri Powell said, in our translation: “{WORDS}”",
                 f"Rhodri Powell, speaking through an interpreter, said: “{WORDS}”",
                 f"Rhodri Powell said (translated from Welsh):\n\n> {WORDS}",
                 f"> {WORDS}\n>\n> — Rhodri Powell, therapy manager (our translation)"):
        assert shown(text, [POWELL, VAUGHAN]) == [], text
    for text in (f"“{WORDS}” said Rhodri Powell.", f"Rhodri Powell told the English edition in English: “{WORDS}”",
                 f"“{WORDS}” said Rhodri Powell, who translated the leaflets himself.",
                 f"> {WORDS}\n>\n> — Rhodri Powell, therapy manager"):
        assert shown(text, [POWELL, VAUGHAN]) == [("Rhodri Powell", WORDS)], text


YVONNE = Person("Yvonne Acheampong", "Lead governor", "Harrowgate and Selby Hospitals NHS Foundation Trust")
GAVIN = Person("Gavin Strachan", "Director of operations", "Lowther and Eskdale Elective Collaborative")
PLAN = "Governors want the shared frailty rota written into every winter plan"


def test_ascii_single_marks_opening_a_sentence_credited_after_them():
    """"'…,' said Name" in ASCII single marks was read only after a colon ("Name said: '…'"), so these were no one's:
    a quotation opening its sentence, closing with its punctuation inside the mark, and the split one ("'A,' said
    Name, 'b …'"); apostrophes inside (can't, the trust's) and a nested "word" stay inside it."""
    rest = "and not one complaint was about the transfer itself."
    cases = {
        f"'{PLAN},' said Yvonne Acheampong after the meeting.": [("Yvonne Acheampong", PLAN)],
        f"The board met. '{PLAN}, and we can't wait a year,' said Yvonne Acheampong.":
            [("Yvonne Acheampong", f"{PLAN}, and we can't wait a year")],
        f"'{PLAN} before the \"winter\" starts!' said Yvonne Acheampong.":
            [("Yvonne Acheampong", f"{PLAN} before the \"winter\" starts!")],
        f"'We moved four thousand patients between hospitals last year,' said Gavin Strachan, '{rest}'":
            [("Gavin Strachan", "We moved four thousand patients between hospitals last year"),
             ("Gavin Strachan", rest)],
        f"'We began,' said Gavin Strachan, '{rest}'": [("Gavin Strachan", rest)],
    }
    for text, credits in cases.items():
        assert shown(text, [YVONNE, GAVIN]) == credits, text


def test_ascii_single_marks_that_are_no_ones_or_no_quotation_stay_so():
    """Must not take: an unnamed speaker, a report, two people, words relayed from someone else, ASCII marks inside
    a sentence (a term, not its opening), and apostrophes with no quotation at all."""
    for text in (f"'{PLAN},' said a ward sister.", f"'{PLAN},' the nominations committee's report says.",
                 f"'{PLAN},' said Yvonne Acheampong and Gavin Strachan.",
                 f"'{PLAN},' Yvonne Acheampong recalls a governor telling her.",
                 "Yvonne Acheampong called it 'the rota the governors have wanted for years,' said Gavin Strachan.",
                 "The trusts' boards agreed, and the nurses' rota was shared across both sites' wards, said Gavin "
                 "Strachan's deputy.",
                 f"'{PLAN},' said Yvonne Acheampong (our translation)."):
        assert shown(text, [YVONNE, GAVIN]) == [], text


CHUKWU = Person("Dr Ifeoma Chukwu", "Chief medical officer", "Lowther and Eskdale Integrated Care Board")
SLIDE = "Elective recovery is a team sport played across organisational boundaries."


def test_a_name_and_role_on_the_line_under_a_slides_quotation_credits_it():
    """A slide's quotation with "Name, role" (or the name alone) on the next line and no dash was no one's; it is
    the listed person's when the quotation opens its paragraph and ends its sentence, and the credit line is all
    the rest; the line is the quotation's (not shown again as the document's text)."""
    for credit in ("Dr Ifeoma Chukwu, Chief medical officer", "Dr Ifeoma Chukwu", "Ifeoma Chukwu, CMO, Lowther ICB"):
        for text in (f"“{SLIDE}”\n{credit}\n", f"# Keynote\n\n\"{SLIDE}\"\n{credit}\n"):
            assert shown(text, [CHUKWU, GAVIN]) == [("Dr Ifeoma Chukwu", SLIDE)], text
    ((passage, quote),) = found(f"“{SLIDE}”\nDr Ifeoma Chukwu, Chief medical officer\n", [CHUKWU, GAVIN])
    assert passage[quote.span_end:].strip() == ""


def test_a_line_under_a_quotation_that_is_no_listed_persons_credit_stays_the_documents():
    """Must not take: no listed person ("Mother, Ravensworth, 2026"), two people, a person quoting someone, a
    sentence about a person, a label before the name, a quotation that is not the paragraph's first line, and a
    third line."""
    for line in ("Mother, Ravensworth, 2026", "Dr Ifeoma Chukwu and Gavin Strachan",
                 "Dr Ifeoma Chukwu, quoting a patient", "Dr Ifeoma Chukwu chaired the session.",
                 "Photo: Dr Ifeoma Chukwu, Chief medical officer", "Dr Ifeoma Chukwu's team, Lowther",
                 "Dr Ifeoma Chukwu, who chairs the board, nodded", "Dr Ifeoma Chukwu, Chief medical officer, smiled."):
        assert shown(f"“{SLIDE}”\n{line}\n", [CHUKWU, GAVIN]) == [], line
    for text in (f"The keynote slide read “{SLIDE}”\nDr Ifeoma Chukwu, Chief medical officer\n",
                 f"“{SLIDE}”\nDr Ifeoma Chukwu, Chief medical officer\nGavin Strachan, Director of operations\n"):
        assert shown(text, [CHUKWU, GAVIN]) == [], text


FEMI = Person("Femi Adebayo", "Lead clinical pharmacist", "Dunmere Primary Care Networks")
NADIA = Person("Nadia Rahman", "Podcast host", "Dunmere Integrated Care Board")
POLICY = "The repeat prescribing policy is the same in all three networks now, and patients can tell."


def test_a_timestamped_turn_wholly_in_marks_is_its_speakers():
    """"[00:14:20] Femi Adebayo: “…”": a transcript's turn under a timestamp and the speaker's full name (not in
    capitals) that is only their words in marks was no one's; it is the listed person's the label wholly names, as
    it was with no timestamp ("Femi Adebayo: “…”")."""
    for text in (f"[00:14:20] Femi Adebayo: \"{POLICY}\"", f"[00:14:20] Femi Adebayo: “{POLICY}”",
                 f"(14:20) Femi Adebayo: “{POLICY}”", f"Intro.\n\n[1:02:03] Femi Adebayo:  “{POLICY}”\n\nThanks."):
        assert shown(text, [FEMI, NADIA]) == [("Femi Adebayo", POLICY)], text


def test_a_timestamped_turn_not_wholly_one_quotation_or_under_no_full_name_stays_no_ones():
    """Must not take: a turn holding someone else's words with its speaker's own, a host echoing a guest, words
    in marks after unmarked ones, a label that is no form of the name, a post or two people, words credited after."""
    for text in (f"[00:13:30] Femi Adebayo: And a patient told me, “{POLICY}”",
                 f"[00:14:02] Nadia Rahman: Femi, you said earlier that “{POLICY}” Is that still true?",
                 f"[00:14:20] Femi Adebayo: I did say that. “{POLICY}”", f"[00:14:20] Femi A: “{POLICY}”",
                 f"[00:14:20] Pharmacist: “{POLICY}”", f"[00:14:20] Femi Adebayo and Nadia Rahman: “{POLICY}”",
                 f"[00:14:20] Femi Adebayo: “{POLICY}” said a patient."):
        assert shown(text, [FEMI, NADIA]) == [], text


NOWAK = Person("Tomasz Nowak", "Physiotherapy lead", "Kestrel General Hospital NHS Trust")
FIRST, REST = "Every patient stands on the day after surgery now, seven days a week,", "because the weekend rota covers both sites."
FOOTER = "Kestrel Orthopaedic Network | Audit report 2026 | 3"
HEADER = "Hip fracture care in the Kestrel network                         Page 4 of 8"


def test_a_quotation_a_page_footer_and_header_interrupt_is_its_speakers():
    """Text extracted from a PDF: "Name put it: “A" / footer / header / "b.”" was no one's, the quotation's two
    pieces two paragraphs apart; when only page furniture (a running footer or header with its page number) stands
    between the open piece and a paragraph that carries on in lower case and closes the mark, both are the speaker's."""
    for furniture in (f"{FOOTER}\n\n{HEADER}", FOOTER, "Page 3 of 8", f"{FOOTER}\n\n14\n\n{HEADER}"):
        for mark, close in (("“", "”"), ('"', '"')):
            text = f"As the physiotherapy lead, Tomasz Nowak, put it: {mark}{FIRST}\n\n{furniture}\n\n{REST}{close}\n"
            assert shown(text, [NOWAK, RAO]) == [("Tomasz Nowak", FIRST), ("Tomasz Nowak", REST)], text


def test_a_quotation_broken_by_anything_but_page_furniture_stays_no_ones():
    """Must not take: an ordinary paragraph between the pieces, a word broken over the page ("ther-" / "apists"),
    a continuation that opens a new sentence or holds another mark, an open quotation naming no one, and furniture
    with no page number."""
    lead = "As the physiotherapy lead, Tomasz Nowak, put it: “"
    for text in (f"{lead}{FIRST}\n\nThe audit then turned to theatre lists.\n\n{REST}”",
                 f"{lead}{FIRST} the weekend ther-\n\n{FOOTER}\n\napists cover both sites.”",
                 f"{lead}{FIRST}\n\n{FOOTER}\n\nBecause the weekend rota covers both sites.”",
                 f"{lead}{FIRST}\n\n{FOOTER}\n\nbecause the “weekend rota” covers both sites.”",
                 f"As the physiotherapy lead put it: “{FIRST}\n\n{FOOTER}\n\n{REST}”",
                 f"{lead}{FIRST}\n\nKestrel Orthopaedic Network | Audit report\n\n{REST}”"):
        assert shown(text, [NOWAK, RAO]) == [], text


ROYLE = Person("Martin Royle", "Chief executive", "Westbridge and Ashford Hospitals NHS Trust")
WAITS = "Since the two trusts pooled their surgeons, the wait for a hip replacement has fallen to seven months."


def test_told_a_newspaper_is_speaking():
    """"Name, role, told the Gazette: “…”" was no one's ("told" is read as speaking only before an audience, a
    regulator or a publication it knows): a local or national newspaper's name after "told the" is one. And "Name told
    the board the porters had a slogan:" was credited to Name: an object going on as a clause (a verb of its own)
    is no audience, so the words after it are no one's."""
    for lead in ("Martin Royle, chief executive of Westbridge and Ashford Hospitals, told the Gazette:",
                 "Martin Royle told the Westbridge Evening Gazette:", "Martin Royle told the Yorkshire Post:",
                 "Speaking to reporters, Martin Royle told the Ashford Herald:"):
        assert shown(f"{lead} “{WAITS}”", [ROYLE, RAO]) == [("Martin Royle", WAITS)], lead
    for lead in ("A reader told the Gazette:", "The Gazette told Martin Royle:",
                 "Martin Royle told the Gazette about a patient who said:",
                 "Martin Royle told the Gazette the porters had a slogan:",
                 "Martin Royle told the board the porters have a motto:"):
        assert shown(f"{lead} “{WAITS}”", [ROYLE, RAO]) == [], lead


def test_round_thirteen_through_ask_json(tmp_path, corpus_dir):
    """`peerbot ask --json` over a bilingual newsletter: the Welsh speaker's ASCII-quoted English words are his,
    the editor's translation credited to him is no one's, and a quotation over a page break is its speaker's."""
    (corpus_dir / "adv13-teifi.txt").write_text(
        "---\ntitle: Bro Teifi stroke therapy newsletter\npublisher: Example Trust\npeople:\n- name: Rhodri Powell\n"
        "  role: Therapy manager\n  organisation: Bro Teifi Stroke Partnership\n---\n\n"
        "The Bro Teifi stroke partnership now runs one stroke therapy rota across both hospitals.\n\n"
        "“Rydyn ni’n gweld cleifion strôc yn gynt nag erioed ar y ddau safle,” meddai Rhodri Powell.\n\n"
        "“We are seeing stroke patients sooner than ever on both sites,” said Rhodri Powell (our translation).\n\n"
        "'Therapists follow every stroke patient from the unit to their front door,' said Rhodri Powell.\n\n"
        "Rhodri Powell put it this way: “The stroke therapy rota covers both hospitals seven days\n\n"
        "Bro Teifi newsletter | Autumn 2026 | 3\n\n"
        "a week, so no stroke patient waits for a therapist.”\n", encoding="utf-8")
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing"}
    answer = run(["ask", "--json", "How did Bro Teifi run one stroke therapy rota across both hospitals?"], env)
    assert answer.returncode == 0, answer.stderr
    spoken = [((s["speaker"] or {}).get("name"), s["text"]) for snippet in json.loads(answer.stdout)["snippets"]
              if snippet["document"]["id"] == "adv13-teifi" for s in snippet["segments"] if s["kind"] != "editorial"]
    assert ("Rhodri Powell", "Therapists follow every stroke patient from the unit to their front door") in spoken
    assert ("Rhodri Powell", "The stroke therapy rota covers both hospitals seven days") in spoken
    assert ("Rhodri Powell", "a week, so no stroke patient waits for a therapist.") in spoken
    assert all(speaker is None for speaker, text in spoken if "sooner than ever on both sites" in text)


def test_a_short_lead_in_opening_a_quotation_is_no_label_line():
    """"Rhodri Powell put it this way: “The rota covers both hospitals seven days" (a quotation a page break or
    the next paragraph goes on with) was dropped as page furniture, a label line like "Clients: …", so its words
    were lost; a label line that speaks and opens a quotation mark is kept. Label lines are still dropped."""
    kept = ("Rhodri Powell put it this way: “The rota covers both hospitals seven days",
            'Rhodri Powell said: "The stroke therapy rota covers both hospitals')
    dropped = ("Clients: Ashford and Westbridge trusts", "Date: “Autumn” edition, 2026",
               "Rhodri Powell put it this way: see page four")
    blocks = [Block("", text, "paragraph") for text in (*kept, *dropped)]
    assert [b.text for b in drop_furniture(blocks)] == list(kept)


MENSAH = Person("Dr Paul Mensah", "Medical director", "Elmfield Community NHS Trust")
HOME = "Dying at home should not depend on which side of the county boundary you live"


def test_as_name_said_after_a_quotation_credits_it():
    """"“…,” as Dr Paul Mensah told the ICB board in March." was no one's: "as" before the speaker and their speech
    verb after the quotation is their credit, as "said Name" is; not someone they heard, relayed or spoke with."""
    for tail in ("as Dr Paul Mensah told the ICB board in March.", "as Paul Mensah put it.",
                 "as Dr Paul Mensah, the medical director, said in his blog."):
        assert shown(f"“{HOME},” {tail}", [MENSAH, FEMI]) == [("Dr Paul Mensah", HOME)], tail
    for tail in ("as Dr Paul Mensah recalls a patient telling him.", "as Dr Paul Mensah and Femi Adebayo said.",
                 "as Dr Paul Mensah's deputy said.", "as Dr Paul Mensah heard a daughter say.",
                 "as a patient told Dr Paul Mensah."):
        assert shown(f"“{HOME},” {tail}", [MENSAH, FEMI]) == [], tail
