"""Quotation classes round eleven of the adversarial set found (tests/data/quotes_adversarial/adv11-*,
BENCHMARKS.md "An eleventh round"): each test failed before its fix."""

import json
import os

from test_cli import run
from test_quotes import attributed

from index.documents import Person

REID = Person("Callum Reid", "Registered manager", "Harbury Community Hospital")
OKONJO = Person("Dr Miriam Okonjo", "Medical director", "Harbury Community Health NHS Trust")
PIKE = Person("Joanna Pike", "Editor", "Selbury Health News")
MALHOTRA = Person("Dev Malhotra", "Director of finance", "Tavistone Hospitals NHS Trust")
MORGAN = Person("Bethan Morgan", "Epilepsy nurse specialist", "Cwm Orrin University Health Board")
IQBAL = Person("Dr Hamza Iqbal", "Consultant paediatric neurologist", "Orrington Children's Hospital NHS Trust")
CASTELL = Person("Fiona Castell", "Breast screening programme manager", "Brightwater Hospitals NHS Trust")
HUGHES = Person("Gareth Hughes", "Physiotherapy lead", "Glanrhyd University Health Board")
WORDS = "We answer every urgent response referral from one hub now."


def test_a_post_before_the_name_it_holds_opens_the_clause():
    """"The registered manager, Callum Reid, told inspectors:" was left to no one (a post before the name, and
    "told inspectors"); not when the words before the name are someone else's post or a clause."""
    for lead in ("The registered manager, Callum Reid, told inspectors:", "Our registered manager, Callum Reid, said:",
                 "The chief executive of Harbury Community Hospital, Callum Reid, said:",
                 "Leaders were visible. The registered manager, Callum Reid, told the inspection team:",
                 "Callum Reid told inspectors:"):
        assert attributed(f"{lead} “{WORDS}”", [REID, OKONJO]) == [("Callum Reid", WORDS)], lead
    for lead in ("The medical director's deputy, Callum Reid, said:", "The nurse who met Callum Reid, said:",
                 "The registered manager, Callum Reid, and the medical director said:",
                 "The patients of the registered manager, Callum Reid, told inspectors:",
                 "The son of our chief executive, Callum Reid, said:",
                 "The registered manager, Callum Reid, said Dr Miriam Okonjo had told her:"):
        assert attributed(f"{lead} “{WORDS}”", [REID, OKONJO]) == [], lead


def test_where_the_speaker_said_or_wrote_it_may_stand_between_the_verb_and_the_quotation():
    """"Joanna Pike wrote in her editor's note:", "@Name wrote in the team channel:" were left to no one; the
    place must be a statement, note, channel or the like, not a person ("wrote in a letter to Dr Okonjo:")."""
    for lead in ("Joanna Pike wrote in her editor's note:", "@Joanna Pike wrote in the team channel:",
                 "Joanna Pike said in a statement:", "Joanna Pike told the board in Welsh:"):
        assert attributed(f"{lead} “{WORDS}”", [PIKE, OKONJO]) == [("Joanna Pike", WORDS)], lead
    for lead in ("Joanna Pike wrote in a letter to Dr Miriam Okonjo:", "A patient wrote in a note to Joanna Pike:",
                 "Joanna Pike wrote in her editor's note that Dr Miriam Okonjo said:"):
        assert attributed(f"{lead} “{WORDS}”", [PIKE, OKONJO]) != [("Joanna Pike", WORDS)], lead


def test_a_statement_from_a_named_person_is_theirs():
    """Minutes' "**Statement from Dev Malhotra, Director of finance:** “…”" was left to no one; "A statement from
    the chair:" and "Statement from Dev Malhotra's office:" name no one speaking."""
    for lead in ("**Statement from Dev Malhotra, Director of finance:**", "Statement from Dev Malhotra:",
                 "A message from Dev Malhotra:"):
        assert attributed(f"{lead} “{WORDS}”", [MALHOTRA]) == [("Dev Malhotra", WORDS)], lead
    for lead in ("A statement from the chair:", "Statement from Dev Malhotra's office:",
                 "Statement from Dev Malhotra and the chair:"):
        assert attributed(f"{lead} “{WORDS}”", [MALHOTRA]) == [], lead


def test_welsh_meddai_is_said():
    """"“…,” meddai Bethan Morgan." (Welsh: said Bethan Morgan) was left to no one."""
    assert attributed("“Mae’r llinell gyngor epilepsi ar agor bob nos,” meddai Bethan Morgan.", [MORGAN]) == [
        ("Bethan Morgan", "Mae’r llinell gyngor epilepsi ar agor bob nos")]


def test_a_translation_in_brackets_after_a_quotation_is_no_ones():
    """Once "meddai" credited the Welsh, the bracketed English after it ("(“…,” said Name, …)") was credited too:
    a translation is no one's verbatim words. The harness found it (a violation on five surfaces)."""
    paragraph = ("“Diolch i bawb am eu hamynedd,” meddai Gareth Hughes, arweinydd ffisiotherapi. (“Thank you all "
                 "for your patience,” said Gareth Hughes, the physiotherapy lead.)")
    assert attributed(paragraph, [HUGHES]) == [("Gareth Hughes", "Diolch i bawb am eu hamynedd")]
    said = ("“Diolch i bawb am eu hamynedd,” said Gareth Hughes in Welsh. (“Thank you all for your patience,” said "
            "Gareth Hughes.)")
    assert attributed(said, [HUGHES]) == [("Gareth Hughes", "Diolch i bawb am eu hamynedd")]
    english = "“Thank you all for your patience with the new rota,” said Gareth Hughes."
    assert attributed(english, [HUGHES]) == [("Gareth Hughes", "Thank you all for your patience with the new rota")]


def test_an_icon_before_a_quotation_does_not_hide_its_credit():
    """A wiki callout's "📌 “…” — Dr Hamza Iqbal" was left to no one (the icon read as a clause before it); words or
    a bracket before the quotation still do."""
    words = "Families ring one epilepsy advice number, day or night."
    for text in (f"📌 “{words}” — Dr Hamza Iqbal", f"<aside>\n💬 “{words}” — Dr Hamza Iqbal\n</aside>"):
        assert attributed(text, [IQBAL]) == [("Dr Hamza Iqbal", words)], text
    assert attributed(f"The leaflet's headline, “{words}” — Dr Hamza Iqbal chose it.", [IQBAL]) == []


def test_a_quote_callouts_title_is_its_credit():
    """"> [!QUOTE] Bethan Morgan, epilepsy nurse specialist" over the words was left to no one, the marker shown as
    text; a callout's marker is dropped, a quote callout's title credits its words when it names a person, and
    another callout's title stays the document's text."""
    words = "Half my calls used to be about which epilepsy service a family belonged to."
    callout = f"> [!QUOTE] Bethan Morgan, epilepsy nurse specialist\n> “{words}”"
    assert attributed(callout, [MORGAN]) == [("Bethan Morgan", words)]
    for other in (f"> [!QUOTE] From the network's annual report\n> “{words}”", f"> [!QUOTE]\n> “{words}”",
                  f"> [!NOTE] Bethan Morgan, epilepsy nurse specialist\n> “{words}”"):
        assert attributed(other, [MORGAN]) == [], other


def test_a_quotation_three_deep_is_its_outer_speakers():
    """"Fiona Castell said: “One woman wrote to us, ‘My daughter told me “just go, Mum” and …’ Letters like that
    …”" was cut at the innermost marks and left to no one: the outer quotation, nested marks and all, is hers;
    an unlisted outer speaker's is still no one's."""
    words = ("One woman wrote to us, ‘My daughter told me “just go, Mum” and so I went to the screening van.’ "
             "Letters like that are why we kept the mobile units in car parks.")
    assert attributed(f"Fiona Castell said: “{words}”", [CASTELL]) == [("Fiona Castell", words)]
    assert attributed(f"One radiographer, Ann Lee, told us: “{words}”", [CASTELL]) == []


def test_two_people_of_one_name_in_two_documents_are_two_contacts_each_with_their_own_role_and_words(tmp_path,
                                                                                                        corpus_dir):
    """Round ten's leftover: "Sarah Jones", a Hillbrook chief nurse in one document and the Lowbridge hydrotherapy
    lead in another, were one directory entry with the first document's role, so the hydrotherapy lead's row
    read "Chief nurse, Hillbrook" and the chief nurse was "Featured in" the hydrotherapy document. People are now
    keyed by name and organisation where the documents list one name under two: each has their own entry, role,
    documents and quotations; a name under one organisation (and "Lenham Health" beside "Lenham Health NHS
    Foundation Trust") is still one entry."""
    (corpus_dir / "adv-a-stroke.md").write_text(
        "---\ntitle: One stroke network for Hillbrook\npublisher: Example Trust\npeople:\n- name: Sarah Jones\n"
        "  role: Chief nurse\n  organisation: Hillbrook Hospitals NHS Trust\n- name: Amara Nwosu\n"
        "  role: Chief executive\n  organisation: Lenham Health\n---\n\n"
        "“The stroke ward sisters on both sites trusted each other's thrombolysis judgement,” said Sarah Jones.\n",
        encoding="utf-8")
    (corpus_dir / "adv-b-pools.md").write_text(
        "---\ntitle: Two hydrotherapy pools on one timetable in Lowbridge\npublisher: Example Trust\npeople:\n"
        "- name: Sarah Jones\n  role: Hydrotherapy service lead\n  organisation: Lowbridge Hydrotherapy Network\n"
        "- name: Amara Nwosu\n  role: Chief executive\n  organisation: Lenham Health NHS Foundation Trust\n---\n\n"
        "Lowbridge books its two hydrotherapy pools from one timetable.\n\n"
        "“A patient can swim at whichever hydrotherapy pool has a slot first,” said Sarah Jones.\n\n"
        "“The pools' timetable is the one thing both boards agreed on in a week,” said Amara Nwosu.\n",
        encoding="utf-8")
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing"}
    listed = run(["contacts", "--json", "Sarah Jones"], env)
    assert listed.returncode == 0, listed.stderr
    people = sorted((p["role"], p["organisation"], p["documents"]) for p in json.loads(listed.stdout)["people"]
                    if p["name"] == "Sarah Jones")
    assert people == [("Chief nurse", "Hillbrook Hospitals NHS Trust", ["adv-a-stroke"]),
                      ("Hydrotherapy service lead", "Lowbridge Hydrotherapy Network", ["adv-b-pools"])]
    nwosu = [p for p in json.loads(run(["contacts", "--json", "Amara Nwosu"], env).stdout)["people"]
             if p["name"] == "Amara Nwosu"]
    assert [p["documents"] for p in nwosu] == [["adv-a-stroke", "adv-b-pools"]]
    answer = run(["ask", "--json", "How did Lowbridge book its two hydrotherapy pools from one timetable?"], env)
    assert answer.returncode == 0, answer.stderr
    jones = [c for c in json.loads(answer.stdout)["contacts"] if c["name"] == "Sarah Jones"]
    assert jones and (jones[0]["role"], jones[0]["organisation"]) == ("Hydrotherapy service lead",
                                                                      "Lowbridge Hydrotherapy Network")
    assert jones[0]["document_ids"] == ["adv-b-pools"] and "thrombolysis" not in json.dumps(jones[0])
    assert jones[0]["quote"] in (None, "A patient can swim at whichever hydrotherapy pool has a slot first,")


def test_a_namesake_is_never_mentioned_with_the_other_persons_chat_identity():
    """Two directory entries of one name (`bot.contacts.build.entry_keys`): a contact is mentioned with the
    identity of the one under their own organisation, and with none when it is not known which they are."""
    from bot.answer import Contact, Identity
    from bot.contacts.directory import PersonEntry
    from bot.contacts.identities import identities

    entries = [PersonEntry("sarah jones@hillbrook hospitals trust", "Sarah Jones", "Chief nurse",
                           "Hillbrook Hospitals NHS Trust"),
               PersonEntry("sarah jones@lowbridge hydrotherapy network", "Sarah Jones", "Hydrotherapy service lead",
                           "Lowbridge Hydrotherapy Network", slack_user_id="U0POOLS01")]
    identify = identities(entries)
    assert identify(Contact("Sarah Jones", "", "Lowbridge Hydrotherapy Network", "", ())) == Identity("U0POOLS01", "")
    assert identify(Contact("Sarah Jones", "", "Hillbrook Hospitals NHS Trust", "", ())) is None
    assert identify(Contact("Sarah Jones", "", "", "", ())) is None


THORSEN = Person("Dr Elin Thorsen", "Clinical director for ophthalmology", "Tavistone Hospitals NHS Trust")
ACHTERBERG = Person("Rosalind Achterberg", "Chair", "Tavistone Place Partnership")
PRESENT = "**Present:** Rosalind Achterberg (RA), Chair; Dr Elin Thorsen (ET), Clinical director.\n\n"
CATARACTS = "Every cataract patient in Tavistone is now on one waiting list."


def test_initials_the_minutes_define_for_a_listed_person_are_that_person():
    """Minutes' "ET said: “…”", after "Dr Elin Thorsen (ET)" in the attendance list, was left to no one. Initials
    are a name only where the document defines them, for one person; "said RA and ET" is still two people's."""
    for said in (f"ET said: “{CATARACTS}”", f"ET: “{CATARACTS}”", f"“{CATARACTS}” said ET."):
        assert attributed(PRESENT + said, [THORSEN, ACHTERBERG]) == [("Dr Elin Thorsen", CATARACTS)], said
    for text in (f"ET said: “{CATARACTS}”",  # never defined
                 PRESENT + f"“{CATARACTS}” said RA and ET.",
                 "**Present:** Rosalind Achterberg (ET); Dr Elin Thorsen (ET).\n\n" + f"ET said: “{CATARACTS}”"):
        assert attributed(text, [THORSEN, ACHTERBERG]) == [], text
