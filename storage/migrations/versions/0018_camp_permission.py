"""Camp permission given in Maatje, and how the medical form came in.

A linked parent can now give (and withdraw) the camp permission in Maatje: when and by whom
is kept (``permission_source``: ``parent`` or ``staff``, the key and first name of who
gave it). The medical form is ``paper`` or ``digital``; a form staff ticked before this
upgrade was handed in on paper, so it becomes ``paper``.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("camp_registrations") as batch:
        batch.add_column(sa.Column("permission_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("permission_source", sa.String(8), nullable=True))
        batch.add_column(sa.Column("permission_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("permission_name", sa.String(64), nullable=True))
        batch.add_column(sa.Column("medical_kind", sa.String(8), nullable=True))
    registrations = sa.table("camp_registrations", sa.column("medical", sa.Boolean()),
                             sa.column("medical_kind", sa.String(8)),
                             sa.column("permission", sa.Boolean()),
                             sa.column("permission_source", sa.String(8)))
    op.execute(registrations.update().where(registrations.c.medical.is_(True))
               .values(medical_kind="paper"))
    op.execute(registrations.update().where(registrations.c.permission.is_(True))
               .values(permission_source="staff"))


def downgrade() -> None:
    with op.batch_alter_table("camp_registrations") as batch:
        batch.drop_column("medical_kind")
        batch.drop_column("permission_name")
        batch.drop_column("permission_by")
        batch.drop_column("permission_source")
        batch.drop_column("permission_at")
