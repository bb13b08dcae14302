"""Quotation classes round thirteen of the adversarial set found (tests/data/quotes_adversarial/adv13-*,
BENCHMARKS.md "A thirteenth round"): each test failed before its fix."""

from test_quotes import attributed

from index.documents import Person

POWELL = Person("Rhodri Powell", "Therapy manager", "Bro Teifi Stroke Partnership")
VAUGHAN = Person("Dr Eleri Vaughan", "Clinical lead for stroke", "Bro Teifi Stroke Partnership")
WORDS = "We are seeing stroke patients sooner than ever, and the therapists follow them home."


def shown(text: str, people) -> list[tuple[str, str]]:
    """(person, words) for every credited quotation with words (an empty one only hides an attribution line)."""
    return [(name, words) for name, words in attributed(text, people) if words]


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
