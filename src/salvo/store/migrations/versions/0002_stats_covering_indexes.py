"""covering indexes for stats

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_STATS = ("category", "country", "perpetrator", "killed", "injured")
INDEXES = {
    "ix_incidents_stats_month": ("status", "month", "date_start", *_STATS),
    "ix_incidents_stats_week": ("status", "week", "date_start", *_STATS),
    "ix_incidents_stats_day": ("status", "date_start", *_STATS),
    "ix_incidents_id_stats": ("id", "status", "month", "week", "date_start", "killed", "injured"),
}


_WEAPON_COLUMNS = (
    ("status", sa.String(16)),
    ("date_start", sa.Date()),
    ("week", sa.String(10)),
    ("month", sa.String(7)),
    ("killed", sa.Integer()),
    ("injured", sa.Integer()),
)


def upgrade() -> None:
    for name, cols in INDEXES.items():
        op.create_index(name, "incidents", list(cols))
    with op.batch_alter_table("incident_weapons") as batch:
        for col, type_ in _WEAPON_COLUMNS:
            batch.add_column(sa.Column(col, type_, nullable=True))
    op.execute(
        "UPDATE incident_weapons SET status = (SELECT status FROM incidents i WHERE i.id = incident_id), "
        "date_start = (SELECT date_start FROM incidents i WHERE i.id = incident_id), "
        "week = (SELECT week FROM incidents i WHERE i.id = incident_id), "
        "month = (SELECT month FROM incidents i WHERE i.id = incident_id), "
        "killed = (SELECT killed FROM incidents i WHERE i.id = incident_id), "
        "injured = (SELECT injured FROM incidents i WHERE i.id = incident_id)"
    )
    op.create_index(
        "ix_incident_weapons_stats",
        "incident_weapons",
        ["status", "date_start", "month", "week", "weapon", "killed", "injured"],
    )


def downgrade() -> None:
    op.drop_index("ix_incident_weapons_stats", table_name="incident_weapons")
    with op.batch_alter_table("incident_weapons") as batch:
        for col, _ in _WEAPON_COLUMNS:
            batch.drop_column(col)
    for name in INDEXES:
        op.drop_index(name, table_name="incidents")
