"""calendar identity: meeting uid, sequence, series and former schedules

Revision ID: 04e5ebbd9b2d
Revises: 8428ab958a84
Create Date: 2026-11-29 16:08:41.921931

"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "04e5ebbd9b2d"
down_revision = "8428ab958a84"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "former_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "series"),
    )
    with op.batch_alter_table("former_schedule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_former_schedule_meeting_id"), ["meeting_id"], unique=False
        )

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("series", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("series_start", sa.Date(), nullable=True))

    # Existing meetings get their calendar identity now; nothing else about them changes.
    meeting = sa.table("meeting", sa.column("id", sa.Integer), sa.column("uid", sa.String))
    connection = op.get_bind()
    for (meeting_id,) in connection.execute(sa.select(meeting.c.id)).all():
        connection.execute(
            meeting.update().where(meeting.c.id == meeting_id).values(uid=uuid.uuid4().hex)
        )

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.alter_column("uid", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint("uq_meeting_uid", ["uid"])


def downgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint("uq_meeting_uid", type_="unique")
        batch_op.drop_column("series_start")
        batch_op.drop_column("series")
        batch_op.drop_column("sequence")
        batch_op.drop_column("uid")

    with op.batch_alter_table("former_schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_former_schedule_meeting_id"))

    op.drop_table("former_schedule")
