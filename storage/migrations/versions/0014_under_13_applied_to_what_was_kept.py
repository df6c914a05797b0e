"""Apply "under 13" to what was kept before it was applied: pupils who said so were told
"Maatje bewaart verder niets over jou", but their leads, questions, subscriptions, groups
and "Ik kom" stayed. These rows are erased now, with the notices about them not yet sent;
their consents are cleared. A safeguarding case and the camp list stay, as for a new answer.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The tables kept only about someone 13 or older (``consent=`` or ``from_13=True`` in
#: storage/models.py at this revision), each with its column naming the person.
TABLES = ("leads", "questions", "subscribers", "subscriber_groups", "activity_attendance",
          "pending_inputs")
UNDER_13 = "SELECT channel_key FROM users WHERE age_band = 'u13'"


def upgrade() -> None:
    op.execute(
        "DELETE FROM outbox WHERE state = 'pending' AND subject_key IN (" + UNDER_13 + ") "
        "AND (ref LIKE 'L%' OR ref LIKE 'V%')")
    for table in TABLES:
        op.execute(f"DELETE FROM {table} WHERE user_key IN ({UNDER_13})")
    op.execute("UPDATE users SET consents = '' WHERE age_band = 'u13'")


def downgrade() -> None:
    """Nothing to give back: what was erased is gone."""
