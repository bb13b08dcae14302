"""Whether a question names the subject of an enabler the lessons speak to (pure): "how did collaboratives tackle
health inequalities?", "what does form follows function mean?". Such a question is covered, whatever the null model
(`knowledge/nhs_topics.yaml`) or the similarity floor make of it: the lessons are tagged with that enabler."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index import STOPWORDS, Enabler

_LEADING = re.compile(r"^[a-z]+ing\s+(?:(?:around|with|through|on|for|the|a|an)\s+)*")  # "tackling", "partnering with the"


def subject_names(enablers: Iterable[Enabler], tagged: set[str]) -> tuple[str, ...]:
    """The phrases naming the subjects of `enablers` that a lesson is `tagged` with: each name, and the name without
    its opening verb when two words or more are left ("health inequalities" of "Tackling health inequalities";
    not "trust" of "Building trust", which names any NHS trust)."""
    names: list[str] = []
    for enabler in enablers:
        if enabler.id not in tagged:
            continue
        name = enabler.name.lower()
        names.append(name)
        subject = _LEADING.sub("", name)
        if subject != name and len([w for w in subject.split() if w not in STOPWORDS]) >= 2:
            names.append(subject)
    return tuple(names)


def names_subject(question: str, names: tuple[str, ...]) -> bool:
    """Whether `question` names one of `names` (`subject_names`), as whole words, in any case."""
    text = " ".join(re.findall(r"[a-z0-9]+", question.lower()))
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)
