"""What the thirty-seventh hostile sweep (benchmarks/hostile_sweep37.py) found: characters that act on a
terminal or reorder text reached readers. YAML's own escapes (`"\\e]0;…\\a"`, `"\\x9b"`, `"\\u202e"`) made
them in front matter, contacts.yaml and enablers.yaml after the raw text was cleaned; a Markdown body kept
raw escape codes, backspaces, DEL, BEL and bare carriage returns; a lesson typed in Slack went to the
curator's terminal as typed. All now `index.text.readable` where the corpus is read, and on the CLI's
standard output. The CLI as a subprocess and `peerbot serve` over HTTP with the local Slack double."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from serve_process import start_serve, stop, wait_for_health
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    free_port,
    slash_command,
    view_submission,
)

from index.integrity import write_manifest

ROOT = Path(__file__).resolve().parent.parent
BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ESCAPED = {"an OSC title": "\\e]0;owned\\a", "a clear screen": "\\e[2J", "a C1 CSI": "\\x9b31m",
           "backspaces": "safe\\b\\b\\b\\b", "a carriage return": "ok\\rEVIL", "a bidi override": "\\u202e0001\\u202c"}
RAW = "\x1b]0;owned\x07 \x1b[2J \xc2\x9b31m safe\b\b\b\b ok\rEVIL \x7f\x07".encode("latin-1").decode("utf-8")
ZEBRA = "How did the zebra rota pooling work across trusts?"
YAK = "How did the yak rota pooling work across trusts?"


def _zebra(escaped: str) -> str:
    return (f'---\ntitle: "Zebra rota {escaped} lessons"\npublisher: "Zebra {escaped} Trust"\n'
            f'people:\n  - name: "Dr Zed {escaped}Zebra"\n    role: "Chief {escaped} executive"\n'
            f'    organisation: "Zebra {escaped} Partnership"\n---\n\n# Zebra rota\n\n'
            "The zebra rota pooling across trusts was announced to every ward and kept staff safe. "
            "\u201cWe shared the zebra rota with every ward,\u201d said Dr Zed Zebra, chief executive.\n")


def _corpus(corpus_dir: Path, escaped: str) -> None:
    (corpus_dir / "zebra.md").write_text(_zebra(escaped), encoding="utf-8")
    (corpus_dir / "yak.md").write_text("# Yak rota\n\nThe yak rota pooling across trusts " + RAW
                                       + " was announced to every ward and kept staff safe.\n", encoding="utf-8")
    (corpus_dir / "contacts.yaml").write_text(
        f'people:\n  - name: Dr Zed Zebra\n    region: "Zebra {escaped} ICS"\n    topics: ["zebra {escaped} rotas"]\n')
    enablers = (corpus_dir / "enablers.yaml").read_text(encoding="utf-8")
    (corpus_dir / "enablers.yaml").write_text(enablers.rstrip() + (
        f'\n\n  - id: zebra-rotas\n    name: "Zebra {escaped} rotas"\n'
        f'    description: "Rotas pooled {escaped} across trusts."\n    synonyms: [zebra rotas]\n'), encoding="utf-8")


def peerbot(env: dict, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


def strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1"}


@pytest.mark.parametrize("kind", list(ESCAPED))
def test_yaml_escapes_in_front_matter_contacts_and_enablers_reach_no_reader(env, corpus_dir, kind):
    _corpus(corpus_dir, ESCAPED[kind])
    assert peerbot(env, "index").returncode == 0
    answer = peerbot(env, "ask", "--json", ZEBRA)
    contacts = peerbot(env, "contacts", "--json", "zebra")
    enabler = peerbot(env, "enabler", "--json", "zebra rotas")
    for done in (answer, contacts, enabler):
        assert done.returncode == 0, done.stderr
        shown = strings(json.loads(done.stdout))  # JSON writes an escape code as \u001b: decoded, it is back
        assert "zebra" in " ".join(shown).lower()
        assert not [s for s in shown if BAD.search(s)], [s for s in shown if BAD.search(s)][:3]


def test_raw_controls_in_a_markdown_body_are_dropped_and_its_text_kept(env, corpus_dir):
    _corpus(corpus_dir, "plain")
    assert peerbot(env, "index").returncode == 0
    passages = [s["text"] for s in json.loads(peerbot(env, "ask", "--json", YAK).stdout)["snippets"]
                if "yak rota" in s["text"]]
    assert passages and not BAD.search(passages[0]), passages[:1]
    assert "EVIL" in passages[0] and "announced to every ward" in passages[0]


def test_a_file_an_older_index_read_with_its_controls_is_read_again(env, corpus_dir):
    """A build before this rule stored the body's controls under the hash of the file's bytes alone; the
    file's hash now counts its control bytes, so the next build reads it again. Must not take: a file
    without them is not read again."""
    _corpus(corpus_dir, "plain")
    assert peerbot(env, "index").returncode == 0
    folder = (Path(env["PEERBOT_DATA_DIR"]) / "index" / "current").resolve()
    with sqlite3.connect(folder / "index.db") as db:  # as a build before the rule left it
        for doc_id in ("yak", "zebra"):
            raw = (corpus_dir / f"{doc_id}.md").read_bytes()
            db.execute("UPDATE documents SET content_hash = ? WHERE id = ?", (hashlib.sha256(raw).hexdigest(), doc_id))
    write_manifest(folder, json.loads((folder / "checksums.json").read_text())["vectors"])
    again = peerbot(env, "index")
    assert again.returncode == 0 and " 1 updated" in again.stdout, again.stdout + again.stderr  # yak.md alone
    assert " 0 updated" in peerbot(env, "index").stdout  # and once read, unchanged


def _serve(env: dict, double: SlackDouble, **more: str):
    port = free_port()
    process = start_serve(env, PORT=str(port), SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                          SLACK_API_URL=double.api_url, **more)
    url = f"http://127.0.0.1:{port}"
    wait_for_health(url, process)
    return process, url


def test_a_slack_answer_from_such_a_corpus_holds_no_control_or_bidi_character(env, corpus_dir):
    _corpus(corpus_dir, ESCAPED["an OSC title"] + ESCAPED["a bidi override"])
    assert peerbot(env, "index").returncode == 0
    with SlackDouble() as double:
        process, url = _serve(env, double)
        try:
            for question in (ZEBRA, YAK):
                mention = app_mention(question)
                assert SlackSender(f"{url}/slack/events").event(mention).status == 200
                post = double.wait_for("chat.postMessage", timeout=120, thread_ts=mention["event"]["ts"])[0]
                shown = [str(post.get("text", "")), *strings(post.blocks)]
                assert question.split()[3] in " ".join(shown).lower()  # zebra, yak: the lesson answered
                assert not [s for s in shown if BAD.search(s)]
        finally:
            stop(process)


LESSON = {"did": "We pooled the otter rota across trusts.", "learned": "Agree the rules first.",
          "organisation": "Example Surgical Collaborative", "enablers": ["building-trust"], "contact": "",
          "contact_agreed": False, "contributor": "", "contributor_named": False}


def test_a_lesson_typed_in_slack_with_escape_codes_reaches_the_review_card_and_terminal_inert(env):
    """Before: the review channel's card and `peerbot lessons` showed the title as typed (a lesson's text
    is now `readable` where any surface's form is checked)."""
    typed = "Otter rota \x1b]0;owned\x07\x1b[2J\x9b31m \u202elessons\u202c ok\rEVIL\b\b"
    with SlackDouble() as double:
        process, url = _serve(env, double, PEERBOT_REVIEW_CHANNEL="C0REVIEW37", PEERBOT_CURATORS="U061F7AUR")
        try:
            sender = SlackSender(f"{url}/slack/events")
            assert sender.command(slash_command("/lesson", "Boards", double.response_url())).status == 200
            double.wait_for("views.open", timeout=60)
            form = double.views[-1]
            assert sender.interaction(view_submission(form, {**LESSON, "title": typed})).status == 200
            card = double.wait_for("chat.postMessage", timeout=120, channel="C0REVIEW37")[0]
        finally:
            stop(process)
    shown = [str(card.get("text", "")), *strings(card.blocks)]
    assert "Otter rota" in " ".join(shown) and not [s for s in shown if BAD.search(s)], shown[:2]
    listed = peerbot(env, "lessons")
    assert listed.returncode == 0 and "Otter rota ]0;owned[2J31m lessons" in listed.stdout, listed.stdout
    assert not BAD.search(listed.stdout), repr(listed.stdout[:300])


def test_typed_text_a_command_quotes_back_on_standard_output_is_inert(env):
    """Before: `contacts NAME` and `forget --channel ID` wrote the typed text back as it came (standard output
    now writes text `readable`)."""
    typed = "zz\x1b]0;owned\x07\x1b[2J\x9b31m\u202e\b\x7f"
    for argv in (["contacts", typed], ["forget", "--channel", f"C0{typed}"]):
        done = peerbot(env, *argv)
        assert done.returncode == 0 and "zz]0;owned[2J31m" in done.stdout, done.stdout + done.stderr
        assert not BAD.search(done.stdout + done.stderr), repr(done.stdout)


def test_an_error_line_quoting_a_file_or_typed_text_is_inert(env, tmp_path):
    """Before: an eval question set's unknown field and a usage error's typed argument went to standard
    error as written (the error line and argparse's usage error now `readable`, as peerbot's warnings)."""
    typed = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e\b\x7f"
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"q": "How did the trusts share staff?", f"zz{typed}": 1}) + "\n")
    unknown = peerbot(env, "eval", str(questions))
    usage = peerbot(env, "lessons", "approve", f"9{typed}")
    assert unknown.returncode == 1 and "unknown field `zz]0;owned[2J31m`" in unknown.stderr, unknown.stderr
    assert usage.returncode == 2 and "got 9]0;owned[2J31m" in usage.stderr, usage.stderr
    for done in (unknown, usage):
        assert not BAD.search(done.stderr + done.stdout), repr(done.stderr)
