"""Quotation classes round fourteen found (tests/data/quotes_adversarial/adv14-*, BENCHMARKS.md "A fourteenth
round"): each taking test failed before its fix, each with its must-not-take cases."""

import json
import os

from test_cli import run
from test_quotes import shown

from index.documents import Person

RENWICK = Person("Mr Tobias Renwick", "Consultant spinal surgeon", "Caldermoor Teaching Hospitals NHS Trust")
OSEI = Person("Dr Malik Osei", "Medical director", "Penhallow and District NHS Foundation Trust")
WORDS = "Every referral now lands on one desk, and a spinal surgeon looks at it within two working days."


def test_a_paraphrase_credited_to_the_speaker_is_no_ones_words():
    """"“…,” said Name (paraphrased).": the writer's version of what someone said was shown as their words, as a
    translation was before round thirteen; a note that the words are paraphrased, not verbatim, not their exact
    words, the writer's words or "words to that effect", before or after them, after "he said" or on a
    blockquote's attribution line, leaves them to no one."""
    for text in (f"“{WORDS}” said Mr Tobias Renwick (paraphrased).",
                 f"“{WORDS}” — Mr Tobias Renwick, paraphrased",
                 f"“{WORDS}” Mr Tobias Renwick said (not his exact words).",
                 f"“{WORDS}” said Mr Tobias Renwick (quote not verbatim).",
                 f"“{WORDS}” said Mr Tobias Renwick, or words to that effect.",
                 f"“{WORDS}” said Mr Tobias Renwick, in effect.",
                 f"“{WORDS}” said Mr Tobias Renwick (our words, not his).",
                 f"Mr Tobias Renwick opened the hub. “{WORDS}” he said (paraphrasing).",
                 f"Mr Tobias Renwick said, in paraphrase: “{WORDS}”",
                 f"Mr Tobias Renwick said (paraphrasing the network's report): “{WORDS}”",
                 f"> {WORDS}\n>\n> — Mr Tobias Renwick (paraphrased from the board minutes)"):
        assert shown(text, [RENWICK, OSEI]) == [], text


def test_words_only_mentioning_a_paraphrase_keep_their_credit():
    """Must not take: the speaker's own words, a paraphrase inside the quotation, "in his own words", "(his words)",
    a clause about paraphrasing something else, and a blockquote's plain attribution line."""
    own = "We stopped paraphrasing the national guidance and wrote our own words to that effect."
    for text, words in ((f"“{WORDS}” said Mr Tobias Renwick.", WORDS),
                        (f"“{WORDS}” said Mr Tobias Renwick, in his own words.", WORDS),
                        (f"“{WORDS}” said Mr Tobias Renwick (his words).", WORDS),
                        (f"“{WORDS}” said Mr Tobias Renwick, who refused to paraphrase the audit.", WORDS),
                        (f"Mr Tobias Renwick said: “{own}”", own),
                        (f"> {WORDS}\n>\n> — Mr Tobias Renwick, consultant spinal surgeon", WORDS)):
        assert shown(text, [RENWICK, OSEI]) == [("Mr Tobias Renwick", words)], text


def test_words_passed_on_from_someone_else_are_no_ones():
    """"“…,” said Name, relaying the porters' view.": words a speaker passes on as another's were shown as the
    speaker's; "relaying", "passing on", "borrowing a line from", "attributing it to", "misquoting", "reciting",
    "in the words of …" and "in a porter's words", after the name, in an appositive before the verb or on a
    blockquote's attribution line, are relayed speech as "quoting" was."""
    for text in (f"“{WORDS}” said Mr Tobias Renwick, relaying the porters' view.",
                 f"“{WORDS}” said Mr Tobias Renwick, passing on a porter's words.",
                 f"“{WORDS}” said Mr Tobias Renwick, borrowing a line from his predecessor.",
                 f"“{WORDS}” Mr Tobias Renwick said, attributing the line to his predecessor.",
                 f"“{WORDS}” said Mr Tobias Renwick, misquoting the chief executive.",
                 f"“{WORDS}” said Mr Tobias Renwick, reciting the network's charter.",
                 f"“{WORDS}” Mr Tobias Renwick said, in the words of the porters' union.",
                 f"“{WORDS}” said Mr Tobias Renwick, in a porter's words.",
                 f"Mr Tobias Renwick, relaying the porters' view, said: “{WORDS}”",
                 f"> {WORDS}\n>\n> — Mr Tobias Renwick, consultant spinal surgeon, relaying a porter's words"):
        assert shown(text, [RENWICK, OSEI]) == [], text


def test_a_speakers_own_words_on_anothers_behalf_keep_their_credit():
    """Must not take: "on behalf of the porters", "in his own words", a post after the name, a clause that borrows
    nothing from anyone, and a place called Reading on an attribution line."""
    for text in (f"“{WORDS}” said Mr Tobias Renwick, on behalf of the porters.",
                 f"“{WORDS}” said Mr Tobias Renwick, in his own words.",
                 f"“{WORDS}” said Mr Tobias Renwick, consultant spinal surgeon at Caldermoor.",
                 f"“{WORDS}” said Mr Tobias Renwick, whose team borrowed nothing.",
                 f"> {WORDS}\n>\n> — Mr Tobias Renwick, consultant spinal surgeon, Reading"):
        assert shown(text, [RENWICK, OSEI]) == [("Mr Tobias Renwick", WORDS)], text


def test_words_a_correction_note_quotes_are_no_ones():
    """"“A,” said Dr Malik Osei." and later "Correction: an earlier version attributed the line “A” to Dr Malik Osei.
    It was said by Mr Tobias Renwick.": the body's credit was shown though the document says it was wrong; words a
    correction note quotes ("Correction:", "was wrongly attributed", "misattributed", "attributed … in error",
    "amended to correct the attribution") are no one's anywhere in the document."""
    body = f"“{WORDS}” said Dr Malik Osei.\n\n"
    line = WORDS.rstrip(".")
    for note in (f"Correction: an earlier version of this article attributed the line “{line}” to Dr Malik Osei. "
                 "It was said by Mr Tobias Renwick.",
                 f"*This article was amended on 3 December: the quotation “{line}” was wrongly attributed.*",
                 f"The line “{line}” was misattributed in our November issue.",
                 f"We attributed “{line}” to the medical director in error.",
                 f"This story was amended to correct the attribution of “{line}”."):
        assert shown(body + note, [RENWICK, OSEI]) == [], note


def test_a_correction_about_other_words_leaves_a_credit_alone():
    """Must not take: a correction note quoting other words, and a correction inside the speaker's own words."""
    body = f"“{WORDS}” said Dr Malik Osei.\n\n"
    note = "Correction: the scan figures in our last issue were wrong; the “one list for both trusts” figure was 40 per cent."
    assert shown(body + note, [RENWICK, OSEI]) == [("Dr Malik Osei", WORDS)]
    own = "We made two corrections to the triage rules before the hub was safe for both trusts."
    assert shown(f"“{own}” said Dr Malik Osei.", [RENWICK, OSEI]) == [("Dr Malik Osei", own)]


def test_round_fourteen_through_ask_json(tmp_path, corpus_dir):
    """`peerbot ask --json` over a news item: a paraphrase credited to its speaker is no one's; a quotation then
    "— Name, responding to Other's comment that “…”" is Name's, and the other's words in the editorial are no one's."""
    (corpus_dir / "adv14-spinal.md").write_text(
        "---\ntitle: Caldermoor spinal triage hub\npublisher: Example Trust\npeople:\n- name: Mr Tobias Renwick\n"
        "  role: Consultant spinal surgeon\n  organisation: Caldermoor Teaching Hospitals NHS Trust\n"
        "- name: Dr Malik Osei\n  role: Medical director\n  organisation: Penhallow and District NHS Foundation Trust\n"
        "---\n\nCaldermoor and Penhallow now triage every spinal referral through one hub.\n\n"
        f"“{WORDS}” — Mr Tobias Renwick, responding to Dr Malik Osei's comment that the spinal triage hub was "
        "“a luxury two small trusts cannot afford”.\n\n"
        "“The spinal triage hub paid for itself in eight months because we stopped doing scans twice,” said "
        "Dr Malik Osei (paraphrased).\n", encoding="utf-8")
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing"}
    answer = run(["ask", "--json", "How did Caldermoor and Penhallow triage every spinal referral through one hub?"], env)
    assert answer.returncode == 0, answer.stderr
    segments = [((s["speaker"] or {}).get("name"), s["text"]) for snippet in json.loads(answer.stdout)["snippets"]
                if snippet["document"]["id"] == "adv14-spinal" for s in snippet["segments"]]
    assert ("Mr Tobias Renwick", WORDS) in segments
    assert any("paid for itself" in text for _, text in segments)  # shown, as the document's text
    assert all(speaker is None for speaker, text in segments if "paid for itself" in text or "a luxury" in text)
