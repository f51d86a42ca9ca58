"""OAuth2 client-credentials token endpoint and the bearer check for the fake APIs.

Mirrors HMPPS Auth closely enough for an OAuth2 client library: HTTP Basic client auth,
``grant_type=client_credentials``, RFC 6749 error bodies, and 401 for unusable tokens.
"""

import base64
import binascii
import hmac
from urllib.parse import parse_qs, unquote_plus

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import SandboxState, StateDep, get_state

router = APIRouter(prefix="/auth", tags=["auth"])


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    """Decode an RFC 6749 HTTP Basic header (id and secret are form-encoded first)."""
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    return unquote_plus(client_id), unquote_plus(secret)


def _authenticate(state: SandboxState, credentials: tuple[str, str] | None) -> str | None:
    if credentials is None:
        return None
    client_id, secret = credentials
    expected = state.settings.clients.get(client_id)
    if expected is None or not hmac.compare_digest(expected.encode(), secret.encode()):
        return None
    return client_id


@router.post("/oauth/token")
async def issue_token(request: Request, state: StateDep) -> JSONResponse:
    """Issue an access token to a registered client (Basic auth, or ``client_secret_post``)."""
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
    credentials = _basic_credentials(request.headers.get("authorization"))
    if credentials is None and "client_id" in form:
        credentials = (form["client_id"], form.get("client_secret", ""))
    client_id = _authenticate(state, credentials)
    no_store = {"Cache-Control": "no-store"}
    if client_id is None:
        headers = {**no_store, "WWW-Authenticate": 'Basic realm="sandbox"'}
        return JSONResponse({"error": "invalid_client"}, 401, headers=headers)
    if form.get("grant_type") != "client_credentials":
        return JSONResponse({"error": "unsupported_grant_type"}, 400, headers=no_store)
    token = state.tokens.issue(client_id)
    body = {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": state.settings.token_ttl_seconds,
    }
    return JSONResponse(body, 200, headers=no_store)


def require_bearer(request: Request) -> str:
    """FastAPI dependency for API routers: a live bearer token or 401; returns the client id."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Unauthorised: full authentication is required")
    client_id = get_state(request).tokens.client_for(token.strip())
    if client_id is None:
        raise ApiError(401, "Unauthorised: access token is unknown or expired")
    return client_id
