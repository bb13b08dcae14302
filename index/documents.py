"""Loading corpus documents: Markdown with optional YAML front matter, plain text, or a PDF, Word
or HTML file converted to the same Markdown by index/readers (with its optional sidecar)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from index.corpus_folder import scan_documents
from index.encodings import decoded_text, encoding_of, undecodable
from index.errors import IndexFailure
from index.inline_markdown import plain
from index.readers import READERS, NotItsKind, ReadError, read_document, source_hash
from index.readers.signatures import HEAD_BYTES, mismatch
from index.regular_files import read_regular
from index.text import readable, shown_path
from index.yaml_file import YamlProblem, parse_yaml

_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\r(?!\n)")  # what `readable` drops
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


class DocumentError(IndexFailure):
    """A document that cannot be indexed; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str, keep_last: bool = True):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.keep_last = keep_last  # the index keeps the file's last good version (False: none was good)

    def __reduce__(self) -> tuple:
        """Pickled (from a build's worker process) as its path, problem and whether its last version stays."""
        return DocumentError, (self.path, self.problem, self.keep_last)


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
    source: str = ""  # the file's path within the corpus folder
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


def file_hash(path: Path) -> str:
    """SHA-256 that changes when the document would: of the file, or for a converted file of the
    file, its sidecar and the reader version (so an unchanged one need not be read again)."""
    if path.suffix.lower() in READERS:
        return source_hash(path)
    return _text_hash(path, read_regular(path))


def _text_hash(path: Path, raw: bytes) -> str:
    """SHA-256 of a text file's bytes, and of its encoding when that is not UTF-8 (so a file once read as
    UTF-8 that is UTF-16 is read again), of its bytes being another kind when they are (a PDF saved as
    .txt that an index built before that rule took is read again, and refused), and of its holding
    control bytes (read again without them)."""
    encoding = encoding_of(raw)
    marks = b"" if encoding.startswith("utf-8") else encoding.encode() + b"\0"
    if mismatch(path.suffix, raw[:HEAD_BYTES]) is not None:
        marks += b"another kind\0"
    if _CONTROL_BYTES.search(raw):  # read again since `readable` drops them (an older index kept them)
        marks += b"controls dropped\0"
    return hashlib.sha256(marks + raw).hexdigest()


def load_document(path: Path, source: str = "") -> Document:
    """One document; `source` is its path within the corpus folder (default: the file name)."""
    if path.suffix.lower() in READERS:
        return _converted(path, source)
    try:
        raw = read_regular(path)
    except OSError as e:
        raise DocumentError(path, f"cannot read file ({e.strerror or e})") from None
    if (problem := mismatch(path.suffix, raw[:HEAD_BYTES])) is not None:  # a PDF saved as .md
        raise DocumentError(path, problem, keep_last=False)
    try:
        text = decoded_text(raw)
    except UnicodeDecodeError as e:
        raise DocumentError(path, undecodable(e)) from None
    return _from_text(path, text, source, _text_hash(path, raw))


def _converted(path: Path, source: str) -> Document:
    """A PDF, Word or HTML file read into Markdown with front matter, then loaded as Markdown is."""
    try:
        content_hash = source_hash(path)
        result = read_document(path)
    except OSError as e:
        raise DocumentError(path, f"cannot read file ({e.strerror or e})") from None
    except ReadError as e:
        raise DocumentError(path, e.reason, keep_last=not isinstance(e, NotItsKind)) from None
    return _from_text(path, result.markdown(), source, content_hash)


def _from_text(path: Path, text: str, source: str, content_hash: str) -> Document:
    text = readable(text)
    meta, body = _split_front_matter(path, text)
    if path.suffix.lower() == ".txt" and not meta.get("title"):
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
        source=source or shown_path(Path(path.name)),
        body=body.strip() + "\n",
        content_hash=content_hash,
        people=_people(path, meta.get("people")),
        title=plain(_text(path, meta, "title")),  # "How we **pooled** beds &amp; wards" as its words
        publisher=_text(path, meta, "publisher"),
        url=_text(path, meta, "url"),
        published=_text(path, meta, "published"),
        region=_text(path, meta, "region"),
        organisations=_list(path, meta, "organisations"),
        enablers=_list(path, meta, "enablers"),
        aliases=_list(path, meta, "aliases"),
    )


@dataclass(frozen=True)
class Unread:
    """A document file found but not read yet: read where it is prepared (a build's worker)."""

    id: str
    path: Path
    source: str

    def read(self) -> Document | DocumentError:
        """The document, or why it cannot be used (as `load_corpus` would have recorded it)."""
        try:
            return load_document(self.path, self.source)
        except OSError as e:
            return DocumentError(self.path, f"cannot read file ({e.strerror or e})")
        except DocumentError as e:
            return e


class Corpus(NamedTuple):
    documents: list[Document]
    errors: list[DocumentError]
    kept: set[str]  # ids whose file is there but could not be used: their last good version stays
    unchanged: set[str]  # ids whose file hashes as its indexed version: not read again
    unread: list[Unread] = []  # with `read=False`: the files to read, instead of `documents`


def load_corpus(
    folder: Path, established: Mapping[str, str] | None = None, max_mb: float | None = None,
    indexed: Mapping[str, str] | None = None, read: bool = True,
) -> Corpus:
    """Every document under `folder`, the errors of those that failed, and the ids to keep.

    `indexed` maps ids to the content hash of their indexed version: a file at the same place
    that still hashes so is not read again (its id is in `unchanged`, not in `documents`).
    `established` maps the ids already in the index to their `source`. When two files map to
    one id, the one already in the index keeps it (else the first by path) and the other is
    skipped with an error naming both. A file or folder that is there but cannot be read (or is
    over `max_mb` megabytes) is an error, and the documents it held keep their last good version, but for a
    file whose bytes are another kind than its suffix names, of which no version was good (`keep_last`).
    `read=False` leaves the files to be read by the caller (`Corpus.unread`).
    """
    established, indexed = established or {}, indexed or {}
    unchanged: set[str] = set()
    paths, unreadable = scan_documents(folder)
    errors = [DocumentError(path, problem) for path, problem in unreadable]
    kept: set[str] = set()
    for path, _ in unreadable:
        place = shown_path(path.relative_to(folder))
        kept.update(i for i, source in established.items() if _within(source, place, folder))
    by_id: dict[str, list[Path]] = {}
    for path in paths:
        by_id.setdefault(document_id(path), []).append(path)
    documents, unread = [], []
    for doc_id, candidates in sorted(by_id.items()):
        sources = [shown_path(p.relative_to(folder)) for p in candidates]
        known = established.get(doc_id, "")
        owner = next((i for i, p in enumerate(candidates) if _same_source(known, sources[i], p)), None)
        why = "already in the index" if owner is not None else "first by name"
        owner = owner or 0
        for i, path in enumerate(candidates):
            if i != owner:
                errors.append(DocumentError(
                    path, f"same document id '{doc_id}' as {sources[owner]} ({why}), so this file was skipped: rename one"
                ))
        path = candidates[owner]
        try:
            size = path.stat().st_size
            if max_mb is not None and size > max_mb * 2**20:
                raise DocumentError(path, f"{size / 2**20:.1f} MB is over the limit of {max_mb:g} MB "
                                          "(PEERBOT_MAX_DOCUMENT_MB), so it was skipped")
            same_place = _same_source(known, sources[owner], path)
            if doc_id in indexed and same_place and file_hash(path) == indexed[doc_id]:
                unchanged.add(doc_id)
                continue
            if read:
                documents.append(load_document(path, sources[owner]))
            else:
                unread.append(Unread(doc_id, path, sources[owner]))
        except OSError as e:
            errors.append(DocumentError(path, f"cannot read file ({e.strerror or e})"))
            kept.add(doc_id)
        except DocumentError as e:
            errors.append(e)
            if e.keep_last:
                kept.add(doc_id)
    return Corpus(documents, sorted(errors, key=lambda e: str(e.path)), kept, unchanged, unread)


def _same_source(stored: str, source: str, path: Path) -> bool:
    """Whether the index's record of a document (its path in the corpus folder, or the full path
    indexes before this version stored) is this file."""
    return bool(stored) and stored in (source, shown_path(path))


def _within(stored: str, place: str, folder: Path) -> bool:
    """Whether a stored document source lies at or under `place` (relative to the corpus folder)."""
    if place in ("", "."):
        return True  # the corpus folder itself could not be read
    full = shown_path(folder / place)
    return any(stored == p or stored.startswith(p.rstrip("/") + "/") for p in (place, full))


def _split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    match = _FRONT_MATTER.match(text)
    if not match:
        raise DocumentError(path, "front matter starts with '---' but has no closing '---' line")
    try:
        meta = parse_yaml(match.group(1), first_line=2, what="front matter") or {}
    except YamlProblem as e:
        raise DocumentError(path, str(e)) from None
    if not isinstance(meta, dict):
        raise DocumentError(path, "front matter must be a mapping of `key: value` lines")
    return meta, text[match.end():]


def _title_from_text(path: Path, body: str) -> tuple[str, str]:
    lines = body.strip().split("\n", 1)
    first = lines[0].strip()
    if first and len(first) <= 120 and not first.endswith((".", ",", ";")):
        return first, lines[1] if len(lines) > 1 else ""
    return shown_path(Path(path.stem)).replace("_", " ").replace("-", " ").strip().capitalize(), body


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
        for key in ("role", "organisation"):
            if not isinstance(entry.get(key) or "", str):
                raise DocumentError(path, f"front matter `people` entry {i}: `{key}` must be text")
        people.append(Person(
            name=entry["name"].strip(),
            role=(entry.get("role") or "").strip(),
            organisation=(entry.get("organisation") or "").strip(),
            note=str(entry.get("note") or "").strip(),
        ))
    return tuple(people)
