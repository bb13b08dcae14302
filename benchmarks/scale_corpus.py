"""Deterministic synthetic corpora for the scale benchmark: Markdown lessons with front matter.

    .venv/bin/python benchmarks/scale_corpus.py OUT --passages 20000 [--seed 14] [--questions Q.txt]

Writes a corpus folder OUT that `PEERBOT_KNOWLEDGE_DIR` can point at: `enablers.yaml`,
`out_of_scope.yaml`, `nhs_topics.yaml` and `everyday_topics.yaml` copied from knowledge/, an empty `contacts.yaml`, and the documents in
`dNNN/doc-NNNNNN-slug.md` (1,000 a folder). Each document has front matter (title, publisher,
url, published, region, organisations, people with roles and organisations, enablers from
enablers.yaml, sometimes aliases) and 20 blocks under four to six headings: paragraphs of
91-140 words of template prose (people, organisations, services, outcomes; now and then an
inline quotation) and two or three blockquotes of 55+ words attributed "— Name, role,
organisation", never two side by side. Any two neighbouring blocks exceed peerbot's 150-word
passage limit, so each block is one passage: `--passages N` gives N passages.

Everything is fictional (benchmarks/scale_vocabulary.py). Document i depends only on the seed
and i, so a smaller corpus is the first part of a larger one. Documents are streamed to disk.
"""

from __future__ import annotations

import argparse
import random
import shutil
import string
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale_vocabulary as V  # noqa: E402

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
PASSAGES_PER_DOCUMENT = 20
DOCUMENTS_PER_FOLDER = 1000
MAX_PARAGRAPH_WORDS = 140
MIN_QUOTE_WORDS = 55
ORGANISATIONS = 1500  # about as many as England's NHS trusts, ICBs, councils and networks together
SIZES = {"2k": 2_000, "20k": 20_000, "100k": 100_000, "1m": 1_000_000}

PLACES = [a + b for a in V.PLACE_STARTS for b in V.PLACE_ENDS]
_FIELDS = {t: [f for _, f, _, _ in string.Formatter().parse(t) if f] for t in
           (*V.SENTENCES, *V.QUOTES, *V.INLINE_QUOTES, *V.OUTCOMES, *V.TAILS)}


def _enabler_phrases() -> dict[str, list[str]]:
    data = yaml.safe_load((KNOWLEDGE / "enablers.yaml").read_text())
    return {e["id"]: [e["name"].lower(), *e.get("synonyms", [])] for e in data["enablers"]}


ENABLERS = _enabler_phrases()


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    organisation: str


@dataclass
class Plan:
    """What one document is about: who, where, which services and enablers."""

    number: int
    rng: random.Random
    place: str
    collaborative: str
    organisations: list[str]
    people: list[Person]
    services: list[str]
    enablers: list[str]

    @property
    def doc_id(self) -> str:
        slug = self.collaborative.lower().replace("'", "").replace(" ", "-")
        return f"doc-{self.number:06d}-{slug}"


def organisation(k: int) -> str:
    """One of `ORGANISATIONS` distinct organisations."""
    k %= ORGANISATIONS
    return f"{PLACES[k % len(PLACES)]} {V.ORG_KINDS[(k // len(PLACES) + k) % len(V.ORG_KINDS)]}"


def person(k: int) -> Person:
    name = f"{V.FIRST_NAMES[k % len(V.FIRST_NAMES)]} {V.LAST_NAMES[(k * 7) % len(V.LAST_NAMES)]}"
    if V.ROLES[k % len(V.ROLES)] in ("Medical director", "Clinical director", "Consultant psychiatrist"):
        name = "Dr " + name
    return Person(name, V.ROLES[k % len(V.ROLES)], organisation(k * 31 + 5))


PEOPLE = len(V.FIRST_NAMES) * len(V.LAST_NAMES)


def plan(number: int, seed: int) -> Plan:
    rng = random.Random(f"{seed}-{number}")
    place = rng.choice(PLACES)
    collaborative = f"{place} {rng.choice(V.SERVICE_AREAS)} Provider Collaborative"
    people = [person(rng.randrange(PEOPLE)) for _ in range(rng.randint(2, 5))]
    organisations = list(dict.fromkeys([p.organisation for p in people] +
                                       [organisation(rng.randrange(ORGANISATIONS)) for _ in range(rng.randint(1, 3))]))
    return Plan(number, rng, place, collaborative, organisations, people, rng.sample(V.SERVICES, 3),
                rng.sample(sorted(ENABLERS), rng.randint(2, 4)))


def _fillers(p: Plan) -> dict[str, Callable[[], str]]:
    rng = p.rng
    pick = rng.choice

    def outcome() -> str:
        text = pick(V.OUTCOMES)
        return text.format(pct=rng.randint(5, 60), num=rng.randint(3, 900), days=rng.randint(1, 9),
                           weeks=rng.randint(2, 10), money=f"£{rng.randint(1, 40) / 2:.1f} million") if "{" in text else text

    def enabler() -> str:
        return pick(ENABLERS[pick(p.enablers)] if rng.random() < 0.7 else ENABLERS[pick(sorted(ENABLERS))])

    service = lambda: pick(p.services) if rng.random() < 0.6 else pick(V.SERVICES)  # noqa: E731
    org = lambda: pick(p.organisations) if rng.random() < 0.8 else organisation(rng.randrange(ORGANISATIONS))  # noqa: E731
    someone = lambda: pick(p.people)  # noqa: E731
    return {
        "org": org, "org2": org, "service": service, "service2": service, "action": lambda: pick(V.ACTIONS),
        "outcome": outcome, "outcome2": outcome, "challenge": lambda: pick(V.CHALLENGES),
        "challenge2": lambda: pick(V.CHALLENGES), "gov": lambda: pick(V.GOVERNANCE),
        "group": lambda: pick(V.GROUPS), "staff": lambda: pick(V.STAFF), "staff2": lambda: pick(V.STAFF),
        "adv": lambda: pick(V.ADVERBS), "adj": lambda: pick(V.ADJECTIVES), "time": lambda: pick(V.TIMES),
        "time_cap": lambda: pick(V.TIMES).capitalize(), "enabler": enabler,
        "place": lambda: p.place if rng.random() < 0.7 else pick(PLACES), "collab": lambda: p.collaborative,
        "first": lambda: someone().name.removeprefix("Dr ").split()[0], "name": lambda: someone().name,
        "speaker": lambda: _speaker(someone()),
    }


def _speaker(x: Person) -> str:
    """"Name, role at organisation", as prose introduces a person."""
    return f"{x.name}, {x.role[0].lower() + x.role[1:]} at {x.organisation}"


def _fill(template: str, fillers: dict[str, Callable[[], str]], capital: bool = True) -> str:
    text = template.format_map({f: fillers[f]() for f in _FIELDS[template]})
    return text[0].upper() + text[1:] if capital else text


def _paragraph(p: Plan, fillers: dict) -> str:
    rng, sentences, words = p.rng, [], 0
    target = rng.randint(91, 110)
    while words < target:
        if rng.random() < 0.04:
            sentence = _fill(rng.choice(V.INLINE_QUOTES), fillers)
        else:
            sentence = _fill(rng.choice(V.SENTENCES), fillers)
            for chance in (0.9, 0.4):  # one or two tails: sentences of 20-30 words, as in the bundled corpus
                if rng.random() < chance:
                    sentence = sentence[:-1] + _fill(rng.choice(V.TAILS), fillers, capital=False) + "."
        n = len(sentence.split())
        if words + n <= MAX_PARAGRAPH_WORDS:
            sentences.append(sentence)
            words += n
    return " ".join(sentences)


def _quote(p: Plan, fillers: dict) -> str:
    parts = []
    while sum(len(q.split()) for q in parts) < MIN_QUOTE_WORDS:
        parts.append(_fill(p.rng.choice(V.QUOTES), fillers))
    who = p.rng.choice(p.people)
    return "> " + " ".join(parts) + f"\n>\n> — {who.name}, {who.role}, {who.organisation}"


def _front_matter(p: Plan) -> str:
    rng = p.rng
    meta = {
        "title": f"{rng.choice(p.services).capitalize()} in {p.place}: lessons from the {p.collaborative}",
        "publisher": rng.choice(V.PUBLISHERS),
        "url": f"https://example.org/lessons/{p.doc_id}",
        "published": str(rng.randint(2018, 2025)),
        "region": f"{p.place} and {rng.choice(PLACES)} ICS",
        "organisations": p.organisations,
        "people": [{"name": x.name, "role": x.role, "organisation": x.organisation} for x in p.people],
        "enablers": p.enablers,
    }
    if rng.random() < 0.5:
        meta["aliases"] = ["".join(w[0] for w in p.collaborative.split()).upper()]
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


def document(number: int, seed: int, blocks: int = PASSAGES_PER_DOCUMENT) -> tuple[str, str]:
    """(document id, Markdown text) of document `number` with `blocks` passages."""
    p = plan(number, seed)
    fillers = _fillers(p)
    rng = p.rng
    quotes: set[int] = set()
    for _ in range(rng.randint(2, 3)):
        at = rng.randrange(1, blocks) if blocks > 1 else 0
        if at and not quotes & {at - 1, at, at + 1}:
            quotes.add(at)
    headings = rng.sample(V.SECTION_HEADINGS, 6)
    breaks = set(rng.sample(range(3, blocks - 2), rng.randint(3, 5))) if blocks > 8 else set()
    out = [_front_matter(p)]
    for i in range(blocks):
        if i == 0 or i in breaks:
            out.append(f"## {headings.pop()}\n")
        out.append((_quote if i in quotes else _paragraph)(p, fillers) + "\n")
    return p.doc_id, "\n".join(out)


def write_corpus(folder: Path, passages: int, seed: int = 14) -> dict:
    """Write a corpus of `passages` passages into `folder` (which must not hold documents yet)."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(KNOWLEDGE / "enablers.yaml", folder / "enablers.yaml")
    shutil.copy(KNOWLEDGE / "out_of_scope.yaml", folder / "out_of_scope.yaml")
    shutil.copy(KNOWLEDGE / "nhs_topics.yaml", folder / "nhs_topics.yaml")
    shutil.copy(KNOWLEDGE / "everyday_topics.yaml", folder / "everyday_topics.yaml")
    (folder / "contacts.yaml").write_text("people: []\n")
    documents, written, size = 0, 0, 0
    while written < passages:
        blocks = min(PASSAGES_PER_DOCUMENT, passages - written)
        doc_id, text = document(documents, seed, blocks)
        sub = folder / f"d{documents // DOCUMENTS_PER_FOLDER:03d}"
        sub.mkdir(exist_ok=True)
        data = text.encode()
        (sub / f"{doc_id}.md").write_bytes(data)
        documents, written, size = documents + 1, written + blocks, size + len(data)
    return {"documents": documents, "passages": written, "bytes": size, "seconds": time.perf_counter() - started}


QUESTIONS = (
    "How did {org} and its partners {action} {service}?",
    "What helped trusts in {place} overcome {challenge}?",
    "How can boards build {enabler}?",
    "Who has experience of {gov} for {service}?",
    "What did {name} say about {enabler}?",
    "How did the {collab} {action} {service}?",
    "How have collaboratives involved {group} when they {action} {service}?",
    "What is the phone number of {org}?",
)


def questions(count: int, documents: int, seed: int = 14) -> list[str]:
    """`count` questions about the first `documents` documents (one in eight off topic)."""
    rng = random.Random(f"{seed}-questions")
    out = []
    for i in range(count):
        p = plan(rng.randrange(documents), seed)
        template = QUESTIONS[i % len(QUESTIONS)]
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f]
        fillers = _fillers(p)
        out.append(template.format_map({f: fillers[f]() for f in fields}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="corpus folder to write (made if missing; must hold no documents)")
    parser.add_argument("--passages", required=True, help=f"passages to write: a number or one of {', '.join(SIZES)}")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--questions", type=Path, help="also write questions about the corpus here, one a line")
    parser.add_argument("--question-count", type=int, default=60)
    args = parser.parse_args()
    passages = SIZES.get(args.passages.lower()) or int(args.passages)
    if args.out.exists() and any(args.out.glob("d*/*.md")):
        parser.error(f"{args.out} already holds documents; give an empty or new folder")
    stats = write_corpus(args.out, passages, args.seed)
    if args.questions:
        args.questions.write_text("\n".join(questions(args.question_count, stats["documents"], args.seed)) + "\n")
    print(f"{stats['documents']} documents, {stats['passages']} passages, {stats['bytes'] / 1e6:.1f} MB "
          f"in {stats['seconds']:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
