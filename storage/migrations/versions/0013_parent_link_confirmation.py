"""Parent links are confirmed before the parent sees anything; who opened one is kept.

Links already used keep working as ``legacy`` until the pupil or staff confirm or revoke
them; unused links start ``open`` and go through the confirmation when they are opened.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("camp_parent_links") as batch:
        batch.add_column(sa.Column("status", sa.String(12), nullable=False, server_default="open"))
        batch.add_column(sa.Column("parent_name", sa.String(64), nullable=True))
        batch.add_column(sa.Column("created_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("confirmer", sa.String(8), nullable=True))
        batch.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE camp_parent_links SET status = 'legacy' WHERE used_at IS NOT NULL")


def downgrade() -> None:
    op.execute("DELETE FROM camp_parent_links WHERE status IN ('pending', 'refused', 'revoked')")
    with op.batch_alter_table("camp_parent_links") as batch:
        batch.drop_column("decided_at")
        batch.drop_column("confirmer")
        batch.drop_column("created_by")
        batch.drop_column("parent_name")
        batch.drop_column("status")
