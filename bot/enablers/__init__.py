"""Enabler summaries: the guide (`guide.py`) and the pure pieces a summary is built from."""
