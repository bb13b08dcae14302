"""For the redaction tests: the redaction benchmark (benchmarks/redaction.py) as a module (its sets, their
loading and scoring, the people and organisations the bundled corpus names), and a question sent as a signed
Slack direct message to the served app, with what reached the state database, the log and Slack."""

import importlib.util
import logging
import sqlite3

from conftest import ROOT
from corpus_helpers import open_answerer
from slack_double import PeerbotServer, SlackDouble, SlackSender, direct_message

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
