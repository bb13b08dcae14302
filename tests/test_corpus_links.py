"""Links in the corpus folder. One out of it (a document, a converted document's `.meta.yaml`
sidecar, a folder, enablers.yaml and the other corpus files) is never read: one line names it and
the rest is indexed. One inside it is followed, and a file or folder reached both through a link
and by its own path is read once, by its own path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.contacts.file import ContactsFileError, load_contact_details
from index.corpus_folder import scan_documents
from index.taxonomy import TaxonomyError, load_enablers

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = "a link to outside the corpus folder, so it was not read"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lesson.md").write_text("# Shared bank staff\n\nThe trusts shared one staff bank.\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.md").write_text("# Secret\n\nNot a lesson of this corpus.\n")
    return corpus


def test_a_document_or_folder_linked_from_outside_the_corpus_folder_is_not_read(corpus):
    (corpus / "passwd.md").symlink_to("/etc/passwd")
    (corpus / "secret.md").symlink_to(corpus.parent / "elsewhere" / "secret.md")
    (corpus / "more").symlink_to(corpus.parent / "elsewhere")
    assert scan_documents(corpus) == ([corpus / "lesson.md"], [(corpus / "more", OUTSIDE), (corpus / "passwd.md", OUTSIDE),
                                                              (corpus / "secret.md", OUTSIDE)])


def test_links_inside_the_corpus_folder_are_followed_and_each_file_read_once_by_its_own_path(corpus):
    (corpus / "again.md").symlink_to("lesson.md")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "deeper.md").write_text("# Deeper\n\nText.\n")
    for name in ("a-alias", "z-alias"):  # walked before and after `sub` by name: neither is the path kept
        (corpus / name).symlink_to("sub")
    (corpus / "sub" / "up.md").symlink_to("../lesson.md")
    assert scan_documents(corpus) == ([corpus / "lesson.md", corpus / "sub" / "deeper.md"], [])
    (corpus / "sub" / "only-by-link.md").symlink_to(corpus / "lesson.md")
    (corpus / "lesson.md").rename(corpus / ".hidden.md")  # a hidden file reached through a link inside: read
    (corpus / "again.md").unlink()
    (corpus / "sub" / "up.md").unlink()
    (corpus / "sub" / "only-by-link.md").unlink()
    (corpus / "sub" / "by-link.md").symlink_to("../.hidden.md")
    assert scan_documents(corpus)[0] == [corpus / "sub" / "by-link.md", corpus / "sub" / "deeper.md"]


def test_a_sidecar_linked_to_a_system_file_is_never_read_and_the_rest_is_indexed(corpus, tmp_path):
    (corpus / "report.html").write_text("<html><head><title>Report</title></head><body><p>Pooled beds.</p></body></html>")
    (corpus / "report.meta.yaml").symlink_to("/etc/passwd")
    assert scan_documents(corpus) == ([corpus / "lesson.md"], [
        (corpus / "report.html", f"its sidecar report.meta.yaml is {OUTSIDE}")])
    environment = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus),
                   "PEERBOT_MODEL": "hashing"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and not result.stderr  # something was skipped, as for any document skipped
    assert result.stdout.startswith(f"peerbot: skipped {corpus / 'report.html'}: its sidecar report.meta.yaml is {OUTSIDE}\n")
    assert "documents 1 added" in result.stdout


def test_the_corpus_yaml_files_linked_from_outside_are_not_read(corpus):
    outside = corpus.parent / "elsewhere"
    (outside / "enablers.yaml").write_text("enablers:\n- id: trust\n  name: Trust\n  description: Trust between peers.\n")
    (outside / "contacts.yaml").write_text("people: []\n")
    (corpus / "enablers.yaml").symlink_to(outside / "enablers.yaml")
    (corpus / "contacts.yaml").symlink_to(outside / "contacts.yaml")
    with pytest.raises(TaxonomyError, match=f"enablers.yaml: {OUTSIDE}"):
        load_enablers(corpus)
    with pytest.raises(ContactsFileError, match=f"contacts.yaml: {OUTSIDE}"):
        load_contact_details(corpus)
    (corpus / "enablers.yaml").unlink()
    (corpus / "shared").mkdir()
    (corpus / "shared" / "enablers.yaml").write_text((outside / "enablers.yaml").read_text())
    (corpus / "enablers.yaml").symlink_to("shared/enablers.yaml")  # a link inside the folder is read
    assert [e.id for e in load_enablers(corpus)] == ["trust"]
