"""group links, revisions, suggestions and one-off events

Revision ID: 282238eec825
Revises: 1ddc46d8f9de
Create Date: 2026-11-29 16:53:22.369558

"""

import sqlalchemy as sa
from alembic import op

revision = "282238eec825"
down_revision = "1ddc46d8f9de"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "group_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_group_link_group_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_group_link_token_hash"),
    )
    with op.batch_alter_table("group_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_link_group_id"), ["group_id"], unique=False)

    op.create_table(
        "group_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("attendance", sa.String(length=20), nullable=False),
        sa.Column("conference_url", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_group_event_group_id"),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name="fk_group_event_location_id"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid", name="uq_group_event_uid"),
    )
    with op.batch_alter_table("group_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_event_group_id"), ["group_id"], unique=False)

    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reverts_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_revision_group_id"),
        sa.ForeignKeyConstraint(["link_id"], ["group_link.id"], name="fk_revision_link_id"),
        sa.ForeignKeyConstraint(["reverts_id"], ["revision.id"], name="fk_revision_reverts_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_created"), ["created"], unique=False)
        batch_op.create_index(batch_op.f("ix_revision_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_revision_link_id"), ["link_id"], unique=False)
        batch_op.create_index("ix_revision_subject", ["subject", "subject_id"], unique=False)

    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_link_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name="fk_suggestion_meeting_id"),
        sa.ForeignKeyConstraint(
            ["resolved_by_link_id"], ["group_link.id"], name="fk_suggestion_resolved_by_link_id"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_status"), ["status"], unique=False)

    with op.batch_alter_table("group", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recovery_hash", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("group", schema=None) as batch_op:
        batch_op.drop_column("recovery_hash")

    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_status"))
        batch_op.drop_index(batch_op.f("ix_suggestion_meeting_id"))
    op.drop_table("suggestion")

    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index("ix_revision_subject")
        batch_op.drop_index(batch_op.f("ix_revision_link_id"))
        batch_op.drop_index(batch_op.f("ix_revision_group_id"))
        batch_op.drop_index(batch_op.f("ix_revision_created"))
    op.drop_table("revision")

    with op.batch_alter_table("group_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_event_group_id"))
    op.drop_table("group_event")

    with op.batch_alter_table("group_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_link_group_id"))
    op.drop_table("group_link")
