"""Issue 9's quotation promise on documents that are not in the bundled corpus: the adversarial set
(tests/data/quotes_adversarial/, hand-labelled in tests/data/quotes_adversarial.yaml) added to a copy
of the bundled corpus, a Word file imported with `peerbot import`, and every rendering read back
through the real code paths: `peerbot ask` (text and `--json`), `peerbot enabler NAME` (text and
`--json`), `peerbot digest --preview` (text and `--json`), `peerbot contacts`, the Slack app over HTTP
(signed `/peer` and `/enabler` commands, replies caught by the Slack double), and Teams cards.

A violation is a person shown with words that are not, whole word for whole word, inside one of their
own labelled quotations (editorial text or someone else's words in their marks, a quotation with no
clear speaker credited to someone, a quotation cut mid-word), or doubled quotation marks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quote_oracle import gold, normal, who
from test_quote_invariants import Shown, from_json, from_slack, from_teams, from_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "quotes_adversarial"
GOLD = ROOT / "tests" / "data" / "quotes_adversarial.yaml"
QUESTIONS = (
    "How did trusts pool theatre waiting lists through mutual aid?",
    "How did two boards come to share one waiting list?",
    "What did the staff bank and theatre rota change for nurses?",
    "How did the community bed bureau improve patient flow?",
    "What did carers say about being moved between community beds at night?",
    "How did the bed bureau huddle build trust between teams?",
    "What was the aim of one bed base for the whole of Westmoor?",
    "How did practices share staff in a primary care hub?",
    "How did the hub cut waits for routine appointments?",
    "What motto did the Southdown hub have for every patient from the first week?",
    "How did an urgent care hub cut ambulance handover delays?",
    "How did a crisis line join up out-of-hours mental health teams?",
    "What did the regulator and the auditor say about the pooled lists?",
    "How did a shared discharge team cut discharge delays across two community trusts?",
)
ENABLERS = ("building-trust", "clinical-leadership", "shared-ambitions", "form-follows-function")
_DOUBLED = ("““", "””", "“\"", "\"”", "‘‘", "’’")


@dataclass
class Report:
    """What the checks read, by surface, and what they found wrong."""

    pairs: dict[str, int] = field(default_factory=dict)  # surface -> (words, person) pairs shown
    violations: list[str] = field(default_factory=list)

    def add(self, surface: str, shown: Shown) -> None:
        self.pairs[surface] = self.pairs.get(surface, 0) + len(shown.pairs)
        self.violations += problems(shown, surface)

    def check(self, surface: str, read: Callable[[], Shown]) -> None:
        try:
            self.add(surface, read())
        except AssertionError as e:  # a reader's own check (a contact's reason holding quotation marks)
            self.pairs.setdefault(surface, 0)
            self.violations.append(f"{surface}: {e}")


def quotations() -> tuple[dict, ...]:
    """The bundled corpus's labelled quotations and the adversarial set's."""
    return gold() + gold(GOLD)


def said_by(words: str, name: str) -> bool:
    """Whether `words` are whole words inside one of `name`'s own labelled quotations."""
    wanted = f" {normal(words)} "
    return wanted.strip() != "" and any(
        q["speaker"] and who(q["speaker"]) == who(name) and wanted in f" {normal(q['words'])} " for q in quotations())


def problems(shown: Shown, surface: str) -> list[str]:
    """Words credited to someone who did not say them; doubled marks; a credit line ("— Name, …")
    under words that close with a straight mark (a quotation ending in a quotation, shown without
    its own marks)."""
    found = [f"{surface}: {name} credited with {words!r}" for words, name in shown.pairs if not said_by(words, name)]
    rendered = [] if "--json" in surface else shown.strings  # JSON adds no marks; its `text` is the corpus's own
    found += [f"{surface}: doubled marks in {text[:120]!r}" for text in rendered if any(d in text for d in _DOUBLED)]
    for before, text in zip([""] + rendered, rendered):
        credited = [m.group(1) for m in re.finditer(r"([^\n]*)\n[ \t>]*— ", text)]
        credited += [before] if text.startswith("— ") else []
        found += [f"{surface}: a credit under a quotation that lost its own marks: {words[-80:]!r}"
                  for words in credited if words.rstrip().endswith('"')]
    return found


def write_docx(path: Path) -> None:
    """A Word briefing: a Quote paragraph with its attribution, one without, an editorial paragraph
    quoting a phrase after naming someone, an inline quotation, and an Intense Quote with its
    attribution after a line break."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Mental health crisis lines in Hillside: a Word briefing"
    document.add_heading("Mental health crisis lines in Hillside: a Word briefing", 0)
    document.add_heading("One number for a crisis", 1)
    document.add_paragraph("The Hillside crisis line joined up three trusts’ out-of-hours mental health teams.")
    document.add_paragraph("“Callers no longer had to know which trust covered their street before they got help.”",
                           style="Quote")
    document.add_paragraph("— Rachel Ward, Crisis line manager, Hillside Mental Health NHS Trust", style="Quote")
    document.add_paragraph("The crisis line staff rota was shared by all three trusts from the first night.")
    document.add_paragraph("“The crisis line is the front door the whole system should have had years ago.”",
                           style="Quote")
    document.add_paragraph("The crisis line team, led by Rachel Ward, used what staff called “the no wrong door "
                           "promise for every single caller”.")
    document.add_heading("Out-of-hours teams", 1)
    document.add_paragraph("“We answered ninety per cent of calls within a minute by the spring,” said Ben Cole.")
    run = document.add_paragraph(style="Intense Quote").add_run(
        "“Nobody was turned away because of a postcode or a boundary.”")
    run.add_break()
    run.add_text("— Ben Cole, Clinical lead, Hillside Mental Health NHS Trust")
    document.save(str(path))


LESSON_DID = """Our discharge team worked across both community trusts from the spring. Our chief executive said \
"we will not let a trust boundary delay a single discharge ever again" at the launch.

> we stopped counting whose patient it was and started counting the days they waited
- the ward managers

Chris Doyle told us the team had "the shortest discharge delays in the whole region by the autumn"."""
LESSON_LEARNED = """\"Start small\" is what everyone says, and it's true. Chris Doyle says "the shared discharge team \
paid for itself within six months of starting". The trusts' finance leads agreed."""


def write_chat_lesson(knowledge: Path) -> None:
    """A lesson shared in chat and approved, as the lesson desk writes it (bot/lessons/markdown.py):
    the contact in `people:`, the typed text with straight quotes and a Slack-style blockquote."""
    from bot.lessons.markdown import LESSONS_FOLDER, file_name, lesson_markdown
    from bot.lessons.model import Draft, Lesson, Origin

    draft = Draft(title="A shared discharge team across two community trusts", did=LESSON_DID, learned=LESSON_LEARNED,
                  organisation="Hillside Community Health NHS Trust", contact="Chris Doyle", contact_agreed=True,
                  enablers=("building-trust",))
    lesson = Lesson(901, "approved", draft, Origin("slack", "U0CURATOR"), "2026-11-01")
    (knowledge / LESSONS_FOLDER).mkdir(exist_ok=True)
    (knowledge / LESSONS_FOLDER / file_name(lesson)).write_text(lesson_markdown(lesson, "2026-11-01"))


def environment(root: Path, bundled: Path) -> dict[str, str]:
    """`peerbot`'s environment over a corpus under `root`: a copy of the bundled corpus (the folder
    `bundled`), the adversarial documents, and the Word file brought in with `peerbot import`;
    indexed with the hashing model."""
    knowledge = root / "knowledge"
    shutil.copytree(bundled, knowledge)
    for path in FIXTURES.iterdir():
        shutil.copy(path, knowledge / path.name)
    write_chat_lesson(knowledge)
    env = {**os.environ, "PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(knowledge),
           "PEERBOT_MODEL": "hashing"}
    (root / "incoming").mkdir()
    write_docx(root / "incoming" / "adv-crisis-line-word.docx")
    peerbot(env, "import", str(root / "incoming" / "adv-crisis-line-word.docx"), "--publisher", "Adversarial Test Press")
    peerbot(env, "index")
    return env


def peerbot(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          input=stdin)
    assert done.returncode == 0, (args, done.stderr[-2000:])
    return done.stdout


def check_cli(env: dict[str, str], report: Report) -> None:
    """`peerbot ask`, `enabler`, `contacts` and `digest --preview`, as text and JSON."""
    questions = "\n".join(QUESTIONS)
    report.check("ask text", lambda: from_text(peerbot(env, "ask", "-", stdin=questions)))
    answers = [json.loads(line) for line in peerbot(env, "ask", "--json", "-", stdin=questions).splitlines()]
    assert len(answers) == len(QUESTIONS)
    report.check("ask --json", lambda: from_json(answers))
    for enabler in ENABLERS:
        report.check("enabler text", lambda e=enabler: from_text(peerbot(env, "enabler", e)))
        report.check("enabler --json", lambda e=enabler: from_json(json.loads(peerbot(env, "enabler", "--json", e))))
    report.check("contacts text", lambda: from_text(peerbot(env, "contacts")))
    report.check("contacts --json", lambda: from_json(json.loads(peerbot(env, "contacts", "--json"))))
    since = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    report.check("digest text", lambda: from_text(peerbot(env, "digest", "--preview", "--since", since)))
    report.check("digest --json", lambda: from_json(json.loads(peerbot(env, "digest", "--preview", "--json", "--since", since))))


def log_questions(settings) -> None:
    """The battery asked in a public channel, so the digest has questions and people to show."""
    from bot.answerer import Answerer  # noqa: F401  (the corpus's answering path, as the server has it)
    from bot.corpus import open_corpus, open_state
    from bot.question import PUBLIC, Question
    from bot.service import Peerbot

    corpus, _ = open_corpus(settings)
    state = open_state(settings)
    try:
        peerbot_ = Peerbot(corpus, state)
        for question in QUESTIONS:
            peerbot_.ask(Question("cli", "C1", question, place=PUBLIC))
    finally:
        state.close()
        corpus.close()


def check_teams(settings, report: Report) -> None:
    """Teams cards for every answer and enabler summary (rendered as the Teams adapter renders them)."""
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.enablers.guide import EnablerGuide
    from bot.plaintext.answers import render_answer
    from bot.teams import cards

    corpus, _ = open_corpus(settings)
    try:
        answerer = Answerer(corpus)
        for question in QUESTIONS:
            answer = answerer.answer(question)
            report.check("Teams answer", lambda a=answer: from_teams(cards.answer_card(a, "qid", {}, render_answer(a))))
        guide = EnablerGuide(corpus)
        for enabler in ENABLERS:
            summary = guide.summarise(enabler)
            report.check("Teams enabler", lambda s=summary: from_teams(cards.summary_card(s, {})))
    finally:
        corpus.close()


def check_slack(settings, report: Report) -> None:
    """Signed `/peer` and `/enabler` commands to the Slack app over HTTP; the replies the Slack double caught."""
    from slack_double import PeerbotServer, SlackDouble, SlackSender, slash_command

    from bot.corpus import open_corpus

    corpus, _ = open_corpus(settings)
    try:
        with SlackDouble() as double, PeerbotServer(settings, corpus, double) as server:
            slack = SlackSender(server.events_url)
            asks = [("/peer", q) for q in QUESTIONS] + [("/enabler", e) for e in ENABLERS]
            for i, (command, text) in enumerate(asks, 1):
                assert slack.command(slash_command(command, text, double.response_url())).status == 200
                (reply,) = double.wait_for("chat.postEphemeral", count=i)[i - 1:]
                report.check(f"Slack {command}", lambda r=reply: from_slack(_Rendered(r["text"], r.blocks)))
    finally:
        corpus.close()


@dataclass
class _Rendered:
    """A message the Slack double caught, as `from_slack` reads a rendering."""

    text: str
    blocks: list[dict]


def check_everything(root: Path, bundled: Path = ROOT / "knowledge") -> Report:
    """Every surface checked over a corpus built under `root` from `bundled` (the tests give the
    run's copy of knowledge/)."""
    from bot.settings import Settings

    env = environment(root, bundled)
    settings = Settings(data_dir=root / "data", knowledge_dir=root / "knowledge", model="hashing")
    report = Report()
    check_parser(root / "knowledge", report)
    log_questions(settings)
    check_cli(env, report)
    check_slack(settings, report)
    check_teams(settings, report)
    return report


def check_parser(knowledge: Path, report: Report) -> None:
    """Every quotation the index finds in the adversarial documents, credited only to its speaker,
    with words that are whole words of the document."""
    from index.chunking import chunk_blocks, drop_repeated_blocks, parse_blocks
    from index.documents import load_document
    from index.quotes import find_quotations

    for path in sorted([*knowledge.glob("adv-*"), *knowledge.glob("lessons/lesson-901-*")]):
        if path.suffix not in (".md", ".html"):
            continue
        doc = load_document(path)
        blocks = drop_repeated_blocks(parse_blocks(doc.body))
        passages = chunk_blocks(blocks)
        quotes = find_quotations(passages, doc.people, [b.text for b in blocks if b.kind == "quote"])
        shown = Shown()
        for passage, found in zip(passages, quotes):
            for quote in found:
                text = passage.text
                if quote.start > 0 and text[quote.start - 1].isalnum() or quote.end < len(text) and text[quote.end].isalnum():
                    report.violations.append(f"parser: cut mid-word in {doc.id}: {quote.text!r}")
                if quote.name:
                    shown.pairs.append((quote.text, quote.name))
        report.add("parser", shown)
