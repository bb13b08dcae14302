"""The local doubles of stop 38's deployment trial, for an administrator trying peerbot out without
Slack or Teams: the Slack Web API double (HTTP and Socket Mode; OAuth's oauth.v2.access) and the
Teams connector double, run until killed.

    .venv/bin/python benchmarks/deploy_trial_doubles.py /tmp/trial/doubles.json &

writes {"slack_api": URL, "teams": URL} to the file (set SLACK_API_URL to the first; send Teams
activities with serviceUrl the second), and every second writes what they received to FILE.calls.
Lines appended to FILE.envelopes (JSON Socket Mode envelopes) are sent to the connected peerbot;
lines "CODE TEAM TOKEN" in FILE.grants are codes oauth.v2.access will accept (an install approved).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from slack_double import SlackDouble, public_channel  # noqa: E402
from teams_doubles import ConnectorDouble  # noqa: E402


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except FileNotFoundError:
        return []


async def main(out: str) -> None:
    slack = SlackDouble().start()
    for channel, name in (("C0LAN2Q65", "general"), ("C0DIGEST1", "digest")):
        slack.channels[channel] = public_channel(channel, name)
    async with ConnectorDouble() as teams:
        Path(out).write_text(json.dumps({"slack_api": slack.api_url, "teams": teams.url}))
        sent = 0
        while True:
            envelopes = _lines(out + ".envelopes")
            for line in envelopes[sent:]:
                slack.send_envelope(json.loads(line))
            sent = max(sent, len(envelopes))
            for line in _lines(out + ".grants"):
                code, team, token = line.split()
                slack._grants.setdefault(code, (team, token))
            calls = [{"method": c.method, "params": c.params, "status": c.status} for c in slack.calls]
            Path(out + ".calls").write_text(json.dumps({
                "slack": calls, "teams_posts": [p.activity for p in teams.posts], "teams_opened": teams.opened,
                "socket_connections": slack.socket_connections}, default=str))
            await asyncio.sleep(1)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
