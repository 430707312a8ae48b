"""weekly slots: each meeting's weekdays as minutes of its local week

Revision ID: 1ddc46d8f9de
Revises: 04e5ebbd9b2d
Create Date: 2026-11-29 16:25:00

"""

import sqlalchemy as sa
from alembic import op

revision = "1ddc46d8f9de"
down_revision = "04e5ebbd9b2d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "weekly_slot",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("week_minute", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("meeting_id", "weekday"),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_timezone", ["timezone"], unique=False)
    meeting = sa.table(
        "meeting",
        sa.column("id", sa.Integer),
        sa.column("days", sa.Integer),
        sa.column("start_time", sa.Time),
        sa.column("end_time", sa.Time),
    )
    slot = sa.table(
        "weekly_slot",
        sa.column("meeting_id", sa.Integer),
        sa.column("weekday", sa.Integer),
        sa.column("week_minute", sa.Integer),
        sa.column("length", sa.Integer),
    )
    connection = op.get_bind()
    rows = []
    for meeting_id, days, start, end in connection.execute(sa.select(meeting)).all():
        if start is None:
            continue
        minute = start.hour * 60 + start.minute
        length = 60
        if end is not None:
            length = (end.hour * 60 + end.minute - minute) % 1440 or 60
        for weekday in range(7):
            if days & (1 << weekday):
                rows.append({"meeting_id": meeting_id, "weekday": weekday,
                             "week_minute": weekday * 1440 + minute, "length": length})
    if rows:
        connection.execute(slot.insert(), rows)


def downgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_timezone")
    op.drop_table("weekly_slot")
