"""One frozen settings object, read once from the environment at the entry point."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from index import PeerbotError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(PeerbotError, ValueError):
    """A setting is missing or malformed; the message names the variable."""


def setting(env: str, default, help: str, *, secret: bool = False):
    """A settings field read from environment variable `env`; a secret never appears in repr()."""
    return field(default=default, repr=not secret, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    data_dir: Path = setting(
        "PEERBOT_DATA_DIR", PROJECT_ROOT / ".peerbot", "Folder for the index and the SQLite databases."
    )
    knowledge_dir: Path = setting(
        "PEERBOT_KNOWLEDGE_DIR", PROJECT_ROOT / "knowledge", "Folder holding the corpus, enablers.yaml and contacts.yaml."
    )
    model: str = setting(
        "PEERBOT_MODEL",
        "all-MiniLM-L6-v2",
        "Embedding model: 'all-MiniLM-L6-v2' (bundled), a sentence-transformers model folder, "
        "or 'hashing' (fast, lexical only; for tests).",
    )
    max_document_mb: float = setting(
        "PEERBOT_MAX_DOCUMENT_MB", 20,
        "Largest corpus document indexed, in MB; a larger one is skipped with a message (its last good version kept).",
    )
    port: int = setting("PORT", 3000, "Port for `peerbot serve` (HTTP mode).")
    host: str = setting("HOST", "0.0.0.0", "Address `peerbot serve` listens on (127.0.0.1 for this machine only).")
    slack_bot_token: str = setting("SLACK_BOT_TOKEN", "", "Slack bot token (xoxb-...).", secret=True)
    slack_signing_secret: str = setting(
        "SLACK_SIGNING_SECRET", "", "Slack signing secret, verifies requests.", secret=True
    )
    slack_app_token: str = setting(
        "SLACK_APP_TOKEN", "", "Slack app-level token (xapp-...); set it to use Socket Mode.", secret=True
    )
    slack_api_url: str = setting("SLACK_API_URL", "https://slack.com/api/", "Base URL of the Slack Web API.")
    teams_client_id: str = setting(
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "",
        "Teams: the Azure Bot's Microsoft Entra app (client) id, formerly MicrosoftAppId.",
    )
    teams_client_secret: str = setting(
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET", "",
        "Teams: that app's client secret, formerly MicrosoftAppPassword.", secret=True,
    )
    teams_tenant_id: str = setting(
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID", "",
        "Teams: the Microsoft Entra tenant id of that app, formerly MicrosoftAppTenantId.",
    )
    teams_allow_anonymous: bool = setting(
        "TEAMS_ALLOW_ANONYMOUS", False,
        "Set to 1 to accept Teams requests without a token (local development with the Agents Playground only).",
    )
    retention_days: int = setting(
        "PEERBOT_RETENTION_DAYS", 90,
        "Days peerbot keeps its question, feedback, event and thread records; older ones are deleted "
        "when `peerbot serve` or `peerbot schedule` starts and daily while they run.",
    )
    hash_key: str = setting(
        "PEERBOT_HASH_KEY", "",
        "Key for the keyed hashes that stand in for direct-message and private-place ids; the same in every "
        "process sharing the database (unset: a random key kept in the database itself).", secret=True,
    )
    digest_channels: str = setting(
        "DIGEST_CHANNELS", "", "Slack channel ids that get the weekly digest, comma-separated (e.g. C0123ABCD,C0456EFGH)."
    )
    digest_day: str = setting("DIGEST_DAY", "mon", "Day the weekly digest is posted: mon, tue, wed, thu, fri, sat or sun.")
    digest_time: str = setting("DIGEST_TIME", "09:00", "Time of day the weekly digest is posted, 24-hour HH:MM.")
    digest_timezone: str = setting(
        "DIGEST_TIMEZONE", "Europe/London", "Time zone of DIGEST_DAY and DIGEST_TIME (an IANA name)."
    )

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"PORT must be a port number from 0 to 65535, got {self.port}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f, raw.strip())
        return cls(**values)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def state_db_path(self) -> Path:
        return self.data_dir / "peerbot.db"


_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _convert(f: dataclasses.Field, raw: str):
    kind = f.type if isinstance(f.type, type) else {
        "Path": Path, "int": int, "float": float, "str": str, "bool": bool}.get(str(f.type), str)
    if kind is bool:
        if raw.lower() not in _BOOLEANS:
            raise SettingsError(f"{f.metadata['env']} must be 1 or 0 (true or false), got {raw!r}")
        return _BOOLEANS[raw.lower()]
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{f.metadata['env']} must be a whole number, got {raw!r}") from None
    if kind is float:
        try:
            value = float(raw)
        except ValueError:
            value = 0.0
        if not 0 < value < float("inf"):
            raise SettingsError(f"{f.metadata['env']} must be a positive number, got {raw!r}")
        return value
    if kind is Path:
        return Path(raw).expanduser()
    return raw


def describe() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting, for help text and the README check."""
    def shown(value) -> str:
        if isinstance(value, Path) and value.is_relative_to(PROJECT_ROOT):
            return str(value.relative_to(PROJECT_ROOT))
        return str(value)

    return [(f.metadata["env"], shown(f.default), f.metadata["help"]) for f in dataclasses.fields(Settings)]
