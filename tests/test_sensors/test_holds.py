"""Held events: an entity's events are handed over in order even when some were sent back."""

import datetime as dt

from sensors.holds import HOLD_GRACE_SECONDS, Holds

T0 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
X = "adjustment:x"


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_an_entity_held_by_a_run_makes_every_event_of_it_wait():
    holds = Holds({}, now=0.0)
    assert holds.must_wait(X, "sns:e1", at(1), holding_run="run-a") == (
        f"{X} is held by unfinished run run-a"
    )
    assert holds.must_wait("adjustment:y", "sns:e9", at(1), holding_run=None) is None


def test_a_new_event_waits_behind_an_event_held_back_before_it():
    holds = Holds({}, now=0.0)
    holds.hold(X, "sns:e2", at(2), delay=5)
    assert holds.must_wait(X, "sns:e3", at(3), holding_run=None) is not None
    # ... even one that happened earlier: it arrived after the held one was handed over once
    assert holds.must_wait(X, "sns:e0", at(0), holding_run=None) is not None


def test_held_events_come_back_in_occurred_order():
    holds = Holds({}, now=0.0)
    holds.hold(X, "sns:e2", at(2), delay=5)
    holds.hold(X, "sns:e3", at(3), delay=5)
    assert holds.must_wait(X, "sns:e3", at(3), holding_run=None) == (
        f"{X} has an earlier event held back"
    )
    assert holds.must_wait(X, "sns:e2", at(2), holding_run=None) is None
    holds.release(X, "sns:e2")
    assert holds.must_wait(X, "sns:e3", at(3), holding_run=None) is None
    holds.release(X, "sns:e3")
    assert holds.dump() == {}


def test_a_held_event_that_never_comes_back_stops_blocking_after_its_grace():
    holds = Holds({}, now=0.0)
    holds.hold(X, "sns:e2", at(2), delay=5)
    kept = Holds(holds.dump(), now=5 + HOLD_GRACE_SECONDS - 1)
    assert kept.must_wait(X, "sns:e3", at(3), holding_run=None) is not None
    expired = Holds(holds.dump(), now=5 + HOLD_GRACE_SECONDS + 1)
    assert expired.must_wait(X, "sns:e3", at(3), holding_run=None) is None
    assert expired.dump() == {}


def test_holding_again_refreshes_one_entry_per_event():
    holds = Holds({}, now=0.0)
    holds.hold(X, "sns:e2", at(2), delay=5)
    holds.hold(X, "sns:e2", at(2), delay=5)
    assert [event.key for event in holds.dump()[X]] == ["sns:e2"]
