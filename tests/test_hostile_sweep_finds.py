"""The fault classes the hostile sweep (benchmarks/hostile_sweep.py) found, one test per class:
a YAML alias bomb in any YAML peerbot reads, a setting outside its range, a lesson number too big
for the database. Each is one clear line naming what is wrong, never a hang or a traceback."""

from __future__ import annotations

import shutil

import pytest
from conftest import KNOWLEDGE
from copied_home import copy_home, run

from bot.cli import main
from bot.setting_values import SettingsError
from bot.settings import Settings

QUESTION = "How can trusts build trust at board level?"
# Ten levels of ten aliases: 10**10 values once expanded, a few hundred bytes on disk.
BOMB = "b0: &b0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 10)}]\n" for i in range(1, 10))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweep-template")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PEERBOT_DATA_DIR", str(root / "data"))
        env.setenv("PEERBOT_KNOWLEDGE_DIR", str(root / "knowledge"))
        env.setenv("PEERBOT_MODEL", "hashing")
        assert main(["index"]) == 0
    return root


@pytest.fixture
def home(template, tmp_path, monkeypatch):
    return copy_home(template, tmp_path, monkeypatch)


@pytest.mark.parametrize("name", ["enablers.yaml", "contacts.yaml", "out_of_scope.yaml", "nhs_topics.yaml",
                                  "everyday_topics.yaml"])
def test_a_yaml_alias_bomb_in_a_knowledge_file_is_one_line_naming_it(home, capsys, name):
    (home / "knowledge" / name).write_text(BOMB)
    code, _, err = run(capsys, "ask", QUESTION)
    assert code == 1 and err == [line for line in err if name in line and "aliases expand" in line] and len(err) == 1


@pytest.mark.parametrize("where", ["front matter", "sidecar"])
def test_a_yaml_alias_bomb_in_a_document_skips_it_with_a_line_naming_it(home, capsys, where):
    if where == "front matter":
        path = home / "knowledge" / "bomb.md"
        path.write_text(f"---\ntitle: Bomb\n{BOMB}---\n# Bomb\n\nBoards built trust.\n")
    else:
        path = home / "knowledge" / "bomb.html"
        path.write_text("<html><head><title>Bomb</title></head><body><p>Boards built trust.</p></body></html>")
        (home / "knowledge" / "bomb.meta.yaml").write_text(BOMB)
    code, out, _ = run(capsys, "index")
    assert code == 1 and path.name in out and "aliases expand" in out
    assert f"malformed {where}" in out


@pytest.mark.parametrize("variable, value", [
    ("PEERBOT_RETENTION_DAYS", "0"), ("PEERBOT_RETENTION_DAYS", "99999999999"), ("PEERBOT_THREADS", "0"),
    ("PEERBOT_THREADS", "-4"), ("PEERBOT_THREADS", "100000"), ("PEERBOT_RELOAD_SECONDS", "1e308"),
    ("PEERBOT_RELOAD_SECONDS", "0"), ("PEERBOT_QUERY_WINDOW_MS", "-1"), ("PEERBOT_QUERY_WINDOW_MS", "1e308"),
    ("PEERBOT_MAX_DOCUMENT_MB", "0"), ("PEERBOT_MAX_DOCUMENT_MB", "nan"), ("PEERBOT_MAX_DOCUMENT_MB", "inf"),
    ("PORT", "70000"), ("PORT", "-1"), ("PEERBOT_QUERY_BATCH", "0"), ("PEERBOT_QUERY_BATCH", "100000"),
    ("PEERBOT_ANSWER_THREADS", "0"), ("PEERBOT_ANSWER_THREADS", "100000"), ("PEERBOT_LEASE_SECONDS", "0.5"),
    ("PEERBOT_LEASE_SECONDS", "1e308"),
])
def test_a_number_setting_outside_its_range_is_one_line_naming_it(home, capsys, monkeypatch, variable, value):
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({variable: value})
    monkeypatch.setenv(variable, value)
    code, _, err = run(capsys, "ask", QUESTION)
    assert code == 1 and len(err) == 1 and err[0].startswith(f"peerbot: error: {variable} must be ")


@pytest.mark.parametrize("variable, value", [
    ("PEERBOT_LEASE_SECONDS", "1e308"), ("PEERBOT_RELOAD_SECONDS", "0.0100"), ("PORT", "070000"),
    ("PEERBOT_QUERY_WINDOW_MS", "-1E3"),
])
def test_a_number_setting_outside_its_range_is_echoed_as_it_was_typed(home, capsys, monkeypatch, variable, value):
    """Not as the float it became ("1e+308", "0.01", "-1000.0")."""
    monkeypatch.setenv(variable, value)
    code, _, err = run(capsys, "ask", QUESTION)
    assert code == 1 and len(err) == 1 and err[0].startswith(f"peerbot: error: {variable} must be ")
    assert err[0].endswith(f", got {value}")


def test_a_query_window_of_zero_is_accepted_as_documented():
    assert Settings.from_env({"PEERBOT_QUERY_WINDOW_MS": "0"}).query_window_ms == 0


@pytest.mark.parametrize("number", ["99999999999999999999999", "²", "1e3"])
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_lesson_number_the_database_cannot_hold_is_a_usage_error(home, capsys, decision, number):
    with pytest.raises(SystemExit) as stopped:
        main(["lessons", decision, number])
    err = capsys.readouterr().err.splitlines()
    assert stopped.value.code == 2 and len(err) == 2 and err[0].startswith("usage: peerbot lessons ")
    assert "needs a lesson number" in err[1]


@pytest.mark.parametrize("value", ["²", "¹²", "³"])
def test_a_lesson_button_value_of_superscript_digits_is_no_lesson(value):
    from bot.slack.lesson_payloads import lesson_id

    assert lesson_id(value) is None
