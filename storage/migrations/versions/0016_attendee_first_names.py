"""Who said "Ik kom" is kept with their first name, for the youth worker's list.

Those who pressed before keep a row without a name (the list shows them as unnamed):
Maatje never asked them, so nothing is filled in for them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activity_attendance") as batch:
        batch.add_column(sa.Column("first_name", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity_attendance") as batch:
        batch.drop_column("first_name")
