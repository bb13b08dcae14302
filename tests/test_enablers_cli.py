"""`peerbot enabler` and `peerbot contacts` as a user runs them (in-process, hashing model, temp folders)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

from bot.cli import main


@pytest.fixture
def run(settings, monkeypatch, capsys):
    monkeypatch.setenv("PEERBOT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PEERBOT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("PEERBOT_MODEL", "hashing")

    def run(*args):
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run


def test_enabler_without_a_name_lists_every_enabler(run):
    status, out, _ = run("enabler")
    assert status == 0 and out.startswith("Enablers of provider collaboration:")
    assert "Building trust (building-trust) — " in out and "Partnering with the voluntary sector" in out
    status, out, _ = run("enabler", "--json")
    listing = json.loads(out)
    assert len(listing) == 14 and set(listing[0]) == {"id", "name", "description", "lesson_count"}


def test_enabler_trust_prints_the_cited_summary(run):
    status, out, err = run("enabler", "trust")
    assert status == 0, err
    assert out.startswith("Building trust (building-trust)\nBoards build and keep trust")
    assert "What works:\n1. " in out and "What works:\n1. “" not in out  # the document's words, not a quotation
    assert "Source: What are the key enablers for provider collaboratives? · NHS Providers · Building trust" in out
    assert "In their own words:" in out and "— Julian Hartley, Chief executive, Leeds Teaching Hospitals NHS Trust" in out


def test_a_misspelt_enabler_gives_its_summary_as_json(run):
    status, out, _ = run("enabler", "shared purpse", "--json")
    summary = json.loads(out)
    assert status == 0 and summary["enabler"] == {"id": "shared-purpose", "name": "Shared purpose"}
    assert set(summary) == {"enabler", "description", "lesson_count", "practices", "examples", "quotes", "contacts", "related"}
    assert summary["practices"] and summary["quotes"][0]["name"] and summary["examples"][0]["label"]


def test_an_unknown_enabler_is_one_line_with_the_closest_names(run):
    run("enabler")  # the first use builds the index (and reports it)
    status, out, err = run("enabler", "leadershp")
    assert status == 1 and out == ""
    assert err.startswith("peerbot: error: No enabler called “leadershp”. Closest: ") and err.count("\n") == 1
    assert "(" not in err and "-" not in err  # the closest by name, not by id ("collaborative-leadership")


def test_a_nonsense_enabler_name_is_one_line_naming_every_enabler(run):
    run("enabler")
    status, out, err = run("enabler", "zzqx")
    assert status == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("peerbot: error: No enabler called “zzqx”. None comes close; the enablers are: ")
    assert "Closest" not in err and "Building trust" in err and "Partnering with the voluntary sector." in err


def test_an_enabler_without_lessons_says_so_in_json_too(run, settings):
    path = settings.knowledge_dir / "enablers.yaml"
    path.write_text(path.read_text() + "\n  - id: estates\n    name: Shared estates\n    description: Partners pool "
                    "buildings and land.\n    synonyms: [estates]\n")
    status, out, _ = run("enabler", "estates", "--json")
    summary = json.loads(out)
    assert status == 0 and summary["lesson_count"] == 0 and summary["practices"] == []
    assert summary["message"].startswith("No lessons yet on Shared estates.")


def test_contacts_lists_and_searches_the_directory(run):
    status, out, _ = run("contacts")
    assert status == 0 and out.startswith("People (13):") and "Organisations and collaboratives (" in out
    status, out, _ = run("contacts", "cathy", "--json")
    found = json.loads(out)
    assert [p["name"] for p in found["people"]] == ["Cathy Elliott"]
    assert found["people"][0]["documents"] == ["west-yorkshire-mhlda-collaborative"]
    status, out, _ = run("contacts", "zzqx")
    assert status == 0 and out == "No one in the directory matches “zzqx”.\n"


def test_contacts_names_each_document_by_its_title_and_json_keeps_its_id(run):
    """A new user read "documents: west-yorkshire-mhlda-collaborative": the text shows titles (a
    title's own comma kept apart by "; "); a script reads the ids from --json."""
    status, out, _ = run("contacts", "cathy")
    assert status == 0 and "documents: West Yorkshire and Harrogate MHLDA provider collaborative\n" in out
    assert "west-yorkshire-mhlda-collaborative" not in out
    status, out, _ = run("contacts", "NELFT")
    assert "documents: Case study: North East London NHS Foundation Trust (operating model, board" in out
    status, out, _ = run("contacts", "cathy", "--json")
    assert json.loads(out)["people"][0]["documents"] == ["west-yorkshire-mhlda-collaborative"]


def test_contacts_shows_who_is_not_to_be_contacted(run, settings):
    (settings.knowledge_dir / "contacts.yaml").write_text(
        "people:\n  - name: Cathy Elliott\n    contactable: false\n    topics: [committee in common]\n")
    status, out, _ = run("contacts", "cathy")
    assert status == 0 and "happy to talk about: committee in common" in out and "not suggested as a contact" in out


def test_contacts_check_passes_then_reports_problems(run, settings):
    status, out, _ = run("contacts", "--check")
    assert status == 0 and out.startswith("The directory is complete: 13 people")
    doc = settings.knowledge_dir / "nelft-operating-model-case-study.md"
    doc.write_text(doc.read_text() + "\nProfessor Ada Lovelace reviewed the work.\n")
    (settings.knowledge_dir / "contacts.yaml").write_text("people:\n  - name: Gone Person\n")
    run("index")
    status, out, _ = run("contacts", "--check")
    assert status == 1
    assert "nelft-operating-model-case-study names Professor Ada Lovelace, who is not in the directory" in out
    assert "contacts.yaml lists Gone Person, but no document names them any more" in out
    status, out, _ = run("contacts", "--check", "--json")
    assert json.loads(out)["missing"] == [{"name": "Professor Ada Lovelace", "document": "nelft-operating-model-case-study"}]




def test_a_malformed_contacts_file_stops_both_commands_with_one_line(run, settings):
    path = settings.knowledge_dir / "contacts.yaml"
    path.write_text("people:\n  - name: Jo\n    teams_upn: jo\n")
    for command in (["contacts"], ["enabler", "trust"]):
        status, _, err = run(*command)
        assert status == 1 and err == f"peerbot: error: {path}: entry 1 (Jo): `teams_upn` 'jo' is not an address like name@example.nhs.uk\n"


def test_help_does_not_load_the_model_libraries():
    code = ("import sys, contextlib, io\nfrom bot.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    for args in (['--help'], ['enabler', '--help'], ['contacts', '--help']):\n"
            "        try: main(args)\n        except SystemExit: pass\n"
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "False False", result.stderr


def test_an_empty_knowledge_folder_says_there_are_no_enablers_and_no_contacts(run, tmp_path, monkeypatch):
    empty = tmp_path / "empty-knowledge"
    empty.mkdir()
    monkeypatch.setenv("PEERBOT_KNOWLEDGE_DIR", str(empty))
    status, out, _ = run("enabler")
    assert status == 0 and out.startswith("No enablers are defined: list them in enablers.yaml")
    status, out, _ = run("contacts")
    assert status == 0 and out.startswith("The directory is empty: no document names people")
    status, out, _ = run("contacts", "cathy")
    assert status == 0 and out == "No one in the directory matches “cathy”.\n"


def test_indexing_an_empty_knowledge_folder_says_it_holds_no_documents(run, tmp_path, monkeypatch):
    empty = tmp_path / "empty-knowledge"
    empty.mkdir()
    monkeypatch.setenv("PEERBOT_KNOWLEDGE_DIR", str(empty))
    status, out, err = run("index")
    assert status == 0 and out.startswith("Indexed with hashing-256: documents 0 added")
    assert err == f"peerbot: {empty} holds no documents: add Markdown, text, PDF, Word or HTML files (README: Adding documents)\n"
    monkeypatch.delenv("PEERBOT_KNOWLEDGE_DIR")
    monkeypatch.setenv("PEERBOT_KNOWLEDGE_DIR", str(KNOWLEDGE))
    status, _, err = run("index")  # a folder with documents: no such line
    assert status == 0 and "holds no documents" not in err


def test_a_person_is_named_with_the_same_words_in_an_answer_and_an_enabler_summary(tmp_path):
    """Before: Julian Hartley was "Quoted in What are the key enablers ..." under an answer and
    "Featured in" the same lesson and section in /enabler trust (whether the cited passage itself
    held his quotation decided it). Each surface shows this reason as it is."""
    from conftest import indexed_environment

    env = indexed_environment(tmp_path)

    def reasons(*argv: str) -> dict[str, str]:
        result = subprocess.run([sys.executable, "-m", "bot.cli", *argv, "--json"], capture_output=True, text=True,
                                env=env, cwd=Path(__file__).resolve().parent.parent, timeout=300)
        assert result.returncode == 0, result.stderr
        return {c["name"]: c["reason"] for c in json.loads(result.stdout)["contacts"]}

    summary = reasons("enabler", "trust")
    answer = reasons("ask", "how do boards build trust in a collaborative")
    both = summary.keys() & answer.keys()
    assert "Julian Hartley" in both
    assert all(summary[name] == answer[name] for name in both), (summary, answer)
    assert "described in What are the key enablers for provider collaboratives?" in summary["Julian Hartley"]



def test_an_alias_or_region_that_the_entry_already_says_is_not_repeated(run):
    """Before: "Bath and North East Somerset, Swindon and Wiltshire (BSW) (BSW)", and "Keir Shillaker —
    Programme director …, West Yorkshire and Harrogate ICS · West Yorkshire and Harrogate ICS"."""
    status, out, _ = run("contacts", "Keir")
    assert status == 0 and "learning disability and autism, West\n   Yorkshire and Harrogate ICS\n   documents:" in out
    status, out, _ = run("contacts", "Cathy Elliott")
    assert " • Cathy Elliott — Chair, Bradford District Care NHS Foundation Trust · West Yorkshire and Harrogate" in out
    status, out, _ = run("contacts", "BSW")
    assert status == 0 and " • Bath and North East Somerset, Swindon and Wiltshire (BSW) · " in out and "(BSW) (BSW)" not in out
    status, out, _ = run("contacts", "NELFT")
    assert " • North East London NHS Foundation Trust (NELFT) · North East London" in out


def test_an_enablers_lessons_are_documents_not_passages(run, settings):
    """"N lessons" counts the lessons (documents) that speak to an enabler, not their passages: one
    lesson of five sections on shared estates is "1 lesson", in the list and in the summary."""
    path = settings.knowledge_dir / "enablers.yaml"
    path.write_text(path.read_text() + "\n  - id: estates\n    name: Shared estates\n    description: Partners pool "
                    "buildings and land.\n    synonyms: [estates]\n")
    sections = "".join(
        "\n## Shared estates\n\n" + " ".join(f"In step {n} the partners pooled their buildings and land, "
                                                        f"agreeing who would run site {k}." for k in range(8)) + "\n"
        for n in range(1, 6))
    (settings.knowledge_dir / "estates.md").write_text(
        "---\ntitle: Pooling our estate\npublisher: Example Partnership\nenablers: [estates]\n---\n" + sections)
    status, out, err = run("enabler", "--json")
    assert status == 0, err
    assert {item["id"]: item["lesson_count"] for item in json.loads(out)}["estates"] == 1
    status, out, _ = run("enabler", "estates", "--json")
    summary = json.loads(out)
    assert summary["lesson_count"] == 1 and summary["practices"]
    status, out, _ = run("enabler", "estates")
    assert "\n1 lesson in the library speaks to this.\n" in out


def test_related_enablers_are_named_by_their_names_not_their_ids():
    """Before: "Related enablers: Building trust (building-trust), Shared purpose (shared-purpose)"."""
    from bot.answer import EnablerRef
    from bot.plaintext.enablers import render_summary
    from bot.summary import EnablerSummary

    related = (EnablerRef("building-trust", "Building trust"), EnablerRef("shared-purpose", "Shared purpose"))
    out = render_summary(EnablerSummary(EnablerRef("clinical-leadership", "Clinical leadership"), "Clinicians lead.", 2,
                                        related=related))
    assert out.endswith("\nRelated enablers: Building trust, Shared purpose\n")


def test_the_directory_names_the_enablers_a_person_speaks_to_by_their_names(run):
    """Before: "speaks to: building-trust, relationships-and-networks" (our ids)."""
    status, out, _ = run("contacts", "Julian Hartley")
    speaks_to = [line for line in out.splitlines() if line.startswith("   speaks to: ")]
    assert status == 0 and speaks_to and "Building trust" in speaks_to[0] and "building-trust" not in speaks_to[0]
