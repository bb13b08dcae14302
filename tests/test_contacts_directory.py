"""The contacts directory: contacts.yaml, merging with the corpus, search, --check, suggestions."""

from pathlib import Path

import pytest
from corpus_helpers import open_answerer

from bot.answer import Contact, Identity
from bot.contacts.build import build_directory
from bot.contacts.check import check_directory
from bot.contacts.file import ContactDetails, ContactsFileError, load_contact_details
from bot.contacts.identities import identities
from bot.contacts.suggest import names_place, places, suggest_contacts

HARTLEY_OPTS_OUT = "people:\n  - name: Julian Hartley\n    contactable: false\n"


def write_contacts(folder: Path, text: str) -> Path:
    path = folder / "contacts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_contacts_file_gives_every_optional_detail(tmp_path):
    write_contacts(tmp_path, """people:
  - name: Dr Fiona Goudie
    slack_user_id: U0123ABCD
    email: fiona@example.nhs.uk
    teams_upn: fiona@example.onmicrosoft.com
    topics: [community connectors, health inequalities]
  - name: Keir Shillaker
    contactable: false
""")
    fiona, keir = load_contact_details(tmp_path)
    assert fiona == ContactDetails("Dr Fiona Goudie", slack_user_id="U0123ABCD", email="fiona@example.nhs.uk",
                                   teams_upn="fiona@example.onmicrosoft.com",
                                   topics=("community connectors", "health inequalities"))
    assert keir.contactable is False and keir.topics == ()


def test_a_missing_or_empty_contacts_file_adds_nothing(tmp_path):
    assert load_contact_details(tmp_path) == []
    write_contacts(tmp_path, "# nothing yet\npeople: []\n")
    assert load_contact_details(tmp_path) == []


@pytest.mark.parametrize("text, expected", [
    ("people:\n  - name: Jo\n    slack_user_id: jo\n", "entry 1 (Jo): `slack_user_id` 'jo' is not a Slack member id"),
    ("people:\n  - name: Jo\n  - role: Chair\n", "entry 2 needs a `name`"),
    ("people:\n  - name: Jo\n    emial: jo@example.org\n", "entry 1 (Jo): unknown field `emial`"),
    ("people:\n  - name: Jo\n    email: not-an-address\n", "entry 1 (Jo): `email` 'not-an-address' is not an address"),
    ("people:\n  - name: Jo\n    contactable: no thanks\n", "entry 1 (Jo): `contactable` must be true or false"),
    ("people:\n  - name: Jo\n    topics: {a: b}\n", "entry 1 (Jo): `topics` must be a list"),
    ("people:\n  - name: Jo Bloggs\n  - name: jo  bloggs\n", "entry 2 (jo  bloggs) repeats entry 1"),
    ("people:\n  - just a name\n", "entry 1 must be a mapping"),
    ("contacts:\n  - name: Jo\n", "expected a top-level `people:` list"),
    ("people:\n  - name: Jo\n  role: Chair\n", "malformed YAML (line 3)"),
])
def test_a_malformed_contacts_file_names_the_file_and_the_entry(tmp_path, text, expected):
    path = write_contacts(tmp_path, text)
    with pytest.raises(ContactsFileError) as error:
        load_contact_details(tmp_path)
    assert str(error.value).startswith(f"{path}: ") and expected in str(error.value)


def test_directory_merges_people_and_organisations_from_the_corpus(answerer):
    directory = build_directory(answerer.index)
    fiona = directory.person("Fiona Goudie")  # honorifics aside
    assert fiona.name == "Dr Fiona Goudie" and fiona.documents == ("shared-purpose-integration-innovation",)
    assert fiona.region == "Sheffield"  # the one of the document's regions her passages name
    assert "shared-purpose" in fiona.enablers
    assert directory.person("Cathy Elliott").region == "West Yorkshire and Harrogate ICS"
    by_name = {o.name: o for o in directory.organisations.values()}
    assert by_name["North East London NHS Foundation Trust"].aliases == ("NELFT",)  # its initials
    assert "West Yorkshire" in by_name["West Yorkshire Mental Health, Learning Disability and Autism Services (MHLDA) collaborative"].aliases
    assert "West Yorkshire" not in by_name["South West Yorkshire Partnership NHS Foundation Trust"].aliases
    assert by_name["Kettering General Hospital NHS Foundation Trust"].members == ("Alan Burns",)  # "A and B"
    assert by_name["Salisbury NHS Foundation Trust"].members == ("Dr Duncan Murray",)  # "NHS Salisbury …"
    assert by_name["West Yorkshire and Harrogate ICS"].members == ("Keir Shillaker",)  # from his role alone


def test_contacts_yaml_details_join_the_person_they_name(answerer):
    details = [ContactDetails("Fiona Goudie", teams_upn="fiona@example.org", topics=("connectors",)),
               ContactDetails("Keir Shillaker", teams_upn="keir@example.org", contactable=False),
               ContactDetails("Pat Nobody", role="Chair")]
    directory = build_directory(answerer.index, details)
    assert directory.person("Dr Fiona Goudie").topics == ("connectors",)
    identify = identities(directory.people.values())
    assert identify(Contact("Dr Fiona Goudie", "", "", "", ())) == Identity(teams_upn="fiona@example.org")
    assert identify(Contact("Keir Shillaker", "", "", "", ())) is None  # never someone not contactable
    assert directory.person("Pat Nobody").documents == () and directory.unmatched_details == ("Pat Nobody",)


def test_search_finds_people_and_organisations_by_any_detail(answerer):
    directory = build_directory(answerer.index, [ContactDetails("Anna Field", topics=("weekend surgery lists",))])
    everyone, organisations = directory.search("")
    assert len(everyone) == len(directory.people) and len(organisations) == len(directory.organisations)
    assert [p.name for p in directory.search("cathy")[0]] == ["Cathy Elliott"]
    assert [p.name for p in directory.search("Cathy Eliot")[0]] == ["Cathy Elliott"]  # misspelt
    assert [p.name for p in directory.search("weekend surgery")[0]] == ["Anna Field"]  # a topic
    assert "Julian Hartley" in {p.name for p in directory.search("building trust")[0]}  # an enabler he speaks to
    assert [p.name for p in directory.search("Sheffield")[0]] == ["Dr Fiona Goudie"]  # a region
    assert "North East London NHS Foundation Trust" in {o.name for o in directory.search("NELFT")[1]}
    assert directory.search("zzqx wvvk") == ([], [])


def test_check_reports_unlisted_people_and_details_whose_documents_are_gone(settings, embedder):
    doc = settings.knowledge_dir / "key-enablers-provider-collaboratives.md"
    doc.write_text(doc.read_text() + "\nDr Jane Smith said so.\n\n> A quotation long enough to count here.\n>\n"
                   "> — Pat Jones, Director, Example Trust\n")
    write_contacts(settings.knowledge_dir, "people:\n  - name: Someone Whose Document Went\n")
    answerer = open_answerer(settings, embedder)
    check = check_directory(answerer.corpus.directory, answerer.index)
    assert {(u.name, u.document_id) for u in check.unlisted} == {
        ("Dr Jane Smith", "key-enablers-provider-collaboratives"), ("Pat Jones", "key-enablers-provider-collaboratives")}
    assert check.without_documents == ("Someone Whose Document Went",) and not check.ok


def test_check_passes_on_the_bundled_corpus(answerer):
    check = check_directory(answerer.corpus.directory, answerer.index)
    assert check.ok, check


def test_answer_contacts_come_from_the_directory_and_skip_the_uncontactable(settings, embedder):
    question = "red lines open book finances trust at board level"
    answerer = open_answerer(settings, embedder)
    assert "Julian Hartley" in [c.name for c in answerer.answer(question).contacts]
    write_contacts(settings.knowledge_dir, HARTLEY_OPTS_OUT)
    answerer = open_answerer(settings, embedder)
    answer = answerer.answer(question)
    assert answer.snippets and "Julian Hartley" not in [c.name for c in answer.contacts]


def test_a_topic_someone_is_happy_to_discuss_moves_them_up(answerer):
    snippets = answerer.answer("How did the West Yorkshire trusts set up their committee in common?").snippets
    plain = suggest_contacts("committee in common", snippets, build_directory(answerer.index))
    assert [c.name for c in plain[:2]] == ["Cathy Elliott", "Keir Shillaker"]
    keen = build_directory(answerer.index, [ContactDetails("Keir Shillaker", topics=("committee in common",))])
    assert suggest_contacts("committee in common", snippets, keen)[0].name == "Keir Shillaker"


def test_a_document_naming_nobody_suggests_its_organisation(answerer):
    answer = answerer.answer("What did NELFT and ELFT explore about formalising partnership arrangements?")
    first = answer.contacts[0]
    assert first.name == "North East London NHS Foundation Trust" and not first.is_person
    assert first.reason.startswith("Region: North East London. Its work is described in Case study: North East London NHS")
    assert first.reason not in answer.snippets[0].text and first.quote == ""


@pytest.mark.parametrize(("names", "expected"), [
    (("Greater Manchester Health and Care Partnership",), ("Greater Manchester Health and Care Partnership", "Greater Manchester")),
    (("The Dudley Group NHS Foundation Trust",), ("The Dudley Group NHS Foundation Trust", "Dudley")),
    (("Selby Town Primary Care Network (PCN)",), ("Selby Town Primary Care Network (PCN)", "Selby")),
    (("West Yorkshire and Harrogate ICS", "BSW"), ("West Yorkshire and Harrogate ICS", "West Yorkshire", "Harrogate", "BSW")),
    # the words describing a body are not places; another body after "... Trust and" has its own
    (("West Yorkshire Mental Health, Learning Disability and Autism Services (MHLDA) collaborative",),
     ("West Yorkshire Mental Health, Learning Disability and Autism Services (MHLDA) collaborative", "West Yorkshire",
      "MHLDA")),
    (("Northampton General Hospital NHS Trust and Kettering General Hospital NHS Foundation Trust",),
     ("Northampton General Hospital NHS Trust and Kettering General Hospital NHS Foundation Trust", "Northampton",
      "Kettering")),
    (("Leeds and York Partnership NHS Foundation Trust", "Bath and North East Somerset, Swindon and Wiltshire"),
     ("Leeds and York Partnership NHS Foundation Trust", "Leeds", "York",
      "Bath and North East Somerset, Swindon and Wiltshire", "Bath", "North East Somerset", "Swindon", "Wiltshire")),
])
def test_the_places_an_organisation_stands_for_are_its_name_and_the_places_in_it(names, expected):
    assert places(*names) == expected


def test_a_question_names_a_place_in_whole_words_and_an_acronym_in_capitals():
    manchester = places("Greater Manchester Health and Care Partnership")
    assert names_place("who can I talk to in greater manchester about beds?", manchester)
    assert not names_place("who can I talk to in Manchester about beds?", manchester)  # not the whole place
    assert names_place("anyone at BSW?", places("BSW")) and not names_place("anyone at bsw?", places("BSW"))
    assert not names_place("who ran the care partnership?", manchester)  # words that say what kind of body


def test_a_question_names_a_place_with_a_hyphen_or_an_ampersand_and_not_by_the_words_describing_a_body():
    mhlda = places("West Yorkshire Mental Health, Learning Disability and Autism Services (MHLDA) collaborative")
    assert names_place("who in west yorkshire ran it?", mhlda) and names_place("anyone at the MHLDA?", mhlda)
    assert not names_place("who has worked on learning disability?", mhlda)
    assert not names_place("autism services for children?", mhlda)
    nelft = places("North East London NHS Foundation Trust", "North East London; Kent and Medway ICS", "NELFT")
    for question in ["anyone at NELFT?", "who in north east london?", "who in North-East London?",
                     "anyone in north–east london", "Kent & Medway people?", "anyone in kent&medway"]:
        assert names_place(question, nelft), question
    assert not names_place("anyone in east london?", nelft) and not names_place("anyone in the north east?", nelft)


def test_a_misspelt_place_is_found_as_the_question_is_searched(answerer):
    question = "who can I talk to in Sheffeld about shared purpose?"
    answer = answerer.answer(question)
    assert answer.contacts[0].name == "Dr Fiona Goudie"
    # On passages that lead elsewhere, only the place as searched ("Sheffield") puts her first.
    snippets, directory = list(answer.snippets)[::-1], build_directory(answerer.index)
    as_asked = suggest_contacts(question, snippets, directory)
    assert as_asked[0].name != "Dr Fiona Goudie" and "Dr Fiona Goudie" in [c.name for c in as_asked]
    searched = question.replace("Sheffeld", "Sheffield")
    assert suggest_contacts(question, snippets, directory, searched=searched)[0].name == "Dr Fiona Goudie"


def test_contacts_from_a_place_the_question_names_come_first(answerer):
    snippets = answerer.answer("How did Greater Manchester and Sheffield build a shared purpose?").snippets
    directory = build_directory(answerer.index)
    anywhere = [c.name for c in suggest_contacts("shared purpose", snippets, directory)]
    for place, person in [("Greater Manchester", "Sir Richard Leese"), ("Sheffield", "Dr Fiona Goudie"), ("Selby", "Dr Nick Jackson")]:
        local = [c.name for c in suggest_contacts(f"who can I talk to in {place} about shared purpose?", snippets, directory)]
        assert local[0] == person and sorted(local) == sorted(anywhere), place
        assert local[1:] == [name for name in anywhere if name != person]  # the rest in their own order
