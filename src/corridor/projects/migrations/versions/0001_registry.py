"""The project registry: projects and their changes.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TEXT = sa.String(200)


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("name", TEXT, nullable=False),
        sa.Column("type", TEXT, nullable=False),
        sa.Column("proponents", sa.JSON, nullable=False),
        sa.Column("country", TEXT, nullable=False),
        sa.Column("province", TEXT),
        sa.Column("city", TEXT),
        sa.Column("product", TEXT),
        sa.Column("product_class", TEXT),
        sa.Column("chemistry", TEXT),
        sa.Column("capacity", sa.Float, nullable=False),
        sa.Column("unit", TEXT, nullable=False),
        sa.Column("start_year", sa.Integer, nullable=False),
        sa.Column("replaces", TEXT),
        sa.Column("ramp_years", sa.Integer),
        sa.Column("capex", sa.Float),
        sa.Column("currency", TEXT),
        sa.Column("direct_jobs", sa.Integer),
        sa.Column("public_support", sa.Float),
        sa.Column("status", TEXT),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("sources", sa.JSON),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "project_changes",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("project_id", TEXT, sa.ForeignKey("projects.id"), nullable=False,
                  index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("author", TEXT, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("previous", sa.JSON),
    )


def downgrade() -> None:
    op.drop_table("project_changes")
    op.drop_table("projects")
