"""What sweep 22 (benchmarks/hostile_sweep22.py) found on the settings: a folder named with spaces
at its ends was not found, because every setting's value is stripped."""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings


def test_a_folder_setting_whose_name_ends_in_spaces_is_that_folder_when_it_exists(tmp_path):
    folder = tmp_path / " lessons  "
    folder.mkdir()
    settings = Settings.from_env({"PEERBOT_KNOWLEDGE_DIR": str(folder), "PEERBOT_DATA_DIR": f" {tmp_path / 'data'} "})
    assert settings.knowledge_dir == folder  # before: ".../ lessons" stripped, a folder that is not there
    assert settings.data_dir == Path(tmp_path / "data")  # no such folder with the spaces: stripped, as before
    assert Settings.from_env({"PEERBOT_MODEL": " hashing "}).model == "hashing"  # not a path: stripped
