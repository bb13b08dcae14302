"""`filter_once`: the one helper the Slack and Teams surfaces and the HTTP server use to quiet a
library's logger, however often they are built in one process."""

from __future__ import annotations

import logging

from bot.log_filters import filter_once


class Quiet(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "noise" not in record.getMessage()


class Short(logging.Filter):
    pass


def test_each_kind_of_filter_is_added_once_however_often_asked(caplog):
    name = "tests.log_filters.once"
    filter_once(name, Quiet)
    filter_once(name, Quiet, Short)
    filter_once(name, Short)
    logger = logging.getLogger(name)
    assert [type(f) for f in logger.filters] == [Quiet, Short]
    with caplog.at_level(logging.INFO, logger=name):
        logger.info("noise from a library")
        logger.info("a line worth keeping")
    assert [r.getMessage() for r in caplog.records] == ["a line worth keeping"]
