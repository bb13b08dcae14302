"""Quotation classes probed beside round fifteen (tests/data/quotes_adversarial/adv15-*, BENCHMARKS.md "A fifteenth
round"): words the document says were never said, only claimed, withdrawn or struck through. Each taking test failed
before its fix, each with its must-not-take cases; the last reads every answer surface."""

from corpus_helpers import open_answerer
from quote_oracle import normal, who
from test_quote_invariants import answer_surfaces
from test_quotes import shown

from index.chunking import chunk_blocks
from index.documents import Person, load_document
from index.preparing import document_blocks
from index.quotes import find_quotations

MOREAU = Person("Dr Ines Moreau", "Chief executive", "Cairnmore Mental Health NHS Trust")
WIERZBICKI = Person("Tomasz Wierzbicki", "Ward manager", "Cairnmore Mental Health NHS Trust")
PEOPLE = [MOREAU, WIERZBICKI]
WORDS = "We will close Larch ward this winter and move every patient at once."
SAID = WORDS.rstrip(".")


def test_words_a_lead_says_were_never_said_or_only_claimed_are_no_ones():
    """"At no point did Dr Ines Moreau say: “…”" was shown as her words: before the name, a negation or an inverted
    "did"/"had" (never said, counterfactual, a question), or a claim, an allegation, a rumour or an imagined scene,
    leaves the words to no one."""
    for lead in ("At no point did Dr Ines Moreau say:", "Never did Dr Ines Moreau say:", "Not once did Dr Ines Moreau say:",
                 "Nobody heard Dr Ines Moreau say:", "Critics claim Dr Ines Moreau said:",
                 "The paper claimed Dr Ines Moreau said:", "It was claimed that Dr Ines Moreau said:",
                 "Allegedly, Dr Ines Moreau said:", "Rumour has it that Dr Ines Moreau said:",
                 "Suppose Dr Ines Moreau said:", "Imagine Dr Ines Moreau saying:", "If Dr Ines Moreau had said:",
                 "It is untrue that Dr Ines Moreau said:", "The paper wrongly reported that Dr Ines Moreau said:"):
        assert shown(f"{lead} “{WORDS}”", PEOPLE) == [], lead
    assert shown(f"Had Dr Ines Moreau said “{SAID}”, the unions would have walked out.", PEOPLE) == []


def test_a_lead_that_only_sets_the_scene_keeps_its_credit():
    """Must not take: a time, a place, a participle or "When asked" before the name, "Only later did", a paper
    reporting what she said, and a patient's negation inside her words."""
    for lead in ("Last week Dr Ines Moreau said:", "Speaking at the launch, Dr Ines Moreau said:",
                 "When asked, Dr Ines Moreau said:", "Only later did Dr Ines Moreau say:", "In 2021 Dr Ines Moreau told us:",
                 "The BBC reported that Dr Ines Moreau said:", "At the launch, Dr Ines Moreau said:"):
        assert shown(f"{lead} “{WORDS}”", PEOPLE) == [("Dr Ines Moreau", WORDS)], lead
    own = "Nobody will be moved twice, and we never close a ward without a plan."
    assert shown(f"Dr Ines Moreau said: “{own}”", PEOPLE) == [("Dr Ines Moreau", own)]


def test_words_the_writer_does_not_vouch_for_after_the_credit_are_no_ones():
    """"“…,” said Dr Ines Moreau, allegedly." (or "or so the paper claimed", "according to a recording she disputes")
    was shown as hers."""
    for tail in ("said Dr Ines Moreau, allegedly.", "said Dr Ines Moreau, or so the paper claimed.",
                 "said Dr Ines Moreau, according to a leaked recording she disputes.",
                 "said Dr Ines Moreau, supposedly."):
        assert shown(f"“{SAID},” {tail}", PEOPLE) == [], tail


def test_words_the_speaker_voices_for_someone_else_are_no_ones():
    """"“…,” Dr Ines Moreau said the letter read." and "…, mimicking her predecessor" were shown as hers: a clause with
    its own subject after her speech verb (the letter read, her predecessor promised), or her mimicking, imitating,
    parodying or mocking someone, makes them another's words, as "quoting" does."""
    for tail in ("Dr Ines Moreau said the letter read.", "Dr Ines Moreau says her predecessor promised.",
                 "Dr Ines Moreau said, mimicking her predecessor.", "Dr Ines Moreau said, imitating the union.",
                 "Dr Ines Moreau said, parodying the old plan.", "said Dr Ines Moreau, mocking the old plan."):
        assert shown(f"“{SAID},” {tail}", PEOPLE) == [], tail


def test_a_time_or_an_audience_after_the_verb_keeps_the_credit():
    """Must not take: "this week", "the next day", "the day the plan was published", "told the board", "in a
    statement", a clause after a comma and "and"."""
    for tail in ("Dr Ines Moreau said this week.", "Dr Ines Moreau said the next day.",
                 "said Dr Ines Moreau the day the plan was published.", "Dr Ines Moreau told the board.",
                 "Dr Ines Moreau said in a statement.", "Dr Ines Moreau said, and the board agreed."):
        assert shown(f"“{SAID},” {tail}", PEOPLE) == [("Dr Ines Moreau", SAID)], tail


def test_a_line_the_writer_does_not_vouch_for_leaves_the_words_to_no_one():
    """"> …" over "— Dr Ines Moreau (disputed)" (or "— attributed to …", "(attrib.)", "(unverified)", "(satire)",
    "(struck from the minutes)", ", as misreported by the Gazette") was shown as hers; so was "“…,” said Dr Ines
    Moreau, according to the union" (second-hand) and ", reportedly"."""
    for line in ("— Dr Ines Moreau (disputed)", "— attributed to Dr Ines Moreau", "— often attributed to Dr Ines Moreau",
                 "— Dr Ines Moreau (attrib.)", "— Dr Ines Moreau (apocryphal)", "— Dr Ines Moreau (unverified)",
                 "— Dr Ines Moreau, allegedly", "— Dr Ines Moreau (words she denies saying)",
                 "— Dr Ines Moreau (struck from the minutes)", "— Dr Ines Moreau, as misreported by the Gazette",
                 "— Dr Ines Moreau (satire)", "— Dr Ines Moreau (in a parody)"):
        assert shown(f"> {WORDS}\n>\n> {line}", PEOPLE) == [], line
    for tail in ("said Dr Ines Moreau, according to the union.", "said Dr Ines Moreau, according to two people at the meeting.",
                 "said Dr Ines Moreau, reportedly.", "said Dr Ines Moreau (unverified).",
                 "said Dr Ines Moreau, if the minutes are right.", "said Dr Ines Moreau, in a satirical sketch."):
        assert shown(f"“{SAID},” {tail}", PEOPLE) == [], tail
    assert shown(f"> {WORDS}\n>\n> — Dr Ines Moreau, chief executive", PEOPLE) == [("Dr Ines Moreau", WORDS)]
    assert shown(f"“{SAID},” according to Dr Ines Moreau.", PEOPLE) == [("Dr Ines Moreau", SAID)]


def test_a_speaker_the_sentence_says_did_not_say_it_is_not_credited():
    """"It was the union, not Dr Ines Moreau, who said: “…”" was shown as hers (the name just before ", who said");
    "rather than" too. Must not take: "That view was not shared by Dr Ines Moreau, who said:", "Tomasz Wierzbicki
    thanked Dr Ines Moreau, who said:"."""
    for lead in ("It was the union, not Dr Ines Moreau, who said:", "It was the union, rather than Dr Ines Moreau, who said:"):
        assert shown(f"{lead} “{WORDS}”", PEOPLE) == [], lead
    for lead in ("That view was not shared by Dr Ines Moreau, who said:", "Tomasz Wierzbicki thanked Dr Ines Moreau, who said:"):
        assert shown(f"{lead} “{WORDS}”", PEOPLE) == [("Dr Ines Moreau", WORDS)], lead


def test_withdrawn_words_are_no_ones():
    """"“…,” said Name (this quotation was later withdrawn)." was shown as hers: a note after the credit, on a
    blockquote's line or in the paragraph's next sentence that the words were withdrawn or retracted leaves them to
    no one."""
    for text in (f"“{SAID},” said Dr Ines Moreau (this quotation was later withdrawn).",
                 f"“{SAID},” said Dr Ines Moreau (a remark she later retracted).",
                 f"“{SAID},” said Dr Ines Moreau — a line she later withdrew.",
                 f"“{SAID},” said Dr Ines Moreau [withdrawn].",
                 f"“{SAID},” said Dr Ines Moreau. She later withdrew the remark.",
                 f"Dr Ines Moreau said: “{WORDS}” She took back the comment a day later.",
                 f"> {WORDS}\n>\n> — Dr Ines Moreau (withdrawn)"):
        assert shown(text, PEOPLE) == [], text


def test_words_only_mentioning_a_withdrawal_keep_their_credit():
    """Must not take: withdrawing in the speaker's own words, someone withdrawing from something, and another paragraph
    withdrawing a bid."""
    own = "We withdrew the old discharge pathway and nobody has asked for it back."
    assert shown(f"“{own}” said Tomasz Wierzbicki.", PEOPLE) == [("Tomasz Wierzbicki", own)]
    assert shown(f"“{SAID},” said Dr Ines Moreau, who withdrew from the race for the chair.", PEOPLE) == [
        ("Dr Ines Moreau", SAID)]
    assert shown(f"“{SAID},” said Dr Ines Moreau.\n\nThe council later withdrew its bid for the site.", PEOPLE) == [
        ("Dr Ines Moreau", SAID)]


def test_struck_through_words_are_no_ones():
    """"~~Dr Ines Moreau said: “…”~~" and "<del>“…,” said Dr Ines Moreau.</del>" were shown as hers: words the
    document strikes through (Markdown's ~~, HTML's <del>, <s> and <strike>) are no one's; a later credit stays."""
    for text in (f"~~Dr Ines Moreau said: “{WORDS}”~~ *Withdrawn at her request.*",
                 f"~~“{SAID},” said Dr Ines Moreau.~~",
                 f"<del>“{SAID},” said Dr Ines Moreau.</del>",
                 f"<s>Dr Ines Moreau said: “{WORDS}”</s>",
                 f"<strike>“{SAID},” said Dr Ines Moreau.</strike>"):
        assert shown(text, PEOPLE) == [], text
    later = "We will move the beds one ward at a time, and no patient will move twice."
    assert shown(f"~~“{SAID},” said Dr Ines Moreau.~~\n\n“{later}” said Dr Ines Moreau.", PEOPLE) == [("Dr Ines Moreau", later)]


def test_a_web_pages_struck_line_is_no_ones(tmp_path):
    """A page read by the HTML reader: `<del>` and `<s>` are struck as `~~…~~`, so their quotations are no one's."""
    later = "We will move the beds one ward at a time, and no patient will move twice"
    (tmp_path / "page.html").write_text(
        "<html><body><article><h1>Larch ward</h1><p>Cairnmore is moving its beds into the new hospital.</p>"
        f"<p><del>“{SAID},” said Dr Ines Moreau.</del> This line was withdrawn.</p>"
        f"<p><s>Dr Ines Moreau said: “{WORDS}”</s></p><p>“{later},” said Dr Ines Moreau.</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "page.meta.yaml").write_text(
        "title: Larch ward\npeople:\n- name: Dr Ines Moreau\n  role: Chief executive\n", encoding="utf-8")
    doc = load_document(tmp_path / "page.html")
    assert f"~~“{SAID},” said Dr Ines Moreau.~~" in doc.body
    blocks = document_blocks(doc)
    quotes = [q for qs in find_quotations(chunk_blocks(blocks), doc.people, [b.text for b in blocks if b.kind == "quote"])
              for q in qs if q.name]
    assert [(q.name, q.text) for q in quotes] == [("Dr Ines Moreau", later)]


def test_round_fifteen_on_every_answer_surface(corpus_dir, settings):
    """Terminal text, `--json`, Slack blocks and a Teams card of one answer over a news item: the struck, withdrawn,
    claimed and never-said lines are nobody's on any of them, and the one real credit is shown as hers."""
    real = "We will move the beds one ward at a time, and no patient will move twice,"
    (corpus_dir / "adv15-larch.md").write_text(
        "---\ntitle: Cairnmore moves Larch ward\npublisher: Example Trust\npeople:\n- name: Dr Ines Moreau\n"
        "  role: Chief executive\n  organisation: Cairnmore Mental Health NHS Trust\n---\n\n"
        "Cairnmore is moving Larch ward's inpatient mental health beds into the new hospital one ward at a time.\n\n"
        f"~~“{SAID},” said Dr Ines Moreau.~~ *Withdrawn at her request.*\n\n"
        "Critics claim Dr Ines Moreau said: “Larch ward will shut for good once the new hospital opens.”\n\n"
        "At no point did Dr Ines Moreau say: “The new hospital will have fewer beds than Larch ward.”\n\n"
        "“Every Larch ward patient goes home from the new hospital,” said Dr Ines Moreau (a remark she later "
        f"retracted).\n\n“{real}” Dr Ines Moreau told the council's scrutiny committee about Larch ward.\n",
        encoding="utf-8")
    answerer = open_answerer(settings)
    try:
        answer = answerer.answer("How is Cairnmore moving Larch ward's beds into the new hospital?")
    finally:
        answerer.corpus.close()
    disowned = [normal(w) for w in (SAID, "Larch ward will shut for good", "fewer beds than Larch ward",
                                    "Every Larch ward patient goes home")]
    for surface, rendering in answer_surfaces(answer).items():
        credited = [(normal(words), who(name)) for words, name in rendering.pairs]
        assert not [c for c in credited if any(d in c[0] for d in disowned)], (surface, credited)
        assert (normal(real), "ines moreau") in credited, (surface, credited)
        assert not any(d in text for text in rendering.strings for d in ("““", "””")), surface
