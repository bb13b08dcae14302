"""What the thirty-third hostile sweep (benchmarks/hostile_sweep33.py) found in what people type: a command,
an enabler's name or a thread's cue typed in fullwidth letters, with a Cyrillic or Greek look-alike among
Latin letters, or with zero-width spaces, joiners, soft hyphens or no-break spaces in it was not recognised
(`/enabler ｔｒｕｓｔ`: "No enabler called trust"; `/peer ｈｅｌｐ` and Teams `һelp` answered as questions;
"ｓａｖｅ this as a lesson: …" searched; "whо led that?" with a Cyrillic о declined as not English;
`forget --channel Ｃ０ＡＢ１２ＣＤ` said it erased a channel's records and erased none). Each is now read as
typed plainly (`bot/typed_words.py`). Over HTTP to the real Slack app and Teams server, and the CLI as a
subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from slack_double import PeerbotServer, app_mention, direct_message, slash_command
from teams_doubles import chat_card_texts

from bot.typed_words import typed_words

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How did the trusts set up a shared staff bank?"


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


TYPED = {  # how a word is typed, to look like itself
    "fullwidth": fullwidth,
    "a Cyrillic look-alike": lambda t: t.replace("s", "\u0455").replace("e", "\u0435").replace("h", "\u04bb"),
    "a Greek look-alike": lambda t: t.replace("u", "\u03c5").replace("o", "\u03bf"),
    "zero-width spaces": lambda t: "\u200b".join(t),
    "a soft hyphen and a joiner": lambda t: t[:2] + "\u00ad" + t[2:3] + "\u200d" + t[3:],
    "no-break spaces and a BOM": lambda t: "\ufeff\u00a0" + t.replace(" ", "\u00a0") + "\u00a0",
}


@pytest.fixture
def server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def ephemeral(slack, double, command: str, text: str) -> str:
    response = slack.command(slash_command(command, text, double.response_url()))
    assert response.status == 200
    if response.body:
        return json.dumps(json.loads(response.body))
    return double.wait_for("chat.postEphemeral")[0].blocks_text


@pytest.mark.parametrize("typing", list(TYPED))
def test_slash_enabler_typed_with_look_alike_or_invisible_characters_summarises_the_enabler(server, slack, double,
                                                                                        typing):
    """Must not take: the name typed plainly; a word of Cyrillic letters that are not look-alikes stays unknown."""
    typed = TYPED[typing]("trust")
    assert typed != "trust"
    assert ephemeral(slack, double, "/enabler", typed).startswith("Building trust\n")
    double.clear()
    assert ephemeral(slack, double, "/enabler", "trust").startswith("Building trust\n")
    double.clear()
    assert "No enabler called “доверие”" in ephemeral(slack, double, "/enabler", "доверие")


@pytest.mark.parametrize("typing", list(TYPED))
def test_slash_help_typed_with_look_alike_or_invisible_characters_is_help(server, slack, double, typing):
    listing = ephemeral(slack, double, "/enabler", TYPED[typing]("help"))
    assert "*Enablers of provider collaboration*" in listing
    usage = ephemeral(slack, double, "/peer", TYPED[typing]("help"))
    assert usage == ephemeral(slack, double, "/peer", "help") and "You asked" not in usage


ALL_CYRILLIC = str.maketrans("aceiopxyhs", "асеіорхуһѕ")


@pytest.mark.parametrize("typing", ["fullwidth", "a Cyrillic look-alike", "zero-width spaces", "every letter Cyrillic"])
def test_a_lesson_offered_in_words_typed_with_look_alikes_opens_the_lesson_form(server, slack, double, typing):
    offered = "our two trusts shared a single chief people officer"
    if typing == "every letter Cyrillic":  # "аѕ а" has no Latin letter left: read as Latin among Latin words
        text = f"save this as a lesson: {offered}".translate(ALL_CYRILLIC)
    else:
        text = f"{TYPED[typing]('save')} this as a lesson: {offered}"
    assert slack.event(direct_message(text)).status == 200
    reply = double.wait_for("chat.postMessage")[0]
    assert any((b.get("accessory") or {}).get("action_id") == "lesson_save_offered" for b in reply["blocks"])


@pytest.mark.parametrize("typing", ["a Cyrillic look-alike", "zero-width spaces", "fullwidth"])
def test_a_thread_cue_typed_with_look_alikes_is_read_as_typed_plainly(server, slack, double, typing):
    """"who led that?" asked in a thread: must not take the cue typed plainly, answered the same."""
    def follow_up(cue: str) -> str:
        first = app_mention(QUESTION)
        slack.event(first)
        double.wait_for("chat.postMessage", thread_ts=first["event"]["ts"])
        slack.event(app_mention(cue, thread_ts=first["event"]["ts"]))
        return double.wait_for("chat.postMessage", 2, thread_ts=first["event"]["ts"])[1].blocks_text

    cue = "who led that?"
    typed = TYPED[typing]("who") + " " + TYPED[typing]("led") + " that?"
    plain = follow_up(cue)
    assert plain.startswith("Who was behind it")
    assert follow_up(typed) == plain


def test_teams_commands_typed_with_look_alikes_are_the_commands(settings, shared_answerer, tmp_path):
    """Must not take: the commands typed plainly; a question is still a question."""
    plain = chat_card_texts(settings, shared_answerer.corpus, tmp_path / "plain", ["help", "enabler shared purpose"])
    typed = chat_card_texts(settings, shared_answerer.corpus, tmp_path / "typed", [
        fullwidth("help"), "\u04bbelp", "enabler " + "\u200b".join("shared purpose"), "enabler \u0455hared purpo\u0455e"])
    assert plain[1][0] == "Shared purpose"
    assert typed == [plain[0], plain[0], plain[1], plain[1]]


@pytest.fixture
def env(tmp_path, corpus_dir):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_URL"))}
    return {**environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


def peerbot(argv: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_the_cli_reads_an_enabler_name_and_a_channel_id_as_typed_plainly(env):
    """`forget --channel` of a look-alike id said it erased a channel's records and erased none."""
    plain = peerbot(["enabler", "shared purpose", "--json"], env)
    assert plain.returncode == 0
    for typed in (fullwidth("shared purpose"), "\u0455hared purpo\u0455e", "sha\u200bred\u00a0purpose"):
        assert peerbot(["enabler", typed, "--json"], env).stdout == plain.stdout
    for typed in (fullwidth("C0AB12CD"), "\u0421\u200b0AB12CD"):
        done = peerbot(["forget", "--channel", typed], env)
        assert done.returncode == 0 and done.stdout.startswith("Erased the records of C0AB12CD:"), done.stdout


@pytest.mark.parametrize(("typed", "plain"), [
    ("ｈｅｌｐ", "help"), ("\u04bbelp", "help"), ("tr\u200bust", "trust"), ("C\u200b0\u0410B12", "C0AB12"),
    ("Москва", "Москва"), ("Ωmega", "Ωmega"), ("caf\u00e9", "caf\u00e9"), ("٣ days", "3 days"),
    ("\u0455\u0430v\u0435 \u0430\u0455 \u0430 l\u0435\u0455\u0455\u043en", "save as a lesson"),  # every word look-alikes
    ("Москва \u0430", "Москва \u0430"),  # a Russian "а" among Russian words
])
def test_typed_words_folds_look_alikes_only_inside_latin_words(typed, plain):
    """A word all in another script stays as written (it is that language): must not take."""
    assert typed_words(typed) == plain
