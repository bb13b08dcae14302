"""Front matter of the usual shape is read without PyYAML's Python constructor
(`index.yaml_file._plain_block`): whatever it reads is exactly what PyYAML reads, it hands every
other shape to PyYAML, and a bad document gets the same message either way."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from index.documents import DocumentError, load_document
from index.yaml_file import _LOADER, _clean, _plain_block, parse_yaml

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
USUAL = """title: 'Urology in Eldworth: lessons from the Eldworth Collaborative'
publisher: Collaborative Care Observatory
url: https://example.org/lessons/doc-000000-eldworth
published: '2018'
region: Eldworth and Drayfield ICS
organisations:
- Kirkwick Teaching Hospitals NHS Trust
- Thorndale Council
people:
- name: Neil O'Brien
  role: Chair
  organisation: Kirkwick Teaching Hospitals NHS Trust
- name: Martin White
  role: Lead nurse
enablers:
- supporting-staff-through-change
aliases:
"""


def _pyyaml(text: str) -> object:
    return _clean(yaml.load(text, Loader=_LOADER))


def test_the_usual_front_matter_is_read_without_pyyaml_and_as_pyyaml_reads_it():
    assert _plain_block(USUAL) == _pyyaml(USUAL)
    assert _plain_block(USUAL)["people"][0] == {"name": "Neil O'Brien", "role": "Chair",
                                                "organisation": "Kirkwick Teaching Hospitals NHS Trust"}
    indented = "people:\n  - name: A B\n    role: C\n  - D E\nnote:\n"
    assert _plain_block(indented) == _pyyaml(indented) == {"people": [{"name": "A B", "role": "C"}, "D E"], "note": None}


# fragments of lines: keys and values YAML reads as text and as other things, quoting, comments,
# flow style, anchors, indents, tabs, non-ASCII, and lines that are not YAML at all
_KEYS = ["title", "people", "name", "yes", "on", "null", "No", "_x", "a-b", "2024", "k" * 120, "'q'"]
_VALUES = ["", "Plain text", "O'Brien", "'quoted'", "'it''s'", "''", "'open", "2018", "'2018'", "2024-02-30",
           "yes", "Yes", "off", "null", "~", "1e3", ".inf", "https://example.org/a:b", "a: b", "a:", "x #c",
           "x#c", "[a, b]", "{a: b}", "&a x", "*a", "!tag x", "|", ">", "a, b", "Café", "a\tb", "x  ", "'x' ",
           "'x' y", '"dq"', "- x", "a -b", "@x", "%x", "=", "<<"]


def _front_matter(rng: random.Random) -> str:
    """Blocks of the usual shape, their keys and values drawn from the fragments, now and then a
    line out of place or not YAML at all."""
    value = lambda: rng.choice(_VALUES[:8] * 3 + _VALUES)  # noqa: E731 (mostly text)
    key = lambda: rng.choice(_KEYS[:5] * 6 + _KEYS)  # noqa: E731
    lines = []
    for _ in range(rng.randint(1, 5)):
        if rng.random() < 0.5:
            lines.append(f"{key()}: {value()}".rstrip(" ") if rng.random() < 0.9 else f"{key()}:")
            continue
        lines.append(f"{key()}:")
        dash = rng.choice([0, 0, 2, 1])
        for _ in range(rng.randint(0, 3)):
            if rng.random() < 0.5:
                lines.append(" " * dash + f"- {value() or 'x'}")
                continue
            lines.append(" " * dash + f"- {key()}: {value()}".rstrip(" "))
            lines += [" " * (dash + rng.choice([2, 2, 2, 1, 3, 0])) + f"{key()}: {value()}".rstrip(" ")
                      for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.1:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(["", "   ", "# note", "---", "-", "key:value",
                                                                    "a:\n  b: c", "\tx: y", "x: y\r"]))
    return "\n".join(lines)


def test_whatever_shape_it_reads_it_reads_as_pyyaml_and_leaves_the_rest_to_pyyaml():
    rng = random.Random(24)
    read = 0
    for _ in range(20000):
        text = _front_matter(rng)
        found = _plain_block(text)
        if found is None:
            continue
        read += 1
        assert found == _pyyaml(text), text
    assert read > 800  # the comparison covered many texts the fast path took


def test_the_bundled_corpus_front_matter_reads_the_same_either_way():
    for path in KNOWLEDGE.glob("*.md"):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        assert parse_yaml(front) == _pyyaml(front), path


# the messages main's code (all front matter through PyYAML) gives these documents
@pytest.mark.parametrize("bad_line, message", [
    ("title: a: b", "malformed front matter (line 2): mapping values are not allowed in this context"),
    ("title: 'unclosed", "malformed front matter (line 3): found unexpected end of stream"),
    ("  role: Chair", "malformed front matter (line 3): did not find expected <document start>"),
])
def test_a_bad_line_in_usual_front_matter_gets_pyyamls_message(tmp_path, bad_line, message):
    path = tmp_path / "doc.md"
    path.write_text(f"---\n{bad_line}\npublisher: P\n---\nBody text.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert err.value.problem == message


def test_usual_front_matter_is_still_checked_as_before(tmp_path):
    path = tmp_path / "doc.md"
    path.write_text("---\ntitle: T\npeople:\n- name: A B\n- role: Chair\n---\nBody text.\n", encoding="utf-8")
    assert _plain_block("title: T\npeople:\n- name: A B\n- role: Chair") is not None  # the fast path read it
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert err.value.problem == "front matter `people` entry 2 needs a `name`"
