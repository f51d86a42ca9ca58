"""What one soak does: how many events, which faults, which kills, and the service's tuning."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SoakPlan(BaseModel):
    """Every knob of a soak; `FULL` and `SMOKE` are the two documented presets."""

    events: int = Field(default=5000, ge=20, le=50000)
    seed: int = 20261127
    # domain -> weight of its units of work (a unit may add follow-ups: cancel, update, delete);
    # None: every sandbox domain with a soak actor, weighted by the actor's `share`
    mix: dict[str, float] | None = None
    api_error_rate: float = Field(default=0.10, ge=0.0, le=0.5)
    timeout_rate: float = Field(default=0.02, ge=0.0, le=0.5)
    # NOMIS creates (POST) that the sandbox applies and then never answers: the client times out
    # not knowing; the retry must read NOMIS, not write again. `times` caps how many (None: no cap)
    write_then_hang_rate: float = Field(default=0.02, ge=0.0, le=1.0)
    write_then_hang_times: int | None = Field(default=None, ge=1)
    duplicate_rate: float = Field(default=0.05, ge=0.0, le=1.0)
    reorder_rate: float = Field(default=0.05, ge=0.0, le=1.0)
    reorder_window: int = Field(default=20, ge=1)
    poison_messages: int = Field(default=20, ge=0)
    kill_run: bool = True
    kill_daemon: bool = True
    # when, as a share of the events published, the run worker and the daemon are SIGKILLed
    kill_run_at: float = Field(default=0.3, ge=0.0, le=1.0)
    kill_daemon_at: float = Field(default=0.6, ge=0.0, le=1.0)
    # how long a kill may wait for its target (a run inside a held read; runs in flight),
    # publishing more units once the planned events are out; then it is reported as not done
    kill_wait_seconds: float = Field(default=600.0, gt=0)
    # how long the held read keeps a run waiting for its SIGKILL (the client never times out)
    kill_hold_seconds: float = Field(default=15.0, gt=0)
    prisoners_per_prison: int = Field(default=700, ge=50, le=999)
    batch_size: int = Field(default=100, ge=1, le=500)
    sensor_interval_seconds: int = 2
    retry_delays_seconds: tuple[int, ...] = (1, 2, 3, 4, 5, 5, 5, 5, 5)
    # with ~12% of requests failing, two more tries in the run spare most events a queue trip
    in_run_retries: int = Field(default=2, ge=0, le=5)
    api_timeout_seconds: float = 2.0
    hang_seconds: float = 3.0
    claim_seconds: int = 10
    # backstops only: a SIGKILLed worker is reported failed by its code server within a second
    # (a code server outlives a killed daemon until its runs end), so neither is on the path
    # of a kill; both stay far above what a loaded machine needs to start or finish a run
    run_max_seconds: int = 120
    run_start_timeout_seconds: int = 180
    drain_timeout_seconds: int = 1200
    idle_seconds: float = 12.0


FULL = SoakPlan()

# The CI soak: every fault kind and both kills, small enough for well under two minutes.
SMOKE = SoakPlan(
    events=80,
    kill_run_at=0.15,
    kill_daemon_at=0.35,
    poison_messages=6,
    prisoners_per_prison=60,
    duplicate_rate=0.1,
    reorder_rate=0.1,
    reorder_window=8,
    api_timeout_seconds=1.0,
    hang_seconds=1.5,
    claim_seconds=5,
    # bounds, not expectations: a quiet machine needs about a fifth of each
    write_then_hang_rate=1.0,  # the first three NOMIS creates: the kind always happens
    write_then_hang_times=3,
    kill_wait_seconds=300,
    drain_timeout_seconds=1200,  # beside a second suite: more than 480 s (CI pair, 13 domains)
    idle_seconds=3.0,
)
