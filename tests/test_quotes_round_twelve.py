"""Quotation classes round twelve of the adversarial set found (tests/data/quotes_adversarial/adv12-*,
BENCHMARKS.md "A twelfth round"): each test failed before its fix."""

import json
import os

from test_cli import run
from test_quotes import attributed

from index.chunking import parse_blocks
from index.documents import Person

HOLLOWAY = Person("Professor Jane Holloway", "Clinical director", "Northvale Stroke Network")
ELLERY = Person("Martin Ellery", "Stroke coordinator", "Northvale Stroke Network")
RAO = Person("Dr Anjali Rao", "Orthogeriatric lead", "Kestrel General Hospital NHS Trust")
WORDS = "Thrombectomy around the clock was never going to happen site by site."


def test_post_nominals_after_a_listed_name_do_not_hide_the_speaker():
    """"Professor Jane Holloway CBE FRCP, the network's clinical director, said:" was left to no one when the
    front matter lists her without her honours; letters that are no honour after the name still stop it."""
    for lead in ("Professor Jane Holloway CBE FRCP, the network's clinical director, said:",
                 "Professor Jane Holloway CBE FRCP said:", "Jane Holloway OBE FRCP(Edin), clinical director,\nsaid:",
                 "Professor Jane Holloway CBE, the clinical director, said:"):
        assert attributed(f"{lead} “{WORDS}”", [HOLLOWAY, ELLERY]) == [("Professor Jane Holloway", WORDS)], lead
    for lead in ("Professor Jane Holloway NHS, the network's clinical director, said:",
                 "Professor Jane Holloway CBE FRCP and Martin Ellery said:",
                 "A patient of Professor Jane Holloway CBE FRCP said:"):
        assert attributed(f"{lead} “{WORDS}”", [HOLLOWAY, ELLERY]) == [], lead


def test_a_short_quotation_a_listed_persons_attribution_splits_carries_its_credit_to_the_rest():
    """"“We began,” said Martin Ellery, “with the boards of the three trusts.”": the first part has under six
    words, so it was never read, and the rest, with nothing of its own sentence before it, was no one's. The short
    part itself stays the document's text (too short to show as anyone's quotation)."""
    rest = "with the boards of the three trusts, and only then with the scanners."
    for text in (f"“We began,” said Martin Ellery, “{rest}”",
                 f"The scanner opened. “We began”, said Martin Ellery, the coordinator, “{rest}”"):
        assert attributed(text, [ELLERY, HOLLOWAY]) == [("Martin Ellery", rest)], text
    for text in (f"The “bed bureau,” said Martin Ellery, “{rest}”",  # a term inside a sentence, not its opening
                 f"“We began,” said a porter, “{rest}”", f"“We began,” said Martin Ellery's deputy, “{rest}”",
                 f"“We began,” said Martin Ellery and Professor Jane Holloway, “{rest}”"):
        assert attributed(text, [ELLERY, HOLLOWAY]) == [], text


def test_a_word_a_pdf_broke_at_a_lines_end_is_whole_again():
    """Text extracted from a PDF: "“We moved the orthogeri-\\natrician …”" was shown as Dr Rao's words with
    "orthogeri- atrician" in them; a compound broken after its hyphen keeps the hyphen, never a space."""
    text = parse_blocks("Dr Anjali Rao said: “We moved the orthogeri-\natrician to the front door, and the\n"
                        "seven-\nday service followed.”\n")[0].text
    assert "orthogeriatrician to the front door" in text and "seven-day service" in text
    assert attributed("Dr Anjali Rao said: “We moved the orthogeri-\natrician to the front door in the first\n"
                      "quarter.”", [RAO]) == [("Dr Anjali Rao", "We moved the orthogeriatrician to the front door in "
                                                               "the first quarter.")]
    assert parse_blocks("Costs fell - \nsharply.\n")[0].text == "Costs fell - sharply."


def test_round_twelve_through_ask_json(tmp_path, corpus_dir):
    """`peerbot ask --json` over a PDF's text and a split quotation: each contact's quotation is their own words,
    whole, and words the document gives no one are no one's."""
    (corpus_dir / "adv12-hips.txt").write_text(
        "---\ntitle: Hip fracture care in Kestrel\npublisher: Example Trust\npeople:\n- name: Dr Anjali Rao\n"
        "  role: Orthogeriatric lead\n  organisation: Kestrel General Hospital NHS Trust\n- name: Professor Jane "
        "Holloway\n  role: Clinical director\n  organisation: Kestrel Orthopaedic Network\n---\n\n"
        "Kestrel moved its orthogeriatricians to the front door for every hip fracture patient.\n\n"
        "Dr Anjali Rao said: “We moved the orthogeri-\natrician to the front door, and hip fracture surgery\n"
        "came a day sooner in the first quarter.”\n\n"
        "Professor Jane Holloway CBE FRCP, the network's clinical director, said: “No single trust could\n"
        "have staffed a seven-day orthogeriatric hip fracture service on its own.”\n\n"
        "One director said: “The hip fracture rota was hard going for the first month on both sites.”\n",
        encoding="utf-8")
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing"}
    answer = run(["ask", "--json", "How did Kestrel move orthogeriatricians to the front door for hip fracture?"],
                 env)
    assert answer.returncode == 0, answer.stderr
    shown = json.loads(answer.stdout)
    spoken = [((s["speaker"] or {}).get("name"), s["text"]) for snippet in shown["snippets"] if snippet["document"]["id"] == "adv12-hips"
              for s in snippet["segments"] if s["kind"] != "editorial"]
    assert ("Dr Anjali Rao", "We moved the orthogeriatrician to the front door, and hip fracture surgery came a day "
            "sooner in the first quarter.") in spoken
    assert ("Professor Jane Holloway", "No single trust could have staffed a seven-day orthogeriatric hip fracture "
            "service on its own.") in spoken
    assert all(speaker is None for speaker, text in spoken if "hard going" in text)
    assert all(c["quote"] is None or "hard going" not in c["quote"] for c in shown["contacts"])
