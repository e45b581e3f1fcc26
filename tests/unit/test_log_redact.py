"""Personal data never reaches a log handler: e-mail, Korean phone and resident numbers, tokens."""
import io
import logging

import pytest

from client.log_redact import RedactingFilter, install, redact


@pytest.mark.parametrize("text, secret, tag", [
    ("login failed for demo1@example.seoul", "demo1@example.seoul", "[email]"),
    ("call 010-1234-5678 back", "1234-5678", "[phone]"),
    ("call 01012345678 back", "01012345678", "[phone]"),
    ("call +82 10 1234 5678", "1234 5678", "[phone]"),
    ("office 02-123-4567", "123-4567", "[phone]"),
    ("office 031.123.4567", "123.4567", "[phone]"),
    ("rrn 900101-1234567 given", "1234567", "[rrn]"),
    ("rrn 9001012234567 given", "9001012234567", "[rrn]"),
    ("Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig-_x", "eyJhbGciOi", "[token]"),
    ('{"access_token": "abc.def.ghi", "token_type": "bearer"}', "abc.def.ghi", "[redacted]"),
    ("GET /v1/x?token=s3cr3t&page=2", "s3cr3t", "[redacted]"),
    ("password=hunter2 rejected", "hunter2", "[redacted]"),
])
def test_personal_values_are_replaced_by_a_tag(text, secret, tag):
    out = redact(text)
    assert secret not in out
    assert tag in out


@pytest.mark.parametrize("text", [
    "frame 1234 took 16.7 ms",
    "outbox item 550e8400-e29b-41d4-a716-446655440000 sent",
    "proposal SP-2026-0012 saved",
    "renderer llvmpipe, profile basic",
    "spinning up 3 workers",
    "tax 519480 won for 1998 cc",
])
def test_ordinary_log_text_is_left_alone(text):
    assert redact(text) == text


def _logger(name):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger(name)
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_values_passed_as_arguments_are_redacted_too():
    logger, stream = _logger("test.redact.args")
    install(logger)
    logger.info("signed in as %s (phone %s)", "kim@example.com", "010-9876-5432")
    out = stream.getvalue()
    assert "kim@example.com" not in out and "9876" not in out
    assert "[email]" in out and "[phone]" in out


def test_exception_text_is_redacted():
    logger, stream = _logger("test.redact.exc")
    install(logger)
    try:
        raise ValueError("no account for lee@example.org")
    except ValueError:
        logger.exception("sign-in failed")
    out = stream.getvalue()
    assert "lee@example.org" not in out
    assert "sign-in failed" in out and "[email]" in out and "ValueError" in out


def test_installing_twice_adds_one_filter():
    logger, _ = _logger("test.redact.twice")
    first, second = install(logger), install(logger)
    assert first is second
    assert sum(isinstance(f, RedactingFilter) for f in logger.handlers[0].filters) == 1


def test_a_record_whose_args_do_not_fit_is_kept():
    logger, stream = _logger("test.redact.bad")
    install(logger)
    logger.info("two %s %s", "park@example.net")
    out = stream.getvalue()
    assert "park@example.net" not in out and "two" in out
