"""One error shape for every failure: ``{"code": ..., "message": ..., "field"?: ...}``.

Codes are stable identifiers the client switches on; messages are for people and may change.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

# Codes for errors raised by the framework itself (unknown route, wrong method, ...).
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_field",
    429: "too_many_requests",
    500: "internal_error",
    503: "service_unavailable",
}

_REQUEST_PARTS = ("body", "query", "path", "header", "cookie")


class APIError(Exception):
    """An expected failure with a stable code; raise it from routes and dependencies."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers


def error_payload(code: str, message: str, field: str | None = None) -> dict[str, str]:
    """Build the JSON error body; ``field`` is left out when there is none."""
    payload = {"code": code, "message": message}
    if field is not None:
        payload["field"] = field
    return payload


def error_response(
    status_code: int,
    code: str,
    message: str,
    *,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Return a ready-to-send error response in the common shape."""
    return JSONResponse(error_payload(code, message, field), status_code=status_code, headers=headers)


def _field_name(loc: Sequence[Any]) -> str | None:
    """Turn a pydantic location like ``("body", "title")`` into ``"title"``."""
    parts = list(loc)
    if parts and parts[0] in _REQUEST_PARTS:
        parts = parts[1:]
    if not parts:
        return None
    return ".".join(str(part) for part in parts)


def _validation_message(error: dict[str, Any], field: str | None) -> str:
    """Phrase one pydantic error for people, always naming the field when there is one."""
    if error.get("type") == "missing":
        return f"{field} is required" if field else "A request body is required"
    text = str(error.get("msg", "is invalid"))
    # Custom validators raise ValueError, which pydantic prefixes with "Value error, ".
    text = text.removeprefix("Value error, ")
    if field is None:
        return f"Request body is invalid: {text}"
    return f"{field}: {text}"


async def _handle_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, APIError)
    return error_response(exc.status_code, exc.code, exc.message, field=exc.field, headers=exc.headers)


async def _handle_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if not errors:
        return error_response(422, "invalid_field", "The request is invalid")
    first = errors[0]
    if first.get("type") == "json_invalid":
        return error_response(422, "invalid_json", "The request body is not valid JSON")
    field = _field_name(first.get("loc", ()))
    # Only the first problem is reported: the client shows one message next to one field.
    return error_response(422, "invalid_field", _validation_message(first, field), field=field)


async def _handle_http_exception(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    code = STATUS_CODES.get(status, f"http_{status}")
    default_phrase = _phrase(status)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else default_phrase
    if status == 404:
        message = "The requested resource was not found"
    elif status == 413:
        message = "The request body is too large"
    else:
        message = detail
    return error_response(status, code, message, headers=getattr(exc, "headers", None))


async def _handle_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    # Starlette re-raises after this handler, so the server logs the traceback once;
    # nothing about the request (body, headers) is logged here.
    return error_response(500, "internal_error", "The server hit an unexpected error")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the common JSON shape."""
    app.add_exception_handler(APIError, _handle_api_error)
    app.add_exception_handler(RequestValidationError, _handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, _handle_http_exception)
    app.add_exception_handler(Exception, _handle_unexpected)
