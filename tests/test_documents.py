from pathlib import Path

import pytest
from conftest import KNOWLEDGE

from index.documents import DocumentError, load_corpus, load_document


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_corpus_loads_with_citation_metadata():
    docs, errors = load_corpus(KNOWLEDGE)[:2]
    assert errors == []
    assert len(docs) == 4
    for doc in docs:
        assert doc.title and doc.publisher and doc.url.startswith("https://")
    key = next(d for d in docs if d.id == "key-enablers-provider-collaboratives")
    assert {p.name for p in key.people} >= {"Julian Hartley", "Diane Wake", "Dr Jonathan Odum"}
    wake = next(p for p in key.people if p.name == "Diane Wake")
    assert (wake.role, wake.organisation) == ("Chief executive", "The Dudley Group NHS Foundation Trust")


def test_page_furniture_is_dropped_and_lesson_text_kept():
    folder = KNOWLEDGE
    text = " ".join(p.read_text() for p in folder.glob("*.md"))
    for furniture in ("Profile picture of", "Leave a comment", "Leave a Reply"):
        assert furniture not in text
    assert "much more pleasant than competing with each other" in text


def test_markdown_title_from_heading_and_txt_title_from_first_line(tmp_path):
    md = load_document(write(tmp_path, "a.md", "# Our lesson\n\nWe did a thing.\n"))
    assert md.title == "Our lesson" and md.publisher == ""
    txt = load_document(write(tmp_path, "b.txt", "Shared bank lessons\nWe pooled staff across trusts.\n"))
    assert txt.title == "Shared bank lessons"
    assert txt.body.strip() == "We pooled staff across trusts."


def test_a_title_with_markup_is_read_as_its_words(tmp_path):
    """A title is shown in every answer's source line, the digest and /enabler: never its syntax."""
    heading = load_document(write(tmp_path, "a.md", "# How we **pooled** beds &amp; wards\n\nWe did a thing.\n"))
    front = load_document(write(tmp_path, "b.md", "---\ntitle: \"Pooling *beds* [at home][h]\"\n---\n\nWe did it.\n"))
    assert (heading.title, front.title) == ("How we pooled beds & wards", "Pooling beds at home")


def test_malformed_front_matter_names_file_and_problem(tmp_path):
    path = write(tmp_path, "bad.md", "---\ntitle: [unclosed\n---\nBody text.\n")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert str(path) in str(err.value) and "malformed front matter" in str(err.value)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("---\ntitle: x\nBody without closing\n", "no closing '---'"),
        ("---\n- just\n- a list\n---\nBody\n", "must be a mapping"),
        ("---\ntitle: T\npeople: [{role: chair}]\n---\nBody\n", "entry 1 needs a `name`"),
        ("---\ntitle: T\nenablers: {a: b}\n---\nBody\n", "`enablers` must be a list"),
        ("No title here, just text.\n", "no title"),
        ("---\ntitle: Empty\n---\n", "no text"),
    ],
)
def test_each_kind_of_bad_document_gets_a_specific_message(tmp_path, text, problem):
    with pytest.raises(DocumentError, match=problem):
        load_document(write(tmp_path, "doc.md", text))


def test_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 lessons\n".encode("latin-1"))
    with pytest.raises(DocumentError, match="not UTF-8"):
        load_document(path)


def test_bad_documents_do_not_stop_the_rest(tmp_path):
    write(tmp_path, "good.md", "---\ntitle: Good\n---\nUseful lesson.\n")
    write(tmp_path, "bad.md", "---\ntitle: [\n---\nBody\n")
    write(tmp_path, "notes.csv", "ignored")
    docs, errors = load_corpus(tmp_path)[:2]
    assert [d.id for d in docs] == ["good"]
    assert len(errors) == 1 and errors[0].path.name == "bad.md"


def test_content_hash_changes_with_content(tmp_path):
    path = write(tmp_path, "a.md", "# T\n\nOne.\n")
    first = load_document(path).content_hash
    path.write_text("# T\n\nTwo.\n")
    assert load_document(path).content_hash != first
