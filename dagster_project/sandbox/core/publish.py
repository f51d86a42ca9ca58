"""Publishing like DPS does: change DPS state in the sandbox, then emit the domain event to SNS.

The core knows the topic, the sandbox and the event envelope; what each event type changes in
DPS first is its domain's ``publish.py``. It takes a :class:`PublishTarget`, not the service's
settings, so the sandbox stays importable on its own (the CLI side builds the target).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from dagster_project.sandbox.core.domain import sandbox_domains

if TYPE_CHECKING:
    from mypy_boto3_sns import SNSClient

Action = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class PublishTarget:
    """Where events go and where DPS lives, plus the defaults of the old mock visits.

    Attributes:
        topic_arn: the domain-events SNS topic.
        region: its AWS region.
        endpoint_url: SNS/SQS endpoint (moto server locally); None for real AWS.
        sandbox_url: root URL of the sandbox estate, whose admin API changes DPS state.
        mock_visits_prison_id: prison of a visit booked without one.
        mock_visits_visitors: visitors of a visit booked without any.
        mock_visits_prisoner_id: prisoner of a visit booked without one (None: the prison's first).
    """

    topic_arn: str
    region: str
    endpoint_url: str | None
    sandbox_url: str
    mock_visits_prison_id: str = "MDI"
    mock_visits_visitors: tuple[int, ...] = ()
    mock_visits_prisoner_id: str | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def domain_event(
    event_type: str,
    additional_information: dict[str, Any],
    offender_no: str | None = None,
    **top_level: Any,
) -> dict[str, Any]:
    """An HMPPS domain event as DPS services publish it."""
    event: dict[str, Any] = {
        "eventType": event_type,
        "version": "1.0",
        "description": f"{event_type} (published by prisoner-to-nomis-sync local tooling)",
        "occurredAt": _now(),
        "additionalInformation": additional_information,
        **top_level,
    }
    if offender_no:
        event["personReference"] = {"identifiers": [{"type": "NOMS", "value": offender_no}]}
    return event


@functools.cache
def publish_actions() -> dict[str, Action]:
    """Every sandbox domain's publish action by function name."""
    return {f.__name__: f for d in sandbox_domains() for f in d.publish_actions}


def action_named(name: str) -> Action:
    """One domain's publish action, e.g. ``incentive_review``.

    Raises:
        AttributeError: no sandbox domain publishes ``name``.
    """
    try:
        return publish_actions()[name]
    except KeyError:
        raise AttributeError(f"no sandbox domain has a publish action named {name!r}") from None


class _Actions:
    """Every domain's publish action as an attribute: ``ACTIONS.visit_booked(publisher)``."""

    def __getattr__(self, name: str) -> Action:
        if name.startswith("_"):
            raise AttributeError(name)
        return action_named(name)


ACTIONS = _Actions()


class PublishUnavailable(Exception):
    """The topic or the sandbox cannot be reached: one line naming which and where."""


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class Publisher:
    """Drives the sandbox's DPS side and the SNS topic, so every event has real DPS state.

    A domain's publish actions are also methods (``publisher.incentive_review(...)``), looked
    up in the sandbox domains, so callers need not know which domain publishes what.
    """

    def __init__(self, target: PublishTarget, http: httpx.Client | None = None) -> None:
        """Publish to ``target``; ``http`` (rooted at the sandbox) is made if not given."""
        import boto3  # boto3 is slow to import; only publishing needs it

        self.target = target
        self._sns: SNSClient = boto3.client(
            "sns", region_name=target.region, endpoint_url=target.endpoint_url
        )
        self._owns_http = http is None
        self._sandbox = http or httpx.Client(base_url=target.sandbox_url, timeout=10.0)

    def close(self) -> None:
        """Close the sandbox connection this publisher opened (not one it was handed)."""
        if self._owns_http:
            self._sandbox.close()

    def check(self) -> None:
        """Fail before any DPS change when the topic or the sandbox cannot be reached.

        A publish changes DPS first and emits the event second: checking both ends first means
        a failure never leaves DPS changed with no event sent.

        Raises:
            PublishUnavailable: naming the topic's endpoint or the sandbox URL (no secret).
        """
        where = self.target.endpoint_url or f"AWS SNS ({self.target.region})"
        try:
            self._sns.get_topic_attributes(TopicArn=self.target.topic_arn)
        except Exception as error:  # botocore: connection, credentials, missing topic
            raise PublishUnavailable(
                f"cannot publish to {self.target.topic_arn} at {where}: {_first_line(error)}"
            ) from None
        try:
            self._sandbox.get("/sandbox/health").raise_for_status()
        except httpx.HTTPError as error:
            raise PublishUnavailable(
                f"cannot reach the sandbox at {self.target.sandbox_url}: {_first_line(error)}"
            ) from None

    def emit(self, event: dict[str, Any]) -> str:
        """Publish to the domain-events topic with the eventType attribute the filters use."""
        response = self._sns.publish(
            TopicArn=self.target.topic_arn,
            Message=json.dumps(event),
            MessageAttributes={
                "eventType": {"DataType": "String", "StringValue": event["eventType"]}
            },
        )
        return str(response["MessageId"])

    def dps_change(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Change DPS state through the sandbox admin API (`/sandbox/dps…`)."""
        response = self._sandbox.request(method, f"/sandbox/dps{path}", json=body)
        response.raise_for_status()
        return response.json() if response.content else None

    def first_prisoner(self, prison_id: str) -> str:
        """The offender number of the first prisoner of a prison in the sandbox.

        Raises:
            ValueError: the prison has no prisoner.
        """
        response = self._sandbox.get(
            "/sandbox/prisoners", params={"prisonId": prison_id, "limit": 1}
        )
        response.raise_for_status()
        prisoners = response.json()
        if not prisoners:
            raise ValueError(f"the sandbox has no prisoner in {prison_id}")
        return str(prisoners[0]["offenderNo"])

    def __getattr__(self, name: str) -> Action:
        """A domain's publish action bound to this publisher (``publisher.visit_booked()``)."""
        if name.startswith("_"):
            raise AttributeError(name)
        return functools.partial(action_named(name), self)
