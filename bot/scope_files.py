"""The scope's knowledge files read: the kinds of request peerbot is not for (`out_of_scope.yaml`, each
a `RequestKind` with its reply, examples, cues and the `lesson_questions` wording that keeps cues off),
the reference NHS topics (`nhs_topics.yaml`) and the everyday subjects (`everyday_topics.yaml`); each
malformed file is one `ScopeError` naming it. How they are used: `bot.scope`."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.cue_literals import ScreenedCues
from bot.cue_patterns import compile_cue
from index import PeerbotError, YamlProblem, read_yaml

OUT_OF_SCOPE_FILE = "out_of_scope.yaml"
TOPICS_FILE = "nhs_topics.yaml"
SUBJECTS_FILE = "nhs_subjects.yaml"
EVERYDAY_FILE = "everyday_topics.yaml"


class ScopeError(PeerbotError):
    """`out_of_scope.yaml`, `nhs_topics.yaml` or `everyday_topics.yaml` is malformed."""


@dataclass(frozen=True)
class RequestKind:
    """A kind of request peerbot is not for (`out_of_scope.yaml`), with where to go instead."""

    name: str
    reply: str
    examples: tuple[str, ...]
    cues: tuple[re.Pattern, ...] = ()
    unless: tuple[re.Pattern, ...] = ()  # wording that asks what organisations did: never cued then
    asks_nothing: bool = False  # a message that asks no question: its reply is the whole reply, not a decline
    about_peerbot: bool = False  # ... it asks about peerbot itself (`stands_alone` in the file): never read with a thread
    _cues: ScreenedCues = field(init=False, repr=False, compare=False)
    _unless: ScreenedCues = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cues", ScreenedCues(self.cues))  # each searched only where its literals are
        object.__setattr__(self, "_unless", ScreenedCues(self.unless))

    def cued(self, *wordings: str) -> bool:
        """Whether a cue matches the question in any of its wordings (as asked, as searched: a
        misspelt "emial adress" is cued as its corrected "email address") and none asks lessons."""
        return self._cues.search(*wordings) and not self.asks_lessons(*wordings)

    def asks_lessons(self, *wordings: str) -> bool:
        """Whether the question, in any of its wordings, asks what organisations did
        (`lesson_questions`): never this kind then."""
        return self._unless.search(*wordings)



def load_out_of_scope(knowledge_dir: Path) -> list[RequestKind]:
    path = knowledge_dir / OUT_OF_SCOPE_FILE
    if not os.path.lexists(path):
        return []
    groups = _section(path, "out_of_scope")
    if not isinstance(groups, dict):
        raise ScopeError(f"{path}: expected `out_of_scope:` mapping each kind of request to its reply and examples")
    lessons = _cues(path, "lesson_questions", _section(path, "lesson_questions") or [])
    kinds = []
    for name, entry in groups.items():
        if (not isinstance(entry, dict) or not isinstance(entry.get("reply"), str)
                or not isinstance(entry.get("examples"), list) or not all(isinstance(e, str) for e in entry["examples"])):
            raise ScopeError(f"{path}: `{name}` needs `reply:` (one line) and `examples:` (a list of requests)")
        examples = tuple(e.strip() for e in entry["examples"] if e.strip())
        if not examples or not entry["reply"].strip():
            raise ScopeError(f"{path}: `{name}` needs a reply and at least one example")
        kinds.append(RequestKind(str(name), entry["reply"].strip(), examples, _cues(path, name, entry.get("cues", [])), lessons,
                                 asks_nothing=entry.get("stands_alone") is True, about_peerbot=entry.get("stands_alone") is True))
    return kinds


def load_topics(knowledge_dir: Path, file: str = TOPICS_FILE) -> list[str]:
    """The reference NHS topics (`nhs_topics.yaml`: areas, each a list of short topics), or with
    `file` SUBJECTS_FILE the fuller map's further subjects (`nhs_subjects.yaml`, alike); none when
    there is no file."""
    path = knowledge_dir / file
    if not os.path.lexists(path):
        return []
    key = Path(file).stem
    areas = _section(path, key)
    if not isinstance(areas, dict) or not all(
            isinstance(v, list) and v and all(isinstance(t, str) and t.strip() for t in v) for v in areas.values()):
        raise ScopeError(f"{path}: expected `{key}:` mapping each area to a list of topics (one line each)")
    return [t.strip() for topics in areas.values() for t in topics]


def load_everyday(knowledge_dir: Path, kinds: Sequence[RequestKind]) -> list[tuple[str, RequestKind]]:
    """The everyday subjects (`everyday_topics.yaml`: areas, each naming an `out_of_scope.yaml`
    kind and listing short subjects), each with its kind; none when there is no file, or no kinds
    to point to (no `out_of_scope.yaml`)."""
    path = knowledge_dir / EVERYDAY_FILE
    if not os.path.lexists(path):
        return []
    areas = _section(path, "everyday_topics")
    if not isinstance(areas, dict) or not areas:
        raise ScopeError(f"{path}: expected `everyday_topics:` mapping each area to its `kind:` and `topics:`")
    by_name = {k.name: k for k in kinds}
    subjects = []
    for name, entry in areas.items():
        topics = entry.get("topics") if isinstance(entry, dict) else None
        if (not isinstance(entry, dict) or not isinstance(entry.get("kind"), str) or not isinstance(topics, list)
                or not topics or not all(isinstance(t, str) and t.strip() for t in topics)):
            raise ScopeError(f"{path}: `{name}` needs `kind:` (a kind of {OUT_OF_SCOPE_FILE}) and `topics:` (a list of subjects, one line each)")
        if by_name and entry["kind"] not in by_name:
            raise ScopeError(f"{path}: `{name}` names kind `{entry['kind']}`, which {OUT_OF_SCOPE_FILE} does not have")
        subjects += [(t.strip(), by_name[entry["kind"]]) for t in topics if by_name]
    return subjects


def _section(path: Path, key: str):
    """`key`'s value in the YAML file at `path`, or None when the file is not a mapping with it."""
    try:
        data = read_yaml(path, within=path.parent) or {}
    except YamlProblem as e:
        raise ScopeError(f"{path}: {e}") from None
    return data.get(key) if isinstance(data, dict) else None


def _cues(path: Path, name: str, cues) -> tuple[re.Pattern, ...]:
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise ScopeError(f"{path}: `{name}` cues must be a list of regular expressions")
    compiled = []
    for cue in cues:
        try:
            compiled.append(compile_cue(cue))
        except ValueError as e:
            shown = repr(cue) if len(cue) <= 200 else f"{cue[:200]!r}…"
            raise ScopeError(f"{path}: `{name}` cue {shown} is not a regular expression peerbot can use ({e})") from None
    return tuple(compiled)
