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
