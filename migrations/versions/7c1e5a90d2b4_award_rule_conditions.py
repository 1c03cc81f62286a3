"""award rules as conditions

Revision ID: 7c1e5a90d2b4
Revises: 5d06007fc815
Create Date: 2026-11-28 10:40:00.000000

A rule was a pass mark on the activity's grade (kind, threshold_percent); it is now a condition
of lti_tool/domain/rules.py as JSON, a date window and whether the grade is carried. Existing
rules become the same pass mark on the activity (item "tool"), with the grade carried as before,
and AGS results of the course's line item are that activity's.
"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e5a90d2b4'
down_revision = '5d06007fc815'
branch_labels = None
depends_on = None

TOOL_ITEM = "tool"  # lti_tool.domain.results.TOOL_ITEM, frozen here as this migration saw it


def upgrade():
    with op.batch_alter_table('award_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('condition', sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column('carry_grade', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column('window_starts', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('window_ends', sa.DateTime(timezone=True), nullable=True))

    connection = op.get_bind()
    rules = sa.table(
        'award_rules',
        sa.column('id', sa.Integer),
        sa.column('threshold_percent', sa.Numeric(6, 2)),
        sa.column('condition', sa.JSON),
        sa.column('carry_grade', sa.Boolean),
    )
    for rule_id, threshold in connection.execute(sa.select(rules.c.id, rules.c.threshold_percent)):
        condition = {
            "type": "grade_at_least",
            "threshold": f"{threshold.normalize():f}",
            "unit": "percent",
            "item": TOOL_ITEM,
            "name": "",
        }
        connection.execute(
            rules.update()
            .where(rules.c.id == rule_id)
            .values(condition=condition, carry_grade=True)
        )
    results = sa.table('results', sa.column('source', sa.String), sa.column('item', sa.String))
    connection.execute(results.update().where(results.c.source == 'ags').values(item=TOOL_ITEM))

    with op.batch_alter_table('award_rules', schema=None) as batch_op:
        batch_op.alter_column('condition', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('kind')
        batch_op.drop_column('threshold_percent')


def downgrade():
    with op.batch_alter_table('award_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('threshold_percent', sa.Numeric(6, 2), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(50), nullable=True))

    connection = op.get_bind()
    rules = sa.table(
        'award_rules',
        sa.column('id', sa.Integer),
        sa.column('condition', sa.JSON),
        sa.column('kind', sa.String),
        sa.column('threshold_percent', sa.Numeric(6, 2)),
    )
    for rule_id, condition in connection.execute(sa.select(rules.c.id, rules.c.condition)):
        if isinstance(condition, str):
            condition = json.loads(condition)
        threshold = condition.get("threshold", "0") if condition.get("type") == "grade_at_least" else "0"
        connection.execute(
            rules.update()
            .where(rules.c.id == rule_id)
            .values(kind="final_grade_at_least", threshold_percent=threshold)
        )

    with op.batch_alter_table('award_rules', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(50), nullable=False)
        batch_op.alter_column('threshold_percent', existing_type=sa.Numeric(6, 2), nullable=False)
        batch_op.drop_column('window_ends')
        batch_op.drop_column('window_starts')
        batch_op.drop_column('carry_grade')
        batch_op.drop_column('condition')
