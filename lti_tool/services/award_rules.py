"""Use cases of a micro-credential's award rule: the page that edits it, who qualifies under a
rule before it is saved, and saving it (awards follow at once from the results already kept)."""

from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain.launch import Role
from lti_tool.domain.results import Activity
from lti_tool.domain.rules import Evidence, Rule
from lti_tool.models import AwardRule, CourseActivity, Enrolment, Person
from lti_tool.services.evidence import evidence_by_person, grant_awards
from lti_tool.services.micro_credentials import micro_credential_in_course
from lti_tool.services.ports import Clock
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class RulePage:
    micro_credential_id: int
    title: str
    rule: Rule | None
    activities: tuple[Activity, ...]  # what the course's result sources named


@dataclass(frozen=True)
class Qualifier:
    """One learner under a rule: whether they qualify now, why, and the grade it would carry."""

    name: str
    qualifies: bool
    reasons: tuple[str, ...]
    grade: str | None


def rule_page(micro_credential_id: int, *, course_id: int, uow: UnitOfWork) -> RulePage:
    """The micro-credential's rule and the course's activities; raises NotFound."""
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        activities = uow.session.scalars(
            select(CourseActivity)
            .where(CourseActivity.course_id == course_id)
            .order_by(CourseActivity.name, CourseActivity.item)
        )
        return RulePage(
            micro_credential_id=row.id,
            title=row.title,
            rule=row.rule.to_domain() if row.rule else None,
            activities=tuple(Activity(a.item, a.name, a.kind) for a in activities),
        )


def who_qualifies(
    micro_credential_id: int, rule: Rule, *, course_id: int, uow: UnitOfWork
) -> list[Qualifier]:
    """Every learner of the course under `rule`, by name, from the results kept so far; nothing
    is saved."""
    with uow:
        micro_credential_in_course(uow, micro_credential_id, course_id)
        evidence = evidence_by_person(uow, course_id)
        learners = (
            set(
                uow.session.scalars(
                    select(Enrolment.person_id).where(
                        Enrolment.course_id == course_id, Enrolment.role == Role.LEARNER.value
                    )
                )
            )
            | evidence.keys()
        )
        rows = uow.session.execute(select(Person.id, Person.name).where(Person.id.in_(learners)))
        names = dict(rows.all())
    qualifiers = []
    for person_id in learners:
        decision = rule.evaluate(evidence.get(person_id, Evidence()))
        name = names.get(person_id) or f"#{person_id}"
        qualifiers.append(Qualifier(name, decision.qualifies, decision.reasons, decision.grade))
    return sorted(qualifiers, key=lambda q: (not q.qualifies, q.name.casefold()))


def save_rule(
    micro_credential_id: int, rule: Rule, *, course_id: int, uow: UnitOfWork, clock: Clock
) -> int:
    """Keep the rule and grant what the results kept so far earn; returns the awards granted.
    Raises NotFound for another course's micro-credential."""
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        if row.rule is None:
            row.rule = AwardRule()
        row.rule.set_domain(rule)
        uow.session.flush()
        granted = grant_awards(uow, course_id, clock)
        uow.commit()
        return granted
