"""How long a Retry-After from Microsoft's sign-in service may hold back the token requests for Teams
replies (`PEERBOT_TEAMS_RETRY_AFTER_SECONDS`, bot/teams/sign_in.py): MSAL keeps the answer and refuses
every token request, with no call, for as long as it says, so a longer one is cut to the setting; one
within it is kept as said. MSAL's HTTP client over HTTP to the local sign-in double
(tests/identity_doubles.py)."""

from __future__ import annotations

import pytest
from identity_doubles import ConnectProxy

from bot.setting_values import SettingsError
from bot.settings import Settings
from bot.teams.hosting import connection_manager
from bot.teams.sign_in import SignInSession

TENANT = "66666666-7777-8888-9999-000000000000"


@pytest.fixture
def token_url(tmp_path):
    """The sign-in double's token endpoint (plain HTTP on 127.0.0.1), answering 429 with a Retry-After of an hour."""
    proxy = ConnectProxy(tmp_path, TENANT)
    proxy.login.fail("token", "http-429-later")
    yield f"http://127.0.0.1:{proxy.login.port}/{TENANT}/oauth2/v2.0/token"
    proxy.close()


@pytest.mark.parametrize(("most", "kept"), [(3, "3"), (30, "30"), (3600, "3600")])
def test_a_retry_after_past_the_setting_is_cut_to_it_and_one_within_it_kept(token_url, most, kept):
    answer = SignInSession(most_retry_after=most).post(token_url, data={"grant_type": "client_credentials"})
    assert (answer.status_code, answer.headers["Retry-After"]) == (429, kept)


def test_the_teams_connection_holds_a_retry_after_to_the_setting_30_s_unless_set_and_never_under_1():
    environment = {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "11111111-2222-3333-4444-555555555555",
                   "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "secret",
                   "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TENANT}
    assert connection_manager(Settings.from_env(environment)).get_default_connection().most_retry_after == 30
    held = Settings.from_env({**environment, "PEERBOT_TEAMS_RETRY_AFTER_SECONDS": "3"})
    assert connection_manager(held).get_default_connection().most_retry_after == 3
    with pytest.raises(SettingsError, match="PEERBOT_TEAMS_RETRY_AFTER_SECONDS"):
        Settings.from_env({"PEERBOT_TEAMS_RETRY_AFTER_SECONDS": "0"})
