"""Error bodies in the shapes the HMPPS specs document.

Handlers raise :class:`ApiError` or :class:`DuplicateMappingError`; the app turns them into
``ErrorResponse`` / ``DuplicateMappingErrorResponse`` JSON so no route builds error bodies.
"""

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dagster_project.sandbox.core.common import CamelModel

DUPLICATE_MAPPING_ERROR_CODE = 1409


class ErrorResponse(CamelModel):
    """The common HMPPS ``ErrorResponse``; ``moreInfo`` carries e.g. a duplicate's id."""

    status: int
    error_code: int | None = None
    user_message: str | None = None
    developer_message: str | None = None
    more_info: str | None = None


class DuplicateMappingErrorResponse(CamelModel):
    """The mapping service's 409 body; ``status`` is Spring's ``"409 CONFLICT"`` rendering."""

    status: str
    error_code: int
    user_message: str
    developer_message: str | None = None
    more_info: dict[str, Any]


class ApiError(Exception):
    """An expected failure that becomes an ``ErrorResponse`` with the given status.

    ``error_code`` is the NOMIS business-rule code callers branch on (e.g. 1001).
    """

    def __init__(
        self,
        status: int,
        message: str,
        more_info: str | None = None,
        error_code: int | None = None,
    ) -> None:
        """Keep the status and texts for the exception handler."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.more_info = more_info
        self.error_code = error_code


class DuplicateMappingError(Exception):
    """A mapping POST clashed with a stored mapping; carries both for the 409 body."""

    def __init__(self, message: str, duplicate: dict[str, Any], existing: dict[str, Any]) -> None:
        """Keep the posted and stored mappings for the exception handler."""
        super().__init__(message)
        self.message = message
        self.duplicate = duplicate
        self.existing = existing


def spring_status(status: int) -> str:
    """Render a status the way Spring's ``HttpStatus.toString()`` does, e.g. ``409 CONFLICT``."""
    return f"{status} {HTTPStatus(status).phrase.upper().replace(' ', '_').replace('-', '_')}"


def error_body(
    status: int, message: str, more_info: str | None = None, error_code: int | None = None
) -> dict[str, Any]:
    """Build an ``ErrorResponse`` JSON body."""
    return ErrorResponse(
        status=status, error_code=error_code, user_message=message, more_info=more_info
    ).to_json()


def duplicate_body(message: str, duplicate: dict[str, Any], existing: dict[str, Any]) -> dict:
    """Build a ``DuplicateMappingErrorResponse`` JSON body for a 409."""
    return DuplicateMappingErrorResponse(
        status=spring_status(409),
        error_code=DUPLICATE_MAPPING_ERROR_CODE,
        user_message=message,
        more_info={"duplicate": duplicate, "existing": existing},
    ).to_json()


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    body = error_body(exc.status, exc.message, exc.more_info, exc.error_code)
    return JSONResponse(body, exc.status)


async def _duplicate(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DuplicateMappingError)
    return JSONResponse(duplicate_body(exc.message, exc.duplicate, exc.existing), 409)


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in err.get('loc', ()))}: {err.get('msg')}"
        for err in exc.errors()
    )
    body = ErrorResponse(
        status=400, user_message=f"Validation failure: {problems}", developer_message=problems
    ).to_json()
    return JSONResponse(body, 400)


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(error_body(exc.status_code, str(exc.detail)), exc.status_code)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error the app sends, including framework 400/404/405s, an ErrorResponse."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(DuplicateMappingError, _duplicate)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
