"""A sync run's API clients keep at most SYNC_API_CONCURRENCY requests in flight."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from resources.api_resource import HmppsApiResource
from resources.auth import clear_token_cache
from sensors.sync_job import CappedApi, capped
from tests.inflight import InFlight


class SlowApi(BaseHTTPRequestHandler):
    """A token endpoint, and a GET that counts requests in flight.

    Each GET waits until three were in flight together once (`InFlight(meet=3)`: the cap is
    seen reached however the threads are scheduled), then takes 50 ms, so a fourth request let
    through beside them would show in the peak.
    """

    in_flight = InFlight(meet=3)

    def do_POST(self):
        self.server.reply(self, {"access_token": "tok", "token_type": "bearer", "expires_in": 600})

    def do_GET(self):
        with type(self).in_flight:
            time.sleep(0.05)
        self.server.reply(self, {"ok": True})

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def reply(self, handler, body):
        payload = json.dumps(body).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)


@pytest.fixture
def api():
    clear_token_cache()
    server = Server(("127.0.0.1", 0), SlowApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield HmppsApiResource(
        base_url=base, token_url=f"{base}/token", client_id="c", client_secret="s3cret-value"
    )
    server.shutdown()
    clear_token_cache()


def test_requests_beyond_the_cap_wait_for_a_connection(api):
    SlowApi.in_flight = InFlight(meet=3)
    with CappedApi(api, cap=3).build_http() as http, ThreadPoolExecutor(12) as pool:
        statuses = list(pool.map(lambda _: http.get("/x").status_code, range(24)))
    assert statuses == [200] * 24
    assert SlowApi.in_flight.peak == 3


def test_no_cap_is_the_resource_itself(api):
    assert capped(api, None) is api
    assert isinstance(capped(api, 4), CappedApi)
