"""A logging filter that takes personal data out of every record before any handler sees it.

Kiosks are shared machines: a log line must never carry a citizen's e-mail address, phone number,
resident registration number or session token. The filter rewrites the formatted message (the
message with its args merged), so a value passed as an argument is redacted as well as one written
into the text, and it also scrubs the exception text that a handler would print. Pure Python.
"""
from __future__ import annotations

import logging
import re

# Order matters: the resident registration number (13 digits, YYMMDD-NNNNNNN) is matched before the
# phone patterns, which would otherwise take a piece of it.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*"), r"\1 [token]"),
    # "token": "…", access_token=…, Authorization: … (JSON bodies and query strings in error text)
    (re.compile(r"(?i)\b((?:access_|refresh_|id_)?token|authorization|password|pin)\b(\"?\s*[:=]\s*\"?)[^\s\",&}]+"),
     r"\1\2[redacted]"),
    (re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"), "[email]"),
    (re.compile(r"(?<!\d)\d{6}\s*-\s*[1-8]\d{6}(?!\d)"), "[rrn]"),
    (re.compile(r"(?<!\d)\d{6}[1-8]\d{6}(?!\d)"), "[rrn]"),
    # Mobile 010-1234-5678, 01012345678, +82 10 1234 5678; landlines 02-123-4567, 031-123-4567.
    (re.compile(r"(?<![\d+])(?:\+82[\s\-]?|0)(?:1[016789]|2|[3-6][1-5]|70)[\s\-.]?\d{3,4}[\s\-.]?\d{4}(?!\d)"), "[phone]"),
)


def redact(text: str) -> str:
    """``text`` with e-mail addresses, Korean phone and resident numbers and tokens replaced by tags."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (args merged in) and exception text with :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a record whose args do not fit its format: keep it, unmerged
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install(logger: logging.Logger | None = None) -> RedactingFilter:
    """Put a RedactingFilter on every handler of ``logger`` (the root by default); returns it.

    Filters on a logger apply only to records logged through that logger itself, not its children,
    so the filter goes on the handlers, which every record reaches. Installing twice adds it once.
    """
    logger = logger or logging.getLogger()
    found = None
    for handler in logger.handlers:
        found = next((f for f in handler.filters if isinstance(f, RedactingFilter)), None) or found
    flt = found or RedactingFilter()
    for handler in logger.handlers:
        if flt not in handler.filters:
            handler.addFilter(flt)
    return flt
