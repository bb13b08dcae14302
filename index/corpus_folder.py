"""The document files of the corpus folder (`PEERBOT_KNOWLEDGE_DIR`), found by a bounded walk.

A corpus is a folder of lessons, not a machine: the file-system root and the system's own folders
(`/usr`, `/etc`, `/proc` ...) are refused with one line; folders of a virtual file system (`/proc`,
`/sys`, `/dev` and the like, reached through a link), links inside it to the root or a system folder,
and hidden folders are never entered; a folder more than MAX_DEPTH levels below the corpus folder is
not read (said once, as an unreadable folder is); and a walk that meets more than MAX_ENTRIES files and folders stops with one line saying
the folder is not a corpus, rather than walking a whole drive.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from index.errors import IndexFailure
from index.readers import READERS, sidecar_path
from index.regular_files import link_outside
from index.yaml_file import OUTSIDE

TEXT_SUFFIXES = (".md", ".txt")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + tuple(READERS)
MAX_DEPTH = 10  # folders below the corpus folder that are read (a curated corpus uses two or three)
MAX_ENTRIES = 50_000  # files and folders a walk looks at before it stops: a corpus of lessons has hundreds
SYSTEM_FOLDERS = frozenset({"/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/run", "/sbin",
                            "/snap", "/sys", "/usr", "/var", "/System"})
# file systems whose files are the kernel's or devices', never documents
VIRTUAL_FILE_SYSTEMS = frozenset({"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "debugfs", "tracefs",
                                  "securityfs", "pstore", "bpf", "mqueue", "hugetlbfs", "fusectl", "configfs",
                                  "binfmt_misc", "efivarfs", "nsfs", "rpc_pipefs", "autofs"})


class CorpusFolderError(IndexFailure):
    """The corpus folder is the file-system root, a system folder, or far too big to be a corpus."""


def is_document(path: Path) -> bool:
    """Whether peerbot reads this file as a document (by its suffix, in any case)."""
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def check_corpus_folder(folder: Path) -> None:
    """CorpusFolderError when `folder` (links resolved) is the root of a file system, a system
    folder or on a virtual file system (`_system`): never a folder of lessons."""
    real = Path(os.path.realpath(folder))
    if _system(real):
        raise CorpusFolderError(f"corpus folder {folder} is {'the file-system root' if real == Path(real.anchor) else 'a system folder'}"
                                ": set PEERBOT_KNOWLEDGE_DIR to the folder of lesson documents")


def scan_documents(folder: Path, max_depth: int = MAX_DEPTH,
                   max_entries: int = MAX_ENTRIES) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Document files under `folder` (sorted), and what could not be read: (path, problem).

    Hidden files and folders and README.md are not documents. A symbolic link whose target lies
    inside the corpus folder is followed (each folder walked once, and a file reached both through a
    link and by its own path is read once, by its own path); a link out of the corpus folder (a
    document, a converted document's `.meta.yaml` sidecar, a folder) is a problem, never read, and so
    is a link to the root or a system folder. Folders of a virtual file system are not entered. A
    folder deeper than `max_depth` is a problem (not read); more than `max_entries` files and folders
    in all is CorpusFolderError."""
    check_corpus_folder(folder)
    paths, problems, seen, looked = [], [], set(), 0
    stack: list[tuple[Path, int]] = [(folder, 0)]
    linked: list[tuple[Path, int]] = []  # folders reached through a link: walked last, so by their own path first
    while stack or linked:
        current, depth = (stack or linked).pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in seen or (depth and info.st_dev in _virtual_devices()):
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(current))
        except OSError as e:
            problems.append((current, f"cannot read folder ({e.strerror or e})"))
            continue
        looked += len(entries)
        if looked > max_entries:
            raise CorpusFolderError(f"corpus folder {folder} holds more than {max_entries:,} files and folders, so it "
                                    "is not read: set PEERBOT_KNOWLEDGE_DIR to the folder of lesson documents")
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith(".") or entry.name.upper() == "README.MD":
                continue
            document = is_document(path)
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError as e:
                is_dir = is_file = False
                if document:
                    problems.append((path, f"cannot read ({e.strerror or e})"))
                    continue
            if document and not is_file:
                problems.append((path, "not a regular file (a folder, a broken link or a device)"))
            elif is_dir and entry.is_symlink() and _system(Path(os.path.realpath(path))):
                problems.append((path, "a link to the file-system root or a system folder, so it was not read"))
            elif (is_dir or document) and link_outside(path, folder):
                problems.append((path, OUTSIDE))
            elif document and _sidecar_outside(path, folder):
                problems.append((path, f"its sidecar {sidecar_path(path).name} is {OUTSIDE}"))
            elif is_dir and depth >= max_depth:
                problems.append((path, f"more than {max_depth} folders below the corpus folder, so it was not read"))
            elif is_dir:
                (linked if entry.is_symlink() else stack).append((path, depth + 1))
            elif document:
                paths.append(path)
    return _once(paths), sorted(problems)


def _sidecar_outside(path: Path, folder: Path) -> bool:
    """Whether a converted document's `.meta.yaml` sidecar is a link out of the corpus folder."""
    try:
        return path.suffix.lower() in READERS and link_outside(sidecar_path(path), folder)
    except OSError:  # a name too long to have a sidecar
        return False


def _once(paths: list[Path]) -> list[Path]:
    """`paths` sorted, a file reached by several (links inside the corpus folder) kept by its own path."""
    kept: dict[tuple[int, int], Path] = {}
    for path in sorted(paths, key=lambda p: (os.path.islink(p), p)):
        try:
            info = path.stat()
        except OSError:
            kept[(-1, len(kept))] = path  # gone since: its reader says so
            continue
        kept.setdefault((info.st_dev, info.st_ino), path)
    return sorted(kept.values())


def _system(real: Path) -> bool:
    """Whether a resolved folder is the root of a file system, a system folder or on a virtual file system."""
    return real == Path(real.anchor) or str(real) in SYSTEM_FOLDERS or _virtual(real)


def _virtual(real: Path) -> bool:
    try:
        return real.stat().st_dev in _virtual_devices()
    except OSError:
        return False


@cache
def _virtual_devices() -> frozenset[int]:
    """The devices of this machine's virtual file systems, from /proc/self/mounts (none elsewhere)."""
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            points = [line.split()[1].replace("\\040", " ") for line in mounts
                      if len(line.split()) > 2 and line.split()[2] in VIRTUAL_FILE_SYSTEMS]
    except OSError:
        return frozenset()
    devices = set()
    for point in points:
        try:
            devices.add(os.stat(point).st_dev)
        except OSError:
            continue
    return frozenset(devices)
