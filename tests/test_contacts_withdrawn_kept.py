"""A withdrawal outlives contacts.yaml: a real `peerbot serve` reads Julian Hartley as `contactable:
false`, is killed with SIGKILL, and every later restart finds a file that would bring him back (an
editor killed mid-save leaving it cut short before his `contactable` line, then the file gone, then
an older copy): none suggests or mentions him, in answers or in an enabler's people to talk to.
`peerbot contacts --withdraw` withdraws someone the file never did, and `--restore` undoes a
withdrawal at the next start; a name that is no one's is one line and exit status 1."""

from __future__ import annotations

import os
import subprocess
import sys

import sqlalchemy as sa
from serve_process import ROOT, Said, start_serve, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, direct_message, free_port, slash_command
from test_contacts_live import KNOWN, REACHABLE, WITHDRAWN, WORDS, suggested, talk_to

CUT_SHORT = REACHABLE + "    contactable: fa"  # the save killed mid-write, mid-line: damaged
CUT_BEFORE = "people:\n  - name: Julian Hartley\n    slack_user_id: U0DIRECT1\n"  # cut at a line's end: it parses


def serve_once(env: dict[str, str], kill: bool = False) -> tuple[str, str, str]:
    """Start `peerbot serve`, ask KNOWN in a Slack DM and /enabler building trust, then SIGKILL it (`kill`)
    or stop it: the answer, the summary's people to talk to, and its standard error."""
    with SlackDouble() as double:
        said = Said(start_serve(env, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                                SLACK_API_URL=double.api_url))
        try:
            wait_for_health(f"http://127.0.0.1:{env['PORT']}", said.process)
            slack = SlackSender(f"http://127.0.0.1:{env['PORT']}/slack/events")
            assert slack.event(direct_message(KNOWN)).status == 200
            reply = double.wait_for("chat.postMessage")[0].blocks_text
            assert slack.command(slash_command("/enabler", "building trust", double.response_url())).status == 200
            people = talk_to(double.wait_for("chat.postEphemeral")[0].blocks_text)
            if kill:
                said.process.kill()
                said.process.wait(60)
        finally:
            if said.process.poll() is None:
                said.stop()
            else:
                said.err = said.said()
    return reply, people, said.err


def contacts_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", "contacts", *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120)


def test_a_withdrawal_survives_a_sigkill_and_contacts_yaml_cut_short_deleted_or_replaced(tmp_path, corpus_dir):
    contacts = corpus_dir / "contacts.yaml"
    contacts.write_text(WITHDRAWN)
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()), "OMP_NUM_THREADS": "1"}
    reply, people, _ = serve_once(env, kill=True)
    assert WORDS in reply and not suggested(reply) and "Julian Hartley" not in people

    contacts.write_text(CUT_SHORT)  # a damaged file at a start is refused, in one line: nothing is suggested
    with SlackDouble() as double:
        said = Said(start_serve(env, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                                SLACK_API_URL=double.api_url))
        assert said.process.wait(150) == 1
        said.stop()
    assert "contacts.yaml: entry 1 (Julian Hartley)" in said.err and "Traceback" not in said.err, said.err

    for after in (CUT_BEFORE, None, REACHABLE):  # cut short at a line's end (it parses), gone, an older copy
        if after is None:
            contacts.unlink()
        else:
            contacts.write_text(after)
        reply, people, err = serve_once(env)
        assert WORDS in reply, (after, reply)  # his published words are still cited
        assert not suggested(reply) and "<@U0DIRECT1>" not in reply, (after, reply)  # before: suggested again
        assert "Julian Hartley" not in people and "<@U0DIRECT1>" not in people and "Traceback" not in err

    restored = contacts_cli(env, "--restore", "Dr Julian  Hartley")  # as the directory matches names
    assert restored.returncode == 0 and restored.stdout.startswith("Dr Julian Hartley's withdrawal is forgotten")
    reply, people, _ = serve_once(env)
    assert suggested(reply) and "<@U0DIRECT1>" in reply and "<@U0DIRECT1>" in people

    withdrawn = contacts_cli(env, "--withdraw", "Julian Hartley")  # the file still says he may be asked
    assert withdrawn.returncode == 0 and "Julian Hartley is withdrawn" in withdrawn.stdout
    reply, people, _ = serve_once(env)
    assert not suggested(reply) and "<@U0DIRECT1>" not in reply
    assert "Julian Hartley" not in people and "<@U0DIRECT1>" not in people


def test_withdraw_and_restore_say_one_line_for_a_name_that_is_no_ones(tmp_path, corpus_dir):
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing"}
    for args in (("--withdraw", " ... "), ("--restore", "Nobody Withdrawn")):
        done = contacts_cli(env, *args)
        assert done.returncode == 1 and len(done.stdout.splitlines()) == 1 and done.stdout.startswith("peerbot: ")
        assert "Traceback" not in done.stderr
    mixed = contacts_cli(env, "--withdraw", "Jo Bloggs", "--check")
    assert mixed.returncode == 2 and "--withdraw and --restore take only a NAME" in mixed.stderr


def test_withdrawals_are_kept_as_keyed_hashes_on_both_databases_and_shared_by_every_process(state_database):
    """On SQLite and PostgreSQL alike: recorded once however often a reading repeats them, matched as the
    directory matches names, kept for another process opening the same database, stored as no name."""
    from bot.state import StateStore

    first, second = StateStore(state_database), StateStore(state_database)
    try:
        first.record_withdrawals(["Julian Hartley", "Dr Julian Hartley", "Julian Hartley", ""])
        first.record_withdrawals(["Julian Hartley"])
        assert second.withdrawn_among(["Julian Hartley", "Prof. Julian  Hartley", "Jo Bloggs"]) == {
            "Julian Hartley", "Prof. Julian  Hartley"}
        with second.engine.begin() as db:
            stored = db.execute(sa.text("SELECT person FROM withdrawn_contacts")).scalars().all()
        assert len(stored) == 1 and "hartley" not in stored[0].lower()
        assert second.restore_contact("Julian Hartley") and not first.restore_contact("Julian Hartley")
        assert first.withdrawn_among(["Julian Hartley"]) == set()
    finally:
        first.close()
        second.close()
