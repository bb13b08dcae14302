"""peerbot's results as plain text: the terminal's output, and the text Teams falls back to."""
