"""Logging that says what an operator needs, once."""

import logging


class OneLineWarning(logging.Filter):
    """Logs a record as one warning line, without its traceback.

    For errors that are the client's, not the site's: a request naming a host the site does not serve is
    a scanner or a misdirected client, answered with the 400 page; a traceback per request would bury the
    real errors (and mail them to the admins, who can do nothing about it).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = record.stack_info = None
        return True
