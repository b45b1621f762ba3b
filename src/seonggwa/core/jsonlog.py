"""One JSON object a line: the log format of production (``seonggwa serve --production``).

A log collector (journald, Loki, CloudWatch, Elasticsearch) reads each line as a record with
fields, so "every 5xx of one request id" is a query, not a grep. No dependency: a
``logging.Formatter`` that writes the record's message, level, logger and time, plus every
field a caller passed in ``extra=`` (the request log's method, path, status, …).

>>> import logging
>>> record = logging.LogRecord("seonggwa.request", logging.INFO, __file__, 1, "GET /", (), None)
>>> record.status = 200
>>> line = JsonFormatter().format(record)
>>> import json
>>> data = json.loads(line)
>>> data["message"], data["level"], data["logger"], data["status"]
('GET /', 'INFO', 'seonggwa.request', 200)
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# the attributes every LogRecord has; anything else on a record came from ``extra=``
_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys()
    | {"message", "asctime", "taskName"}
)


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON (UTF-8 text kept readable: Korean is not escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def json_logging(loggers: dict[str, tuple[str, bool]]) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` that writes JSON lines to standard output: the root at
    WARNING, and each named logger at its level (``(level, False)`` silences it: no handler).

    Django's ``LOGGING`` (settings/production.py) and gunicorn's ``logconfig_dict``
    (config/gunicorn.py) are both built here, so the two processes log alike.

    >>> config = json_logging({"seonggwa": ("INFO", True)})
    >>> config["loggers"]["seonggwa"]
    {'handlers': ['stdout'], 'level': 'INFO', 'propagate': False}
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "seonggwa.core.jsonlog.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "root": {"handlers": ["stdout"], "level": "WARNING"},
        "loggers": {
            name: {"handlers": ["stdout"] if on else [], "level": level, "propagate": False}
            for name, (level, on) in loggers.items()
        },
    }
