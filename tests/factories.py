"""Plain factory functions with defaults; unique values come from a counter."""

import itertools
from datetime import UTC, datetime
from decimal import Decimal

from lti_tool.domain.credentials import (
    CredentialContent,
    MicroCredential,
    Organisation,
    QualityAssurance,
)
from lti_tool.domain.results import Result, ResultSource

_ids = itertools.count(1)


def make_micro_credential(**overrides) -> MicroCredential:
    """A micro-credential with every mandatory Annex I element, and no optional one."""
    values = {
        "title": "Digital content for the workplace",
        "description": "Create digital content for a workplace context.",
        "learning_outcomes": ("Develops digital content.", "Works in a team on a deliverable."),
        "ects": Decimal("3"),
        "eqf_level": 4,
        "assessment_types": ("practical-assessment",),
        "participation_forms": ("blended",),
        "quality_assurance": (
            QualityAssurance(kind="programme-quality-assurance", body="National VET inspectorate"),
        ),
        "awarding_bodies": (make_organisation(slug="lead-school", name="Lead School"),),
        **overrides,
    }
    return MicroCredential(**values)


def make_organisation(**overrides) -> Organisation:
    n = next(_ids)
    values = {
        "slug": f"school-{n}",
        "name": f"School {n}",
        "country_code": "NL",
        "url": f"https://school-{n}.example",
        "logo_url": f"https://tool.example/orgs/school-{n}/logo",
        "did": f"did:web:tool.example:orgs:school-{n}",
        **overrides,
    }
    return Organisation(**values)


def make_result(**overrides) -> Result:
    values = {
        "learner": str(next(_ids)),
        "source": ResultSource.AGS,
        "item": "https://lms.example/lineitems/1",
        "score": Decimal("70"),
        "maximum": Decimal("100"),
        "recorded_at": datetime(2026, 6, 1, 12, 0, tzinfo=UTC),
        **overrides,
    }
    return Result(**values)


def make_credential_content(**overrides) -> CredentialContent:
    n = next(_ids)
    values = {
        "credential_id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        "achievement_id": f"https://tool.example/micro-credentials/{n}",
        "micro_credential": make_micro_credential(),
        "issuer": make_organisation(),
        "co_issuers": (make_organisation(name="microVET European Alliance", slug="microvet"),),
        "learner_name": "Sam Student",
        "issued_at": datetime(2026, 6, 30, 12, 0, tzinfo=UTC),
        "awarded_at": datetime(2026, 6, 29, 9, 30, tzinfo=UTC),
        "grade": "85 %",
        **overrides,
    }
    return CredentialContent(**values)
