"""Absentees' first names: staff see on the activity's card who said they are absent.

The first name as Telegram gave it (as for "Ik kom"); still never the reason. Rows kept
before this have none and are shown as "(zonder naam)".

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activity_absences") as batch:
        batch.add_column(sa.Column("first_name", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity_absences") as batch:
        batch.drop_column("first_name")
