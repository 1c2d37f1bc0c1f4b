"""Structured (JSON) logs; every line carries the request id of the request that wrote it."""

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from app.core.request_context import request_id_var

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",  # uvicorn's copy of the message with terminal colours
}
_base_factory = logging.getLogRecordFactory()
# Paths whose segment is a credential: a calendar feed's token (calendar apps cannot send a
# header). Never written to a log line, nor echoed in a problem's ``instance``.
_SECRET_SEGMENTS = re.compile(r"(/calendar/)[^/?#\s\"]+(\.ics)")


def redact(text: str) -> str:
    """``text`` with the credentials of secret paths replaced by their placeholder."""
    return _SECRET_SEGMENTS.sub(r"\1{token}\2", text)


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Stamp every record, when it is made, with the request id of the current request."""
    record = _base_factory(*args, **kwargs)
    record.request_id = request_id_var.get()
    return record


logging.setLogRecordFactory(_record_with_request_id)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(line, default=str))


def configure_logging(level: str) -> None:
    """Send every logger, uvicorn's included, through the JSON formatter on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # uvicorn's access line would duplicate ours (and may carry query strings).
    logging.getLogger("uvicorn.access").disabled = True
