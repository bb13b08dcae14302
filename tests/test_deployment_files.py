"""The deployment files README's Deployment section points to: what the image's processes may write."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_image_user_owns_what_peerbot_writes_the_data_folder_and_the_lessons_approved_from_chat():
    """Deployment trial, stop 38: the Dockerfile gave its `peerbot` user /app/data only, so an approval in
    chat could not write knowledge/lessons/ (a root-owned folder) in a container."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    user = re.search(r"^USER (\S+)$", dockerfile, re.M).group(1)
    owned = {path for line in re.findall(rf"chown -R {user} ([^\n&]+)", dockerfile) for path in line.split()}
    environment = dict(re.findall(r"(PEERBOT_(?:DATA|KNOWLEDGE)_DIR)=(\S+)", dockerfile))
    assert {environment["PEERBOT_DATA_DIR"], environment["PEERBOT_KNOWLEDGE_DIR"]} <= owned
