"""Tables of the service's own SQL store, as the code uses them.

The database schema itself is made by the migrations in `resources/store_migrations/`: a change
here needs a new revision there (its test compares the two).
"""

import sqlalchemy as sa

metadata = sa.MetaData()

telemetry_events = sa.Table(
    "telemetry_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, index=True),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("offender_no", sa.String(20), index=True),
    sa.Column("booking_id", sa.String(20), index=True),
    sa.Column("run_id", sa.String(64)),
    sa.Column("dimensions", sa.Text, nullable=False),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, index=True),
    sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("dimensions", sa.Text, nullable=False),
    sa.Column("dedupe_key", sa.String(300), unique=True),
)

inbox = sa.Table(
    "message_inbox",
    metadata,
    sa.Column("message_id", sa.String(100), primary_key=True),
    sa.Column("domain", sa.String(50), nullable=False),
    sa.Column("event_type", sa.String(200)),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("run_id", sa.String(64)),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

mismatches = sa.Table(
    "reconciliation_mismatches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reconciliation", sa.String(100), nullable=False),
    sa.Column("partition_key", sa.String(40), nullable=False),
    sa.Column("mismatch_key", sa.String(100), nullable=False),
    sa.Column("booking_id", sa.String(20), index=True),
    sa.Column("offender_no", sa.String(20), index=True),
    sa.Column("prison_id", sa.String(10)),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("nomis_value", sa.String(100)),
    sa.Column("dps_value", sa.String(100)),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("repaired_at", sa.DateTime(timezone=True)),
    sa.Index("ix_mismatch_open", "reconciliation", "partition_key", "mismatch_key"),
)

entity_claims = sa.Table(
    "entity_claims",
    metadata,
    sa.Column("domain", sa.String(50), primary_key=True),
    sa.Column("entity_key", sa.String(200), primary_key=True),
    sa.Column("owner", sa.String(100), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

applied_events = sa.Table(
    "applied_events",
    metadata,
    sa.Column("event_key", sa.String(100), primary_key=True),
    sa.Column("domain", sa.String(50), nullable=False),
    sa.Column("message_id", sa.String(100), nullable=False),
    sa.Column("run_id", sa.String(64)),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

write_intents = sa.Table(
    "write_intents",
    metadata,
    sa.Column("event_key", sa.String(200), primary_key=True),
    sa.Column("domain", sa.String(50), nullable=False),
    sa.Column("owner", sa.String(100), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
)
