"""The migration to award rules as conditions keeps every existing rule's meaning, and goes back
(on SQLite and PostgreSQL)."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lti_tool.extensions import db

BEFORE = "5d06007fc815"  # the revision before rules became conditions
PLACEHOLDERS = {
    sa.String: "x",
    sa.Text: "x",
    sa.Integer: 1,
    sa.Numeric: Decimal(1),
    sa.Boolean: False,
    sa.DateTime: datetime(2026, 1, 1, tzinfo=UTC),
    sa.JSON: [],
    sa.LargeBinary: b"x",
}


def _insert(connection, name: str, **values) -> int:
    """A row of table `name` as it is at this revision: `values`, and a placeholder in every
    other column that needs one."""
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    for column in table.columns:
        needs = not column.nullable and column.server_default is None and not column.primary_key
        if column.name not in values and needs:
            kind = next(k for k in PLACEHOLDERS if isinstance(column.type, k))
            values[column.name] = PLACEHOLDERS[kind]
    return connection.execute(table.insert().values(**values)).inserted_primary_key[0]


def _rule_and_result(connection) -> tuple:
    rule = connection.execute(sa.text("SELECT * FROM award_rules")).mappings().one()
    result = connection.execute(sa.text("SELECT source, item FROM results")).one()
    return dict(rule), tuple(result)


def test_a_pass_mark_becomes_the_same_condition_and_back(settings, app_factory):
    app = app_factory(settings, create_tables=False)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            org = _insert(connection, "organisations", slug="s", identifiers=[])
            platform = _insert(connection, "platforms", organisation_id=org)
            course = _insert(connection, "courses", platform_id=platform)
            person = _insert(connection, "people", platform_id=platform)
            definition = _insert(connection, "micro_credentials", course_id=course)
            _insert(
                connection,
                "award_rules",
                micro_credential_id=definition,
                kind="final_grade_at_least",
                threshold_percent=Decimal("55.50"),
            )
            _insert(
                connection,
                "results",
                course_id=course,
                person_id=person,
                source="ags",
                item="https://moodle.example/mod/lti/services.php/2/lineitems/3/lineitem",
            )

        upgrade()
        with db.engine.connect() as connection:
            rule, result = _rule_and_result(connection)
        condition = rule["condition"]
        assert (json.loads(condition) if isinstance(condition, str) else condition) == {
            "type": "grade_at_least",
            "threshold": "55.5",
            "unit": "percent",
            "item": "tool",
            "name": "",
        }
        assert rule["carry_grade"] and rule["window_starts"] is None
        assert result == ("ags", "tool")

        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            rule, _ = _rule_and_result(connection)
        assert (rule["kind"], rule["threshold_percent"]) == (
            "final_grade_at_least",
            Decimal("55.5"),
        )
