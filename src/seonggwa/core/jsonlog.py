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
