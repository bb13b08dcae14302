"""peerbot's one base of expected errors, and the index's own errors.

Every failure a user can act on derives from `PeerbotError`: its message is one line fit to show
(the CLI prints it after `peerbot: error:`; anything else is a bug and keeps its traceback). It
lives here, in the lowest layer, so that the index's errors share it with the rest of peerbot.
"""

from __future__ import annotations


class PeerbotError(Exception):
    """An expected failure; the message says what is wrong and what to do."""


class IndexFailure(PeerbotError):
    """The corpus or its index cannot be read, built or served as asked."""


class IndexNotBuilt(IndexFailure):
    """No index has been built in this data directory yet."""


class IndexRefused(IndexFailure):
    """The index's files are there but this user may not read them (their owner or mode): not damage,
    so nothing is set aside or rebuilt over them."""


class IndexDamaged(IndexFailure):
    """The served generation passed its checks but could not be loaded (damaged while loading)."""


class ModelMismatch(IndexFailure):
    """The served index was embedded with a different model than the configured one."""


class IndexOutdated(IndexFailure):
    """The served index was built by an older version of the indexing pipeline."""


class IndexBuildError(IndexFailure):
    """The index cannot be built; the message says why and what to do."""
