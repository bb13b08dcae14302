"""What the thirty-fifth hostile sweep (benchmarks/hostile_sweep35.py, `echo35`) found: an unknown enabler's
name was echoed as typed. Slack `/enabler` showed a typed `*bold*`, `_italic_` or `` `code` `` as formatting,
kept a bidi override, a terminal's escape codes and a zero-width space, and echoed up to 200 characters;
Teams `enabler NAME` echoed 5,000 characters, escape codes, and rendered typed Markdown (bold, a link); the
CLI's one line broke at a typed line break. The name is now `bot.echoed.echoed`: one line of at most 80
characters with no control or format character and its identifiers redacted, each surface escaping its own
markup. Over HTTP to the real Slack app and Teams server, and the CLI as a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from slack_double import PeerbotServer, slash_command
from teams_doubles import chat_card_texts

ROOT = Path(__file__).resolve().parent.parent
NAMES = {
    "escape codes": "\x1b[31mred\x1b]0;title\x07 zebra",
    "a line break": "zebra\n• *urgent* read this",
    "5,000 characters": "zebra " * 850,
    "a bidi override": "\u202earbez gnidliub",
    "formatting": "*bold* _italic_ `code` zebra",
    "a link": "[click here](https://evil.example/x) zebra",
    "a zero-width space in a ping": "@cha\u200bnnel zebra",
    "an NHS number": "zebra 943 476 5919",
}
CONTROLS = re.compile("[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def echo(text: str) -> str:
    found = re.search(r"No enabler called “(.*?)”\.", text, re.S)
    assert found, text[:200]
    return found.group(1)


def common_checks(echoed: str) -> None:
    assert not CONTROLS.search(echoed) and "\n" not in echoed, repr(echoed)
    assert "943 476 5919" not in echoed and "9434765919" not in echoed


@pytest.fixture
def server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def slack_reply(slack, double, text: str) -> str:
    response = slack.command(slash_command("/enabler", text, double.response_url()))
    assert response.status == 200
    reply = json.loads(response.body) if response.body else double.wait_for("chat.postEphemeral")[0].params
    blocks = reply.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return next(b["text"]["text"] for b in blocks if "No enabler called" in str(b.get("text")))


@pytest.mark.parametrize("kind", list(NAMES))
def test_slack_echoes_an_unknown_name_as_one_short_inert_line(server, slack, double, kind):
    echoed = echo(slack_reply(slack, double, NAMES[kind]))
    shown = re.sub(r"<!date\^00000000\^\{_\}\|(.)>", r"\1", echoed)  # a character kept as written
    common_checks(shown)
    assert len(shown) <= 80
    assert not re.search(r"(?<![\w^{])[*_~`]\w", echoed), echoed  # no typed formatting rendered
    assert not re.search(r"<[!@](?!date\^)", echoed)
    assert "@channel" not in shown.replace("@\u2060", "")  # the word joiner keeps it from pinging


def test_slack_still_echoes_a_plain_unknown_name_whole(server, slack, double):
    """Must not take: a plain name is echoed as typed."""
    assert echo(slack_reply(slack, double, "zebra crossings")) == "zebra crossings"


def test_teams_echoes_an_unknown_name_as_one_short_line_without_markdown(settings, shared_answerer, tmp_path):
    texts = [f"enabler {name}" for name in NAMES.values()] + ["enabler zebra crossings"]
    replies = chat_card_texts(settings, shared_answerer.corpus, tmp_path / "teams", texts)
    for kind, reply in zip([*NAMES, "plain"], replies):
        echoed = echo(reply[0])
        common_checks(echoed)
        assert len(echoed) <= 80, kind
        assert not re.search(r"(?<!\\)[*_`]\w", echoed) and "](" not in echoed, (kind, echoed)
    assert echo(replies[-1][0]) == "zebra crossings"


@pytest.fixture
def env(tmp_path, corpus_dir):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_URL"))}
    return {**environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


def test_the_cli_says_an_unknown_name_in_one_line(env):
    subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=env, capture_output=True, timeout=300)
    for kind, name in NAMES.items():
        done = subprocess.run([sys.executable, "-m", "bot.cli", "enabler", name], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("peerbot"), (kind, done.stderr[:200])
        echoed = echo(lines[0])
        common_checks(echoed)
        assert len(echoed) <= 80
