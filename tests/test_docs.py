"""The README documents every command and every setting."""

from pathlib import Path

from bot.cli import build_parser
from bot.settings import describe

README = (Path(__file__).parent.parent / "README.md").read_text()


def test_every_command_is_in_the_readme_with_help():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0]
    for name, sub in commands.choices.items():
        assert f"peerbot {name}" in README, f"README lacks `peerbot {name}`"
        assert sub.description or any(a.help for a in commands._choices_actions if a.dest == name)


def test_every_setting_is_in_the_readme():
    for env, _default, help_text in describe():
        assert f"`{env}`" in README, f"README lacks setting {env}"
        assert help_text


def test_data_we_keep_lists_every_table_and_field_of_peerbots_database(tmp_path):
    from bot.state import StateStore

    section = README.split("## Data we keep", 1)[1].split("\n## ", 1)[0]
    db = StateStore(tmp_path / "peerbot.db").db
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert "questions" in tables and "threads" in tables
    for table in tables:
        assert f"`{table}`" in section, f"Data we keep lacks table {table}"
        for column in db[table].columns_dict:
            assert f"`{column}`" in section, f"Data we keep lacks {table}.{column}"
