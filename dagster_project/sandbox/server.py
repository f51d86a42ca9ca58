"""Run the sandbox with uvicorn, blocking or in a background thread, always on 127.0.0.1.

``SandboxServer`` is what tests and local runs use: it gives a real socket (so the sync's
real HTTP stack, timeouts included, is exercised) without a separate process to manage.
"""

import socket
import threading
import time
from types import TracebackType

import httpx
import uvicorn

from dagster_project.sandbox.app import create_app
from dagster_project.sandbox.settings import SandboxSettings

LOOPBACK = "127.0.0.1"
_LOOPBACK_NAMES = {LOOPBACK, "localhost"}


def _config(settings: SandboxSettings, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(settings),
        host=LOOPBACK,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=1,
        # Longer than httpx's 5 s idle expiry: with both at 5 s the server can close a
        # connection just as a client reuses it (ECONNRESET). Real ingresses keep ~60 s.
        timeout_keep_alive=75,
    )


def serve(
    host: str = LOOPBACK,
    port: int = 8090,
    settings: SandboxSettings | None = None,
    listener: socket.socket | None = None,
) -> None:
    """Serve the sandbox in the foreground until interrupted.

    With `listener` (a loopback socket the parent bound and passed down), serve on it and
    ignore `port`: the parent owned the port from the moment it chose it.

    Raises:
        ValueError: if ``host`` or the listener is not the loopback address — the sandbox has
            well-known credentials and must never be reachable from another machine.
    """
    bound = listener.getsockname()[0] if listener is not None else host
    if bound not in _LOOPBACK_NAMES:
        raise ValueError(f"the sandbox only binds {LOOPBACK}, not {bound}")
    server = uvicorn.Server(_config(settings or SandboxSettings(), port))
    server.run(sockets=None if listener is None else [listener])


class SandboxServer:
    """Context manager running the sandbox on 127.0.0.1 in a daemon thread.

    ``port=0`` picks a free port; ``base_url`` is known as soon as ``start`` returns, which
    is only once ``/sandbox/health`` answers.
    """

    def __init__(
        self,
        settings: SandboxSettings | None = None,
        port: int = 0,
        startup_timeout: float = 20.0,
    ) -> None:
        """Prepare (but do not start) a server for ``settings`` on ``port``."""
        self.settings = settings or SandboxSettings()
        self._requested_port = port
        self._startup_timeout = startup_timeout
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        """Root URL such as ``http://127.0.0.1:54321`` (service base URLs add a prefix)."""
        if not self.port:
            raise RuntimeError("SandboxServer is not running")
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> "SandboxServer":
        """Bind, start serving in the background and wait until healthy."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, self._requested_port))
        self.port = sock.getsockname()[1]
        server = uvicorn.Server(_config(self.settings, self.port))
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="sandbox-server", daemon=True
        )
        self._thread.start()
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + self._startup_timeout
        with httpx.Client(timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self._thread is not None and not self._thread.is_alive():
                    raise RuntimeError("sandbox server thread exited during startup")
                try:
                    if client.get(f"{self.base_url}/sandbox/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"sandbox did not become healthy within {self._startup_timeout}s")

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for the thread (in-flight hangs are cut short)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = None
        self._thread = None

    def __enter__(self) -> "SandboxServer":
        """Start the server for the ``with`` block."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server when the ``with`` block ends."""
        self.stop()
