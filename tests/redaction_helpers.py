"""For the redaction tests: the redaction benchmark (benchmarks/redaction.py) as a module (its sets, their
loading and scoring, the people and organisations the bundled corpus names), a question sent as a signed
Slack direct message to the served app, with what reached the state database, the log and Slack, and questions
sent as signed mentions in a public channel and then digested, with what reached each of those and the digest."""

import importlib.util
import json
import logging
import sqlite3
from dataclasses import dataclass

from conftest import ROOT
from corpus_helpers import open_answerer
from slack_double import PeerbotServer, SlackDouble, SlackSender, app_mention, direct_message

from bot.cli import main
from bot.redact import publish

_spec = importlib.util.spec_from_file_location("redaction_benchmark", ROOT / "benchmarks" / "redaction.py")
benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(benchmark)


def publish_corpus_names() -> None:
    """The people and organisations the bundled corpus names, published as `open_corpus` publishes them."""
    publish(benchmark.leaders(), benchmark.organisations())


def every_row(path) -> str:
    """Every row of every table of the SQLite database at `path`, as text."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(repr(row) for table in tables for row in db.execute(f'SELECT * FROM "{table}"'))


def through_a_direct_message(settings, embedder, caplog, text: str) -> tuple[str, str, str]:
    """`text` sent as a Slack direct message to a served app and answered: (every row the state database
    then holds, the log at DEBUG, everything sent to Slack)."""
    answerer = open_answerer(settings, embedder)
    with SlackDouble() as double, caplog.at_level(logging.DEBUG):
        with PeerbotServer(settings, answerer.corpus, double) as server:
            assert SlackSender(server.events_url).event(direct_message(text)).status == 200
            double.wait_for("chat.postMessage")
            server.drain()
        sent = "\n".join(f"{c.params}\n{c.blocks_text}" for c in double.calls)
    log = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    return every_row(settings.state_db_path), log, sent


@dataclass(frozen=True)
class Digested:
    """What questions mentioned in a public channel left behind: every row of the state database, the log at DEBUG,
    everything sent to Slack, and the week's digest as JSON and as the preview's text."""

    stored: str
    log: str
    sent: str
    digest: dict
    preview: str

    def everywhere(self) -> dict[str, str]:
        """Each place a question's text may reach, by name."""
        return {"state database": self.stored, "log": self.log, "Slack": self.sent, "digest preview": self.preview,
                "digest JSON": json.dumps(self.digest, ensure_ascii=False)}

    def leaked(self, details) -> dict[str, list[str]]:
        """The `details` (any case) found in each place, by the place's name: empty when none leaked."""
        return {where: found for where, text in self.everywhere().items()
                if (found := [detail for detail in details if detail.lower() in text.lower()])}


_DIGEST_SETTINGS = {"PEERBOT_MODEL": "hashing", "DIGEST_DAY": "sun", "DIGEST_TIME": "23:59", "DIGEST_TIMEZONE": "UTC"}
_UNSET = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DIGEST_CHANNELS", "TEAMS_ALLOW_ANONYMOUS")


def mentioned_and_digested(settings, embedder, monkeypatch, caplog, capsys, questions) -> Digested:
    """Each of `questions` sent as a signed Slack mention in a public channel of a served app and answered, then the
    week's digest previewed by the CLI (its settings the test's folders, a week whose digest is sent on Sunday night)."""
    for name in _UNSET:
        monkeypatch.delenv(name, raising=False)
    for name, value in {**_DIGEST_SETTINGS, "PEERBOT_DATA_DIR": str(settings.data_dir),
                        "PEERBOT_KNOWLEDGE_DIR": str(settings.knowledge_dir)}.items():
        monkeypatch.setenv(name, value)
    answerer = open_answerer(settings, embedder)
    with SlackDouble() as double, caplog.at_level(logging.DEBUG):
        with PeerbotServer(settings, answerer.corpus, double) as server:
            slack = SlackSender(server.events_url)
            for question in questions:
                assert slack.event(app_mention(question, channel="C0PUBLIC01")).status == 200
            double.wait_for("chat.postMessage", len(questions))
            server.drain()
        sent = "\n".join(f"{json.dumps(c.params, ensure_ascii=False)}\n{c.blocks_text}" for c in double.calls)
    capsys.readouterr()
    assert main(["digest", "--preview", "--json", "--since", "2000-01-01"]) == 0
    digest = json.loads(capsys.readouterr().out)
    assert main(["digest", "--preview", "--since", "2000-01-01"]) == 0
    preview = capsys.readouterr().out
    log = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    return Digested(every_row(settings.state_db_path), log, sent, digest, preview)
