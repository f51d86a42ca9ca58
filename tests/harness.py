"""Real-socket harness: moto server + sandbox estate over HTTP + a real Dagster instance.

Sensors are evaluated like the daemon does (cursor carried between ticks) and the runs they
request are executed in-process against the same instance; every byte crosses a socket.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
import httpx
from moto.server import ThreadedMotoServer

from dagster_project.definitions import build_definitions
from dagster_project.domains import APIS, DOMAINS, domain_named
from dagster_project.local.aws import provision, sqs_client
from dagster_project.local.moto_server import patch_moto
from dagster_project.local.publish import Publisher
from dagster_project.settings import Settings
from dagster_project.sync_definitions import build_sync_definitions
from dagster_project.wiring import resources_for
from resources.store import SyncStore, engine_for
from sensors.event_sync import read_cursor

E2E_SECRET = "e2e-Client-Secret-9f3a"  # noqa: S105 - test-only value, grepped for in outputs
# the client secret variable of every API (all set to E2E_SECRET in these tests)
SECRET_VARIABLES = tuple(api.secret_variable for api in APIS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_moto() -> ThreadedMotoServer:
    """Moto on 127.0.0.1, bound to a port the kernel picks (read it with get_host_and_port).

    Port 0 rather than `free_port()`: no window in which a parallel worker takes the port.
    """
    patch_moto()  # the local stack's moto, as `p2n local` starts it
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    return server


def e2e_settings(sandbox_url: str, moto_url: str, store_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "hmpps_auth_url": f"{sandbox_url}/auth",
        **{api.url_setting: f"{sandbox_url}{api.sandbox_path}" for api in APIS},
        "sandbox_url": sandbox_url,
        "sqs_endpoint_url": moto_url,
        "store_url": f"sqlite:///{store_path}",
        "event_retry_delays_seconds": (0, 0),
        "event_in_run_retries": 0,  # every failure visible as a queue retry in these tests
        "queue_visibility_timeout_seconds": 30,
        **overrides,
    }
    return Settings(**values)


@dataclass
class Harness:
    settings: Settings
    instance: dg.DagsterInstance
    sandbox: httpx.Client
    cursors: dict[str, str | None] = field(default_factory=dict)
    run_results: list[dg.ExecuteInProcessResult] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.defs = build_definitions(self.settings)
        self.sync_defs = build_sync_definitions(self.settings)
        self.resources = resources_for(self.settings)
        self.publisher = Publisher(self.settings, self.sandbox)
        self.queue = self.resources["event_queue"].get_client()
        self.store = SyncStore(engine_for(self.settings.resolved_store_url))

    def tick(self, domain: str) -> list[dg.RunRequest]:
        """Evaluate the domain's sensor once, keeping the cursor as the daemon would."""
        sensor = self.sync_defs.resolve_sensor_def(domain_named(domain).sensor_name)
        with dg.build_sensor_context(
            instance=self.instance, cursor=self.cursors.get(domain), resources=self.resources
        ) as context:
            result = sensor.evaluate_tick(context)
        self.cursors[domain] = result.cursor
        return list(result.run_requests or [])

    def run(self, domain: str, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
        job = self.sync_defs.resolve_job_def(domain_named(domain).job_name)
        result = job.execute_in_process(
            run_config=request.run_config,
            instance=self.instance,
            tags=request.tags,
            raise_on_error=False,
        )
        self.run_results.append(result)
        return result

    def pump(self, rounds: int = 6) -> int:
        """Tick every sensor and run what it asks for until nothing more happens.

        A domain with nothing to do is not ticked (see `has_work`): its tick would change
        nothing, and ticking every domain every round made each pump cost O(domains).
        """
        launched = 0
        idle = 0
        for _ in range(rounds * 3):
            requested = 0
            for domain in DOMAINS:
                if not self.has_work(domain.name):
                    continue
                for request in self.tick(domain.name):
                    self.run(domain.name, request)
                    requested += 1
            launched += requested
            idle = idle + 1 if requested == 0 else 0
            if idle >= 2:
                break
        return launched

    def has_work(self, domain: str) -> bool:
        """Whether the domain's next tick could do anything.

        A tick acknowledges the receipts its cursor carries, then receives what is visible on
        the queue (moto counts a message as visible exactly when a receive would return it:
        not in flight, not delayed). With neither, it receives nothing and leaves an empty
        cursor: the same as not ticking.
        """
        if read_cursor(self.cursors.get(domain)).pending:
            return True
        visible, _, _ = self.depth(domain)
        return visible > 0

    def operate(self, job: str, op: str, config: dict[str, Any]) -> dg.ExecuteInProcessResult:
        """Run an operation job with this config, as the Launchpad would, on this instance."""
        return self.defs.resolve_job_def(job).execute_in_process(
            run_config={"ops": {op: {"config": config}}}, instance=self.instance
        )

    def depth(self, domain: str, dead_letters: bool = False) -> tuple[int, int, int]:
        d = self.queue.depth(domain, dead_letters)
        return d.visible, d.in_flight, d.delayed

    def dead_letters(self, domain: str) -> list[dict[str, Any]]:
        sqs = sqs_client(self.settings)
        url = self.queue.dlq_url(domain)
        found: list[dict[str, Any]] = []
        while True:
            batch = sqs.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=10,
                MessageAttributeNames=["All"],
                VisibilityTimeout=30,
            ).get("Messages", [])
            if not batch:
                return found
            found.extend(batch)

    def get(self, path: str, **params: Any) -> Any:
        response = self.sandbox.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def fault(self, **rule: Any) -> None:
        self.sandbox.post("/sandbox/faults", json=rule).raise_for_status()

    def telemetry(self, prefix: str) -> list[dict[str, str]]:
        return [row.dimensions for row in self.store.query_telemetry(prefix, limit=500)]

    def first_prisoner(self, prison: str = "MDI") -> dict[str, Any]:
        return self.get("/sandbox/prisoners", prisonId=prison, limit=1)[0]

    # A reconciliation's steps, as the schedule, the alert sensor and the recheck sensor take them.

    def materialize(self, asset: str, partition: str) -> dg.ExecuteInProcessResult:
        """Run the reconciliation's job for one partition, as its schedule would."""
        job = self.defs.resolve_job_def(f"{asset}_job")
        return job.execute_in_process(partition_key=partition, instance=self.instance)

    @staticmethod
    def check_evaluation(
        result: dg.ExecuteInProcessResult, check: str | dg.AssetCheckKey | None = None
    ) -> dg.AssetCheckEvaluation:
        """The evaluation of `check` (default: the one check that is not the freshness check)."""
        name = check.name if isinstance(check, dg.AssetCheckKey) else check
        [evaluation] = [
            e
            for e in result.get_asset_check_evaluations()
            if (e.check_name == name if name else e.check_name != "freshness_check")
        ]
        return evaluation

    def alerts_tick(self, cursor: str | None) -> str | None:
        """One tick of the reconciliation alert sensor from `cursor`; the cursor it leaves."""
        sensor = self.defs.resolve_sensor_def("reconciliation_alerts_sensor")
        with dg.build_sensor_context(
            instance=self.instance, cursor=cursor, resources=self.resources
        ) as context:
            sensor.evaluate_tick(context)
            return context.cursor

    def failed_alerts(self) -> list[Any]:
        return [a for a in self.store.list_alerts() if a.name == "reconciliation-check-failed"]

    def recheck_request(self, repair: dg.ExecuteInProcessResult) -> Any:
        """What the recheck sensor asks for after this successful repair run."""
        run = self.instance.get_run_by_id(repair.run_id)
        [success] = [
            e.dagster_event
            for e in self.instance.all_logs(repair.run_id)
            if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.RUN_SUCCESS
        ]
        context = dg.build_run_status_sensor_context(
            sensor_name="recheck_after_repair_sensor",
            dagster_instance=self.instance,
            dagster_run=run,
            dagster_event=success,
        )
        return self.defs.resolve_sensor_def("recheck_after_repair_sensor")(context)


def provision_queues(settings: Settings) -> None:
    provision(settings)


def written(result: dg.ExecuteInProcessResult, op: str) -> tuple[int, int]:
    """(planned, written) from an operation run's summary."""
    [output] = [
        e
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_OUTPUT and e.step_key == op
    ]
    metadata = output.event_specific_data.metadata
    return metadata["planned"].value, metadata["written"].value
