"""Loading corpus documents: Markdown with optional YAML front matter, or plain text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DOCUMENT_SUFFIXES = (".md", ".txt")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_LIST_FIELDS = ("organisations", "enablers", "aliases")


class DocumentError(Exception):
    """A document that cannot be indexed; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    organisation: str = ""
    note: str = ""  # what the document says they do, e.g. "Chairs the West Yorkshire MHLDA collaborative"


@dataclass(frozen=True)
class Document:
    id: str
    path: Path
    title: str
    body: str
    content_hash: str
    publisher: str = ""
    url: str = ""
    published: str = ""
    region: str = ""
    organisations: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    enablers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


def document_id(path: Path) -> str:
    """A stable id from the file name: lower-case slug of the stem."""
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "document"


def load_document(path: Path) -> Document:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as e:
        raise DocumentError(path, f"cannot read file ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise DocumentError(path, f"not UTF-8 text (bad byte at offset {e.start})") from None
    text = text.replace("\r\n", "\n")
    meta, body = _split_front_matter(path, text)
    if path.suffix == ".txt" and not meta.get("title"):
        meta["title"], body = _title_from_text(path, body)
    if not meta.get("title"):
        heading = re.search(r"^#\s+(.+)$", body, re.M)
        if not heading:
            raise DocumentError(path, "no title: add `title:` to the front matter or a `# Heading` line")
        meta["title"] = heading.group(1).strip()
    if not body.strip():
        raise DocumentError(path, "the document has no text after its front matter")
    return Document(
        id=document_id(path),
        path=path,
        body=body.strip() + "\n",
        content_hash=hashlib.sha256(raw).hexdigest(),
        people=_people(path, meta.get("people")),
        **{k: _text(path, meta, k) for k in ("title", "publisher", "url", "published", "region")},
        **{k: _list(path, meta, k) for k in _LIST_FIELDS},
    )


def load_corpus(folder: Path) -> tuple[list[Document], list[DocumentError]]:
    """Every document in `folder` (sorted by name), and the errors of those that failed."""
    documents, errors, seen = [], [], {}
    for path in sorted(p for p in folder.rglob("*") if p.suffix in DOCUMENT_SUFFIXES and p.is_file()):
        if path.name.startswith(".") or path.name.upper() == "README.MD":
            continue
        try:
            doc = load_document(path)
        except DocumentError as e:
            errors.append(e)
            continue
        if doc.id in seen:
            errors.append(DocumentError(path, f"same document id '{doc.id}' as {seen[doc.id]}; rename one"))
            continue
        seen[doc.id] = path
        documents.append(doc)
    return documents, errors


def _split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    match = _FRONT_MATTER.match(text)
    if not match:
        raise DocumentError(path, "front matter starts with '---' but has no closing '---' line")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise DocumentError(path, f"malformed front matter{where}: {problem}") from None
    if not isinstance(meta, dict):
        raise DocumentError(path, "front matter must be a mapping of `key: value` lines")
    return meta, text[match.end():]


def _title_from_text(path: Path, body: str) -> tuple[str, str]:
    lines = body.strip().split("\n", 1)
    first = lines[0].strip()
    if first and len(first) <= 120 and not first.endswith((".", ",", ";")):
        return first, lines[1] if len(lines) > 1 else ""
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize(), body


def _text(path: Path, meta: dict, key: str) -> str:
    value = meta.get(key, "")
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
        return str(value).strip()
    raise DocumentError(path, f"front matter `{key}` must be text, got {type(value).__name__}")


def _list(path: Path, meta: dict, key: str) -> tuple[str, ...]:
    value = meta.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DocumentError(path, f"front matter `{key}` must be a list of text items")
    return tuple(v.strip() for v in value if v.strip())


def _people(path: Path, value) -> tuple[Person, ...]:
    if not value:
        return ()
    if not isinstance(value, list):
        raise DocumentError(path, "front matter `people` must be a list of {name, role, organisation, note}")
    people = []
    for i, entry in enumerate(value, 1):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise DocumentError(path, f"front matter `people` entry {i} needs a `name`")
        people.append(Person(
            name=entry["name"].strip(),
            role=str(entry.get("role") or "").strip(),
            organisation=str(entry.get("organisation") or "").strip(),
            note=str(entry.get("note") or "").strip(),
        ))
    return tuple(people)
