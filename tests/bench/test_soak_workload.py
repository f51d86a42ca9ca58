"""The soak's generic parts, without a stack: the mix, the actors' declarations, the top-ups."""

import random
import re

import httpx
import pytest

from bench.soak.plan import FULL, SMOKE
from bench.soak.workload import WorkRequests, handler_of, resolve_mix, soak_actors
from dagster_project.sandbox.core.domain import sandbox_domains, services
from dagster_project.sandbox.core.faults import FaultRule
from dagster_project.sandbox.core.soak import SoakActor, SoakContext


def test_the_default_mix_is_every_domain_with_a_soak_actor() -> None:
    actors = soak_actors()
    assert list(actors) == [d.name for d in sandbox_domains() if d.soak is not None]
    assert FULL.mix is None and SMOKE.mix is None
    assert resolve_mix(None, actors) == {name: actor.share for name, actor in actors.items()}


def test_a_mix_naming_a_domain_without_an_actor_is_refused() -> None:
    with pytest.raises(ValueError, match="no soak actor for \\['nowhere'\\]"):
        resolve_mix({"nowhere": 1.0}, soak_actors())
    name = next(iter(soak_actors()))
    with pytest.raises(ValueError, match="positive weights"):
        resolve_mix({name: 0.0}, soak_actors())


@pytest.mark.parametrize("name", sorted(soak_actors()))
def test_each_actor_declares_what_the_soak_needs(name: str) -> None:
    actor = soak_actors()[name]
    assert issubclass(actor, SoakActor)
    assert actor.share > 0
    if actor.held_read is not None:
        rule = FaultRule.model_validate(actor.held_read.rule(hold_seconds=5))
        assert rule.service in {s.name for s in services()}
        assert rule.slow_body and rule.times == 1 and rule.latency_ms == 5000
        re.compile(rule.path_pattern)


@pytest.mark.parametrize("name", sorted(soak_actors()))
def test_poison_offered_by_an_actor_is_its_own_and_carries_the_marker(name: str) -> None:
    with httpx.Client(base_url="http://127.0.0.1:9") as nowhere:  # poison needs no sandbox
        context = SoakContext(sandbox=nowhere, publisher=None, rng=random.Random(0))  # type: ignore[arg-type]
        events = soak_actors()[name](context).poison_events("soak-poison-00002")
    for event in events:
        assert handler_of(event["eventType"]) == name
        assert "soak-poison-00002" in repr(event)


class FakeWorkload:
    def __init__(self) -> None:
        self.topped: list[tuple[str, ...]] = []

    def top_up(self, domains: tuple[str, ...]) -> bool:
        self.topped.append(domains)
        return True


def test_work_is_published_for_a_kill_only_after_the_plan_and_once_per_ask() -> None:
    requests, workload = WorkRequests(), FakeWorkload()
    assert not requests.ask(["incentives"]), "the planned events come first"
    requests.open()
    assert requests.ask(["incentives"])
    assert not requests.ask(["visits"]), "one unserved ask at a time"
    requests.serve(workload)  # type: ignore[arg-type]
    requests.serve(workload)  # type: ignore[arg-type]
    assert workload.topped == [("incentives",)]
    assert requests.served == 1 and not requests.pending()
    assert requests.ask(["visits"])
    requests.withdraw()
    requests.serve(workload)  # type: ignore[arg-type]
    assert workload.topped == [("incentives",)]
