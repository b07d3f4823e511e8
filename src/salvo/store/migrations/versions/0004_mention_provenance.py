"""mention provenance

Each mention keeps where its values were read: field -> {sentence, sentence_text, start, end, text}
(the sentence index and verbatim text, the words' article offsets and text). Mentions stored before
this revision have none (NULL).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mentions", sa.Column("provenance", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("provenance")
