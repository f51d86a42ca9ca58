"""The store as the code made it with create_all before migrations (the baseline).

A store created by that code has exactly these tables; `upgrade` stamps it at this revision
instead of creating them again.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "telemetry_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("occurred_at", TIMESTAMP, nullable=False),
        sa.Column("offender_no", sa.String(20)),
        sa.Column("booking_id", sa.String(20)),
        sa.Column("run_id", sa.String(64)),
        sa.Column("dimensions", sa.Text, nullable=False),
    )
    for column in ("name", "occurred_at", "offender_no", "booking_id"):
        op.create_index(f"ix_telemetry_events_{column}", "telemetry_events", [column])

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("raised_at", TIMESTAMP, nullable=False),
        sa.Column("dimensions", sa.Text, nullable=False),
        sa.Column("dedupe_key", sa.String(300), unique=True),
    )
    op.create_index("ix_alerts_name", "alerts", ["name"])

    op.create_table(
        "message_inbox",
        sa.Column("message_id", sa.String(100), primary_key=True),
        sa.Column("domain", sa.String(50), nullable=False),
        sa.Column("event_type", sa.String(200)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("run_id", sa.String(64)),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )

    op.create_table(
        "reconciliation_mismatches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("reconciliation", sa.String(100), nullable=False),
        sa.Column("partition_key", sa.String(40), nullable=False),
        sa.Column("mismatch_key", sa.String(100), nullable=False),
        sa.Column("booking_id", sa.String(20)),
        sa.Column("offender_no", sa.String(20)),
        sa.Column("prison_id", sa.String(10)),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("nomis_value", sa.String(100)),
        sa.Column("dps_value", sa.String(100)),
        sa.Column("first_seen", TIMESTAMP, nullable=False),
        sa.Column("last_seen", TIMESTAMP, nullable=False),
        sa.Column("repaired_at", TIMESTAMP),
    )
    op.create_index(
        "ix_reconciliation_mismatches_booking_id", "reconciliation_mismatches", ["booking_id"]
    )
    op.create_index(
        "ix_reconciliation_mismatches_offender_no", "reconciliation_mismatches", ["offender_no"]
    )
    op.create_index(
        "ix_mismatch_open",
        "reconciliation_mismatches",
        ["reconciliation", "partition_key", "mismatch_key"],
    )

    op.create_table(
        "entity_claims",
        sa.Column("domain", sa.String(50), primary_key=True),
        sa.Column("entity_key", sa.String(200), primary_key=True),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
    )

    op.create_table(
        "applied_events",
        sa.Column("event_key", sa.String(100), primary_key=True),
        sa.Column("domain", sa.String(50), nullable=False),
        sa.Column("message_id", sa.String(100), nullable=False),
        sa.Column("run_id", sa.String(64)),
        sa.Column("applied_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_applied_events_applied_at", "applied_events", ["applied_at"])

    op.create_table(
        "write_intents",
        sa.Column("event_key", sa.String(200), primary_key=True),
        sa.Column("domain", sa.String(50), nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "write_intents",
        "applied_events",
        "entity_claims",
        "reconciliation_mismatches",
        "message_inbox",
        "alerts",
        "telemetry_events",
    ):
        op.drop_table(table)
