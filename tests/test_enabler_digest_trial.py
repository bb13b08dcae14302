"""What benchmarks/enabler_digest_trial.py found, over the real surfaces: `peerbot enabler` and a signed
`/enabler` to the Slack app on 127.0.0.1, on the bundled corpus with the adversarial quote documents
(tests/data/quotes_adversarial/) added, with the hashing model; one corpus and one server for the module."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from slack_double import PeerbotServer, SlackDouble, SlackSender, slash_command

from bot import messages
from bot.cli import main
from bot.corpus import open_corpus
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "quotes_adversarial"
COUNT = re.compile(r"(\d+) lessons? in the library speaks? to this")
LISTED = re.compile(r"^• \*(.+?)\*: .* \((\d+) lessons?\)$", re.M)
LIST = ""  # the key of `/enabler`'s list among the replies


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("enabler-trial")
    shutil.copytree(ROOT / "knowledge", root / "knowledge")
    for path in FIXTURES.iterdir():
        shutil.copy(path, root / "knowledge" / path.name)
    return Settings(data_dir=root / "data", knowledge_dir=root / "knowledge", model="hashing")


@pytest.fixture(scope="module")
def corpus(settings):
    corpus, _ = open_corpus(settings)
    yield corpus
    corpus.close()


@pytest.fixture(scope="module")
def enablers(corpus) -> list[str]:
    return [e.id for e in corpus.enablers]


@pytest.fixture(scope="module")
def slack_replies(settings, corpus, enablers) -> dict[str, dict]:
    return enabler_replies(settings, corpus, enablers)


def enabler_replies(settings, corpus, enablers) -> dict[str, dict]:
    """Every enabler's `/enabler` reply, as the Slack double received it."""
    with SlackDouble() as double, PeerbotServer(settings, corpus, double) as server:
        slack = SlackSender(server.events_url)
        replies = {}
        for i, enabler in enumerate(enablers, 1):
            assert slack.command(slash_command("/enabler", enabler, double.response_url())).status == 200
            replies[enabler] = double.wait_for("chat.postEphemeral", count=i)[i - 1]
        assert slack.command(slash_command("/enabler", "", double.response_url())).status == 200
        replies[LIST] = double.wait_for("chat.postEphemeral", count=len(enablers) + 1)[-1]
        return replies


def cited_documents(summary: dict) -> set[str]:
    """The documents a summary's practices, examples and quotations cite."""
    snippets = [*summary["practices"], *(e for e in summary["examples"])]
    return {s["document"]["id"] for s in snippets} | {q["document"]["id"] for q in summary["quotes"]}


def test_an_enablers_lesson_count_is_never_fewer_than_the_lessons_its_summary_cites(settings, enablers, monkeypatch,
                                                                                      capsys):
    monkeypatch.setenv("PEERBOT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PEERBOT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("PEERBOT_MODEL", "hashing")
    cited: set[str] = set()
    counts: dict[str, int] = {}
    for enabler in enablers:
        assert main(["enabler", enabler, "--json"]) == 0
        summary = json.loads(capsys.readouterr().out)
        assert summary["lesson_count"] >= len(cited_documents(summary)), enabler
        assert main(["enabler", enabler]) == 0
        out = capsys.readouterr().out
        if summary["lesson_count"]:
            shown = COUNT.search(out)
            assert shown and int(shown.group(1)) == summary["lesson_count"]
        else:  # an enabler no lesson speaks to says so plainly, and shows nothing as its evidence
            assert "No lessons yet on" in out and not cited_documents(summary)
        cited.update(cited_documents(summary))
        counts[summary["enabler"]["name"]] = summary["lesson_count"]
    assert cited  # the corpus is not so thin that no enabler cites anything
    assert main(["enabler", "--json"]) == 0  # the list counted only linked documents: fewer than its summaries
    listed = json.loads(capsys.readouterr().out)
    listed = listed["enablers"] if isinstance(listed, dict) else listed
    assert {e["name"]: e["lesson_count"] for e in listed} == counts
    assert main(["enabler"]) == 0
    out = capsys.readouterr().out
    assert all(f"{messages.lessons(n)}" in line for name, n in counts.items()
               for line in out.splitlines() if line.startswith(f"{name} ("))


def test_slack_enabler_replies_count_every_lesson_they_cite_and_fit_slacks_limits(slack_replies):
    check_replies(slack_replies)


def test_with_the_real_model_too(real_corpus, tmp_path):
    """The real model links fewer documents to an enabler than its summary finds by meaning
    ("Supporting staff through change": one linked, three cited), which the count once missed."""
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=ROOT / "knowledge")
    check_replies(enabler_replies(settings, real_corpus, [e.id for e in real_corpus.enablers]))


def check_replies(replies: dict[str, dict]) -> None:
    """Each reply within Slack's limits, pinging no one, its count of lessons no fewer than the lessons it
    cites and the same as `/enabler`'s list gives it."""
    listed = {name: int(n) for name, n in LISTED.findall("\n".join(
        b["text"]["text"] for b in replies.pop(LIST).blocks if b.get("type") == "section"))}
    assert len(listed) == len(replies)
    counted = 0
    for enabler, reply in replies.items():
        name = max((n for n in listed if n in reply["text"]), key=len)  # the enabler the reply is about
        if "No lessons yet on" in reply["text"]:
            assert listed[name] == 0, enabler
            continue
        blocks = reply.blocks
        counted += 1
        assert 0 < len(blocks) <= 50, enabler
        texts = [b["text"]["text"] for b in blocks if b.get("text")]
        assert all(len(t) <= 3000 for t in texts), enabler
        count = next(int(m.group(1)) for b in blocks if b["type"] == "context"
                     for e in b["elements"] if (m := COUNT.search(e.get("text", ""))))
        sources = {re.sub(r"^<[^|>]*\|([^>]*)>", r"\1", e["text"]).split(" · ")[0]
                   for b in blocks if b["type"] == "context" for e in b["elements"]
                   if " · " in e.get("text", "") and not e["text"].startswith("*")}
        assert count >= len(sources) > 0, (enabler, count, sources)
        assert listed[name] == count, (enabler, listed[name], count)
        assert "<!channel>" not in json.dumps(blocks) and "<!here>" not in json.dumps(blocks)
    assert counted
