"""indexes for the analysis commands at volume

- ``ix_incidents_scope``: (status, category, country, date_start, date_end, id, place) covers the
  reconciliation's one aggregate per tally and the attack series the cycles read, without
  touching the wide rows;
- ``ix_incidents_spans``: the same for dates that stand for more than a day (a partial index:
  few rows), so a count's spans that began before its period are found without reading the year
  before it;
- ``ix_incidents_claims``: (status, category, month, attribution, perpetrator) covers the shares
  claimed by month and group;
- ``ix_incidents_created_at`` and ``ix_field_revisions_changed_at``: ``salvo changes --since``
  reads only what changed, never every row.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_incidents_scope": ("incidents", ("status", "category", "country", "date_start", "date_end", "id", "place")),
    "ix_incidents_claims": ("incidents", ("status", "category", "month", "attribution", "perpetrator")),
    "ix_incidents_created_at": ("incidents", ("created_at",)),
    "ix_field_revisions_changed_at": ("field_revisions", ("changed_at",)),
}


SPANS = ("status", "category", "country", "date_start", "date_end")
SPANS_WHERE = "date_end > date_start"


def upgrade() -> None:
    for name, (table, cols) in INDEXES.items():
        op.create_index(name, table, list(cols))
    where = sa.text(SPANS_WHERE)
    op.create_index("ix_incidents_spans", "incidents", list(SPANS), sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    op.drop_index("ix_incidents_spans", table_name="incidents")
    for name, (table, _cols) in INDEXES.items():
        op.drop_index(name, table_name=table)
