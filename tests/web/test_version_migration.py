"""The migration to versioned definitions makes every micro-credential defined so far its own
version 1, with a snapshot the tool reads back as the same definition (SQLite, PostgreSQL)."""

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lti_tool.domain.definition_json import definition_from_json
from lti_tool.extensions import db
from lti_tool.models import MicroCredentialRow
from tests.web.test_rule_migration import _insert

BEFORE = "e9ad8aaa196e"  # background jobs, the revision before versions
VERSIONS = "f185ab72ad41"


def test_each_definition_becomes_its_first_published_version(settings, app_factory):
    app = app_factory(settings, create_tables=False)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            org = _insert(connection, "organisations", slug="s", identifiers=[])
            platform = _insert(connection, "platforms", organisation_id=org)
            course = _insert(connection, "courses", platform_id=platform)
            _insert(
                connection,
                "micro_credentials",
                course_id=course,
                title="Welding basics",
                description="Safe welding.",
                language="en",
                translations=[{"language": "nl", "title": "Lassen", "description": ""}],
                learning_outcomes=["Welds a seam.", "Works safely."],
                esco_skills=[["http://data.europa.eu/esco/skill/abc"], []],
                ects=Decimal("2.50"),
                eqf_level=4,
                assessment_types=["practical-assessment"],
                participation_forms=["presential"],
                quality_assurance=[
                    {
                        "kind": "programme-quality-assurance",
                        "body": "Inspectorate",
                        "description": "",
                        "body_url": None,
                        "landing_page": None,
                    }
                ],
                co_awarding_bodies=[],
                is_part_of=[],
                created_at=datetime(2026, 3, 1, tzinfo=UTC),
            )
        upgrade(revision=VERSIONS)
        row = db.session.get(MicroCredentialRow, 1)
        assert row.version == 1 and row.draft is None
        (version,) = row.versions
        assert version.number == 1
        assert version.published_at == datetime(2026, 3, 1, tzinfo=UTC)
        assert definition_from_json(version.definition) == (row.to_domain(), ())
        db.session.remove()
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("micro_credentials")}
        assert "version" not in columns and "draft" not in columns
