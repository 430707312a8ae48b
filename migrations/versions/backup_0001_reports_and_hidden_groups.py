"""readers' reports of listings, and groups hidden by the operator

Revision ID: backup_0001
Revises: finding_0001
Create Date: 2026-12-04 01:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "backup_0001"
down_revision = "finding_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("group", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_report_group_id"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name="fk_report_meeting_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index("ix_report_group_id_created", ["group_id", "created"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index("ix_report_group_id_created")
    op.drop_table("report")
    with op.batch_alter_table("group", schema=None) as batch_op:
        batch_op.drop_column("hidden_at")
