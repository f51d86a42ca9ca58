"""The contract plugin end to end: inner pytest sessions run in a subprocess and are inspected.

A subprocess keeps the inner sessions' deliberate violations away from this session's own
recorder (every httpx exchange in this process is checked too).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.contract.specs import REPO_ROOT, specs_dir

INNER = textwrap.dedent(
    """
    import gzip
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import httpx
    import pytest
    import respx

    NOMIS = "https://estate.test/nomis"
    LEVEL = f"{NOMIS}/incentives/reference-codes/STD"
    REF = {
        "code": "STD", "domain": "IEP_LEVEL", "description": "Standard",
        "active": True, "systemDataFlag": False,
    }


    def client():
        return httpx.Client(
            headers={"Authorization": "Bearer inner-token", "User-Agent": "prisoner-to-nomis-sync"}
        )


    @pytest.fixture
    def estate():
        with respx.mock(base_url="https://estate.test") as router:
            yield router


    def test_on_contract(estate):
        estate.get("/nomis/incentives/reference-codes/STD").respond(200, json=REF)
        with client() as http:
            response = http.get(LEVEL)
        assert response.json() == REF
        assert response.elapsed.total_seconds() >= 0


    def test_gzip_body_reaches_the_client_decoded(estate):
        estate.get("/nomis/incentives/reference-codes/STD").respond(
            200,
            content=gzip.compress(json.dumps(REF).encode()),
            headers={"content-encoding": "gzip", "content-type": "application/json"},
        )
        with client() as http:
            assert http.get(LEVEL).json() == REF


    def test_off_contract_request(estate):
        estate.post("/nomis/prisoners/A1234AA/visits").respond(201, json={"visitId": 1})
        with client() as http:
            http.post(f"{NOMIS}/prisoners/A1234AA/visits", json={"room": "Hall"})


    @pytest.mark.contract_exempt("proves the service answers 400 to a bad body")
    def test_exempt(estate):
        estate.post("/nomis/prisoners/A1234AA/visits").respond(400, json={"status": 400})
        with client() as http:
            http.post(f"{NOMIS}/prisoners/A1234AA/visits", json={"room": "Hall"})


    @pytest.mark.contract_exempt
    def test_exempt_without_reason():
        pass


    def test_mocked_response_is_trusted_by_default(estate):
        estate.get("/nomis/incentives/reference-codes/STD").respond(200, json={"code": 1})
        with client() as http:
            http.get(LEVEL)


    @pytest.mark.contract_mocked_responses
    def test_mocked_response_checked_when_asked(estate):
        estate.get("/nomis/incentives/reference-codes/STD").respond(200, json={"code": 1})
        with client() as http:
            http.get(LEVEL)


    @pytest.mark.contract_mocked_responses
    def test_injected_fault_response_is_not_checked(estate):
        estate.get("/nomis/incentives/reference-codes/STD").respond(
            500, text="boom", headers={"X-Sandbox-Fault": "true"}
        )
        with client() as http:
            assert http.get(LEVEL).status_code == 500


    def test_without_a_spec(estate):
        estate.post("/auth/oauth/token").respond(200, json={"access_token": "t"})
        estate.get("/visits-api/visits/ab-cd").respond(200, json={})
        with httpx.Client() as http:
            http.post("https://estate.test/auth/oauth/token")
            http.get("https://estate.test/visits-api/visits/ab-cd")


    @pytest.fixture
    def server():
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                good = self.path.endswith("/STD")
                body = json.dumps(REF if good else {"code": 1}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


    def test_socket_response_on_contract(server):
        with client() as http:
            assert http.get(f"{server}/nomis/incentives/reference-codes/STD").json() == REF


    def test_socket_response_off_contract(server):
        with client() as http:
            http.get(f"{server}/nomis/incentives/reference-codes/ENH")


    @pytest.mark.requires_specs
    def test_needs_specs(openapi_specs):
        assert openapi_specs.available
    """
)

OUTSIDE_ANY_TEST = textwrap.dedent(
    """
    import httpx
    import pytest
    import respx


    @pytest.fixture(scope="session")
    def warmed_up():
        with respx.mock() as router:
            router.get("https://estate.test/nomis/prisoners/ids/active").respond(200, json={})
            httpx.get(
                "https://estate.test/nomis/prisoners/ids/active",
                headers={"User-Agent": "prisoner-to-nomis-sync"},
            )
        yield


    def test_uses_a_session_fixture(warmed_up):
        pass
    """
)


def _run(
    tmp_path: Path, source: str, specs: Path, workers: int = 0
) -> subprocess.CompletedProcess[str]:
    """The inner session in one process, or on ``workers`` pytest-xdist workers."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    test_file = tmp_path / "test_inner.py"
    test_file.write_text(source)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
        "OPENAPI_SPECS_DIR": str(specs),
    }
    command = [sys.executable, "-m", "pytest", "-p", "tests.contract.plugin"]
    command += ["-p", "no:cacheprovider", "-rA", "-v", "-n", str(workers), str(test_file)]
    return subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False
    )


SEVERITY = ("PASSED", "SKIPPED", "FAILED", "ERROR")


def _outcomes(output: str) -> dict[str, str]:
    """Worst outcome per test from the ``-v`` progress lines (a teardown error follows PASSED).

    One process prints ``test_inner.py::name OUTCOME``; xdist ``[gw0] [ 8%] OUTCOME
    test_inner.py::name``.
    """
    found: dict[str, str] = {}
    single = re.findall(r"^test_inner\.py::(\w+) (\w+)", output, re.M)
    xdist = re.findall(r"^\[gw\d+\] \[\s*\d+%\] (\w+) test_inner\.py::(\w+)", output, re.M)
    for name, outcome in single + [(name, outcome) for outcome, name in xdist]:
        if SEVERITY.index(outcome) >= SEVERITY.index(found.get(name, "PASSED")):
            found[name] = outcome
    return found


@pytest.mark.requires_specs
@pytest.mark.parametrize("workers", [0, 2], ids=["one-process", "xdist-2-workers"])
def test_violations_fail_the_test_that_sent_them(tmp_path, workers):
    # under xdist the controller's summary is the sum of the workers' counts
    result = _run(tmp_path, INNER, specs_dir(), workers)
    output = result.stdout
    assert result.returncode == 1, output
    assert _outcomes(output) == {
        "test_on_contract": "PASSED",
        "test_gzip_body_reaches_the_client_decoded": "PASSED",
        "test_off_contract_request": "ERROR",
        "test_exempt": "PASSED",
        "test_exempt_without_reason": "ERROR",
        "test_mocked_response_is_trusted_by_default": "PASSED",
        "test_mocked_response_checked_when_asked": "ERROR",
        "test_injected_fault_response_is_not_checked": "PASSED",
        "test_without_a_spec": "PASSED",
        "test_socket_response_on_contract": "PASSED",
        "test_socket_response_off_contract": "ERROR",
        "test_needs_specs": "PASSED",
    }
    assert "contract: 9 exchanges validated against specs, 2 without a spec, 3 violations" in output
    assert "contract: 1 violations ignored in contract_exempt tests" in output
    assert "ERROR at teardown of test_off_contract_request" in output
    assert (
        "POST /nomis/prisoners/A1234AA/visits [request vs nomis-prisoner-api-docs.json "
        "POST /prisoners/{offenderNo}/visits]: request body: <root>: 'endTime' is a required"
    ) in output
    assert (
        "GET /nomis/incentives/reference-codes/STD [response 200 vs nomis-prisoner-api-docs.json "
        "GET /incentives/reference-codes/{code}]: response body: code: 1 is not of type 'string'"
    ) in output
    assert "ERROR at teardown of test_socket_response_off_contract" in output
    assert "ERROR at setup of test_exempt_without_reason" in output
    assert "@pytest.mark.contract_exempt needs a reason" in output
    assert ("contract: summed over 2 xdist workers" in output) == (workers == 2)


def test_without_specs_nothing_is_recorded_and_the_reason_is_given(tmp_path):
    nowhere = tmp_path / "no-specs-here"
    result = _run(tmp_path, INNER, nowhere)
    output = result.stdout
    reason = f"OpenAPI specs not found at {nowhere}; set OPENAPI_SPECS_DIR"
    assert f"contract: validation skipped: {reason}" in output
    outcomes = _outcomes(output)
    assert outcomes.pop("test_needs_specs") == "SKIPPED"
    assert set(outcomes.values()) == {"PASSED"}, output
    assert reason in output.split("short test summary info")[1]
    assert result.returncode == 0, output


@pytest.mark.requires_specs
@pytest.mark.parametrize("workers", [0, 2], ids=["one-process", "xdist-2-workers"])
def test_a_violation_outside_any_test_fails_the_run(tmp_path, workers):
    # under xdist the worker's session fixture sends it; the controller must fail the run
    result = _run(tmp_path, OUTSIDE_ANY_TEST, specs_dir(), workers)
    output = result.stdout
    assert _outcomes(output) == {"test_uses_a_session_fixture": "PASSED"}
    assert "contract: 1 exchanges validated against specs, 0 without a spec, 1 violations" in output
    assert "contract: outside any test: GET /nomis/prisoners/ids/active [request vs" in output
    assert result.returncode == 1, output
