"""pytest plugin: every httpx exchange in the test session is checked against the OpenAPI specs.

Registered from ``tests/conftest.py``. For the whole session ``httpx.HTTPTransport.handle_request``
is wrapped, which sees respx-mocked exchanges (respx patches httpcore, below this layer) and
real-socket ones (the sandbox) alike. The first path segment picks the spec (``/nomis``,
``/mapping-api``, ``/incentives``, ``/activities``); anything else (``/auth``, ``/visits-api``,
``/sandbox``, …) is counted as "without a spec".

- Requests are always validated (see ``tests.contract.validation``), allowing only the body
  properties ``openapi-specs/contracts.toml`` lists for the operation as known spec gaps.
- Responses are validated when they came over a socket, i.e. from the sandbox (or a real
  service). Responses written by a test (respx) are validated only with
  ``@pytest.mark.contract_mocked_responses``; without it the test's own fixtures are trusted.
- A response with ``X-Sandbox-Fault: true`` is an injected fault: its request is validated,
  the response is not.
- Violations fail the test that caused them, at its teardown. ``@pytest.mark.contract_exempt(
  "reason")`` exempts a test that deliberately sends off-contract requests. Violations outside
  any test (session/module fixtures) are listed in the summary and fail the run.
- Without the specs nothing is recorded; ``@pytest.mark.requires_specs`` and the
  ``openapi_specs`` fixture skip with the reason.
- Under pytest-xdist (``-n N``) every worker records its own exchanges; at its session end it
  sends its counts and its violations outside any test to the controller, which sums them into
  the one summary and fails the run on any of those violations, as a single process would.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from resources.http import USER_AGENT
from tests.contract.adapters import HttpxOpenAPIRequest, HttpxOpenAPIResponse
from tests.contract.manifest import load_manifest, request_allowances
from tests.contract.specs import SpecRegistry, split_prefix
from tests.contract.validation import ExchangeChecker, Violation

FAULT_HEADER = "x-sandbox-fault"
EXEMPT_MARKER = "contract_exempt"
MOCKS_MARKER = "contract_mocked_responses"
REQUIRES_MARKER = "requires_specs"

Send = Callable[[httpx.HTTPTransport, httpx.Request], httpx.Response]
# the key of a worker's counts in xdist's `workeroutput` (sent to the controller at session end)
WORKER_OUTPUT_KEY = "contract"
COUNTS = ("validated", "without_spec", "probe_requests", "violations", "exempted")


@dataclass
class _TestScope:
    validate_mocked_responses: bool
    violations: list[Violation] = field(default_factory=list)


class ContractRecorder:
    """Counts exchanges and collects violations for the test that is running."""

    def __init__(self, registry: SpecRegistry) -> None:
        """Record against ``registry``'s specs."""
        self.registry = registry
        self.validated = 0
        self.without_spec = 0
        self.probe_requests = 0
        self.violations = 0
        self.exempted = 0
        # outside any test; strings when relayed from an xdist worker
        self.unattributed: list[Violation | str] = []
        self.workers = 0  # xdist workers whose counts were added (0: a single process)
        self._scope: _TestScope | None = None
        self._checkers: dict[str, ExchangeChecker] = {}
        # the per-operation body properties contracts.toml allows beyond the spec (known gaps)
        self._allowances = request_allowances(load_manifest())
        self._lock = threading.Lock()

    # --- per test -------------------------------------------------------------------------

    def begin_test(self, validate_mocked_responses: bool) -> None:
        """Start attributing exchanges to a new test."""
        with self._lock:
            self._scope = _TestScope(validate_mocked_responses)

    def end_test(self, exempt: bool) -> list[Violation]:
        """Stop attributing; return the test's violations (counted as exempted if ``exempt``)."""
        with self._lock:
            scope, self._scope = self._scope, None
        found = scope.violations if scope else []
        if exempt:
            self.exempted += len(found)
        else:
            self.violations += len(found)
        return found

    # --- the transport wrapper ------------------------------------------------------------

    def wrap(self, send: Send) -> Send:
        """``send`` (HTTPTransport.handle_request) with every exchange checked."""

        @functools.wraps(send)
        def handle_request(
            transport: httpx.HTTPTransport, request: httpx.Request
        ) -> httpx.Response:
            return self.exchange(send, transport, request)

        return handle_request

    def exchange(
        self, send: Send, transport: httpx.HTTPTransport, request: httpx.Request
    ) -> httpx.Response:
        """Send ``request`` through ``send`` and check both halves against the spec."""
        spec_info, inner_path = split_prefix(request.url.path)
        if spec_info is None:
            with self._lock:
                self.without_spec += 1
            return send(transport, request)
        checker = self._checker(spec_info.name)
        found: list[Violation] = []

        def note(phase: str, problems: list[str], operation: tuple[str, str] | None) -> None:
            found.extend(
                Violation(
                    method=request.method,
                    path=request.url.path,
                    spec=spec_info.filename,
                    operation=" ".join(operation) if operation else None,
                    phase=phase,
                    detail=problem,
                )
                for problem in problems
            )

        oa_request = checker.request_for(request, inner_path)
        operation = None
        try:
            operation = checker.operation(oa_request)
            # Requests are the contract of *our* clients (they all send our User-Agent); the
            # sandbox's own tests probe it with deliberately bad requests, whose responses
            # are still checked below.
            if request.headers.get("user-agent", "").startswith(USER_AGENT):
                allowed = frozenset()
                if operation is not None:
                    allowed = self._allowances.get((spec_info.filename, *operation), frozenset())
                note("request", checker.check_request(oa_request, allowed), operation)
            else:
                with self._lock:
                    self.probe_requests += 1
        except Exception as error:  # a checker bug must surface, not break the client
            note("request", [f"contract checker failed: {error!r}"], operation)
        try:
            response = send(transport, request)
            raw = _read_raw(response)
            if self._check_responses(response):
                problems = _response_problems(checker, oa_request, response, raw)
                note(f"response {response.status_code}", problems, operation)
        finally:
            self._record(found)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(raw),
            extensions=response.extensions,
            request=request,
        )

    def _check_responses(self, response: httpx.Response) -> bool:
        if response.headers.get(FAULT_HEADER, "").lower() == "true":
            return False  # an injected fault: only its request is checked
        # httpcore puts the socket's stream in the extensions of a real HTTP/1.1 response
        # (HTTP/2: a stream id); respx-built responses carry neither.
        over_socket = "network_stream" in response.extensions or "stream_id" in response.extensions
        scope = self._scope
        return over_socket or (scope is not None and scope.validate_mocked_responses)

    def _checker(self, name: str) -> ExchangeChecker:
        with self._lock:
            checker = self._checkers.get(name)
            if checker is None:
                checker = ExchangeChecker(self.registry.get(name))
                self._checkers[name] = checker
            return checker

    def _record(self, found: list[Violation]) -> None:
        with self._lock:
            self.validated += 1
            if not found:
                return
            if self._scope is not None:
                self._scope.violations.extend(found)
            else:
                self.unattributed.extend(found)

    # --- pytest-xdist: workers report, the controller sums -------------------------------

    def export(self) -> dict[str, object]:
        """This worker's counts and violations outside any test, as plain data for execnet."""
        with self._lock:
            counts: dict[str, object] = {name: getattr(self, name) for name in COUNTS}
            counts["unattributed"] = [str(item) for item in self.unattributed]
        return counts

    def merge(self, counts: dict[str, object]) -> None:
        """Add a worker's ``export()``."""
        with self._lock:
            for name in COUNTS:
                value = counts.get(name, 0)
                setattr(self, name, getattr(self, name) + (value if isinstance(value, int) else 0))
            relayed = counts.get("unattributed")
            if isinstance(relayed, list):
                self.unattributed.extend(str(item) for item in relayed)
            self.workers += 1

    def summary(self) -> list[str]:
        """Lines for the terminal summary."""
        if not self.registry.available:
            return [f"contract: validation skipped: {self.registry.unavailable_reason}"]
        total = self.violations + len(self.unattributed)
        lines = [
            f"contract: {self.validated} exchanges validated against specs, "
            f"{self.without_spec} without a spec, {total} violations",
            f"contract: {self.probe_requests} sandbox-probe requests (not from our clients): "
            "responses checked, requests not",
        ]
        if self.workers:
            lines.append(f"contract: summed over {self.workers} xdist workers")
        if self.exempted:
            lines.append(f"contract: {self.exempted} violations ignored in {EXEMPT_MARKER} tests")
        lines.extend(f"contract: outside any test: {item}" for item in self.unattributed)
        return lines


def _response_problems(
    checker: ExchangeChecker,
    oa_request: HttpxOpenAPIRequest,
    response: httpx.Response,
    raw: bytes,
) -> list[str]:
    """Check a response whose raw (still encoded) body is ``raw``."""
    decoded = httpx.Response(
        response.status_code, headers=response.headers, stream=httpx.ByteStream(raw)
    ).read()
    try:
        return checker.check_response(
            oa_request, HttpxOpenAPIResponse(response.status_code, response.headers, decoded)
        )
    except Exception as error:  # a checker bug must surface, not break the client
        return [f"contract checker failed: {error!r}"]


def _read_raw(response: httpx.Response) -> bytes:
    """The body as it came off the wire (still encoded), with the connection released."""
    try:
        return b"".join(response.iter_raw())
    finally:
        response.close()


_RECORDER = pytest.StashKey[ContractRecorder]()


def _recorder(config: pytest.Config) -> ContractRecorder:
    return config.stash[_RECORDER]


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers and create the session's recorder."""
    config.addinivalue_line(
        "markers",
        f"{EXEMPT_MARKER}(reason): the test deliberately sends off-contract requests; "
        "contract violations are counted but do not fail it",
    )
    config.addinivalue_line(
        "markers",
        f"{MOCKS_MARKER}: also validate responses the test mocks (respx) against the specs",
    )
    config.addinivalue_line(
        "markers", f"{REQUIRES_MARKER}: skip the test when the OpenAPI specs are absent"
    )
    recorder = ContractRecorder(SpecRegistry())
    config.stash[_RECORDER] = recorder
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistRelay(recorder), "contract-xdist-relay")


class _XdistRelay:
    """On the xdist controller: add each worker's counts as the worker finishes."""

    def __init__(self, recorder: ContractRecorder) -> None:
        """Sum into ``recorder`` (the controller's, which sees no exchange itself)."""
        self.recorder = recorder

    def pytest_testnodedown(self, node: object, error: object) -> None:
        """A worker is done: its ``workeroutput`` holds what its session recorded."""
        output = getattr(node, "workeroutput", None) or {}
        counts = output.get(WORKER_OUTPUT_KEY)
        if isinstance(counts, dict):
            self.recorder.merge(counts)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip ``requires_specs`` tests with the reason when the specs are absent."""
    registry = _recorder(item.config).registry
    if item.get_closest_marker(REQUIRES_MARKER) and not registry.available:
        pytest.skip(registry.unavailable_reason or "OpenAPI specs not available")


@pytest.fixture(scope="session")
def openapi_specs(pytestconfig: pytest.Config) -> SpecRegistry:
    """The session's specs (parsed once, lazily); skips the test when they are absent."""
    registry = _recorder(pytestconfig).registry
    if not registry.available:
        pytest.skip(registry.unavailable_reason or "OpenAPI specs not available")
    return registry


@pytest.fixture(scope="session", autouse=True)
def _contract_transport(pytestconfig: pytest.Config) -> Iterator[None]:
    recorder = _recorder(pytestconfig)
    if not recorder.registry.available:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        original = httpx.HTTPTransport.handle_request
        patch.setattr(httpx.HTTPTransport, "handle_request", recorder.wrap(original))
        yield


@pytest.fixture(autouse=True)
def _contract_per_test(request: pytest.FixtureRequest) -> Iterator[None]:
    recorder = _recorder(request.config)
    if not recorder.registry.available:
        yield
        return
    exempt = request.node.get_closest_marker(EXEMPT_MARKER)
    if exempt is not None and not (exempt.args or exempt.kwargs.get("reason")):
        pytest.fail(f"@pytest.mark.{EXEMPT_MARKER} needs a reason", pytrace=False)
    mocks = request.node.get_closest_marker(MOCKS_MARKER) is not None
    recorder.begin_test(validate_mocked_responses=mocks)
    yield
    violations = recorder.end_test(exempt=exempt is not None)
    if violations and exempt is None:
        listed = "\n".join(f"  - {violation}" for violation in violations)
        pytest.fail(
            f"{len(violations)} contract violation(s) against the OpenAPI specs:\n{listed}",
            pytrace=False,
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a fixture outside any test sent an off-contract exchange.

    An xdist worker also hands its counts to the controller here (xdist sends ``workeroutput``
    after this hook); the controller, whose workers are all down by now, then decides.
    """
    recorder = session.config.stash.get(_RECORDER, None)
    workeroutput = getattr(session.config, "workeroutput", None)
    if recorder is not None and workeroutput is not None:
        workeroutput[WORKER_OUTPUT_KEY] = recorder.export()
    if recorder is not None and recorder.unattributed and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """``contract: N exchanges validated against specs, M without a spec, K violations``."""
    recorder = terminalreporter.config.stash.get(_RECORDER, None)
    if recorder is None:
        return
    for line in recorder.summary():
        terminalreporter.write_line(line)
