"""The phrase lookup that replaced a regular expression per alias of every document on the answer
path: it must find exactly what `mentions` finds, however many documents there are."""

from bot.named_in_corpus import document_names
from index import PhraseFinder, mentions

NAMES = [
    ("NELFT", "nelft", False),
    ("BSW", "bsw", False),
    ("West Yorkshire", "mhlda", True),
    ("South West Yorkshire Partnership NHS Foundation Trust", "swypft", True),
    ("Bath & North East Somerset", "banes", True),
    ("St. Helens", "helens", True),
    ("Leeds Teaching Hospitals NHS Trust", "leeds", True),
    ("Leeds", "leeds-city", True),
    ("&", "ampersand", True),
]
QUESTIONS = [
    "What did NELFT do?", "what did nelft do?", "How did BSW and the West Yorkshire collaborative work?",
    "Tell me about south west yorkshire partnership nhs foundation trust", "West Yorkshires?",
    "Bath & North East Somerset's approach", "Bath and North East Somerset", "St. Helens and St Helens",
    "Leeds Teaching Hospitals NHS Trusts", "LeedsTeaching", "A & B", "A&B", "", "   ", "NHS", "nhs trust leeds",
    "West\nYorkshire", "west  yorkshire", "Rotherham (NELFT)", "BSWs", "x" * 1000,
]


def test_finds_exactly_what_mentions_finds():
    finder = PhraseFinder(NAMES)
    for question in QUESTIONS:
        expected = {key for phrase, key, ignore_case in NAMES if mentions(question, phrase, ignore_case=ignore_case)}
        assert finder.found(question) == expected, question


def test_a_document_named_in_a_question_is_found_among_thousands(corpus):
    documents = list(corpus.index.documents.values())
    finder = document_names(documents)
    assert finder.found("What did the MHLDA collaborative in West Yorkshire do?") == {"west-yorkshire-mhlda-collaborative"}
    many = PhraseFinder([*((f"Trust Number {i}", f"doc-{i}", True) for i in range(5000)),
                         *((name, doc.id, not name.isupper()) for doc in documents for name in doc.aliases + doc.organisations)])
    assert many.found("How did trust number 4321 and the MHLDA collaborative work?") == {
        "doc-4321", "west-yorkshire-mhlda-collaborative"}
    assert many.found("How did trust number 43210 work?") == set()
    for doc in documents:
        for name in doc.aliases + doc.organisations:
            assert doc.id in many.found(f"What has {name} learnt?"), name
