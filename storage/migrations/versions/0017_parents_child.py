"""A parent's child: first name and age band, asked before a parent's first consent.

Parents who chose "Ouder" before have neither: they are asked once, before the next thing
they want kept (the gate sees no child age band), never for what was kept already.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("child_name", sa.String(64), nullable=True))
        batch.add_column(sa.Column("child_band", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("child_band")
        batch.drop_column("child_name")
