"""The `peerbot` command line: one module per command family, `main` the entry point.

Heavy libraries are imported inside commands, never at start-up, so `--help` is instant.
"""

from bot.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
