"""Use cases of the results webhook: an administrator creates a platform's webhook secret; an
LMS or an automation pushes a course's grades and completions to POST /api/v1/results, signed
with it, and the tool keeps them and grants what they earn.

Choices, after Stripe's and GitHub's webhook signatures:
- The secret is 32 random bytes, base64url (43 characters), shown once and kept sealed (it
  must be read back to check signatures, so it cannot be hashed). Its text, as UTF-8, is the
  HMAC key. Creating a new one replaces the old at once.
- The sender signs `<timestamp>.<raw body>` with HMAC-SHA256 and sends
  `X-Microvet-Timestamp: <Unix seconds>` and `X-Microvet-Signature: sha256=<hex>`. The
  timestamp inside the signed bytes makes a captured request useless after TOLERANCE_SECONDS;
  within that window a replay stores the same results again, which changes nothing.
- The body names its platform, so the headers and the platform are checked before the rest of
  the body is read: a sender without the secret learns nothing about what a body should be.
- A request is all or nothing: one transaction, rolled back on any refusal. Results are kept
  once each (source WEBHOOK, one row per learner and item), so sending the same body again
  changes nothing; a later value for the same learner and item replaces the earlier one.
"""

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain import webhook
from lti_tool.domain.errors import NotFound
from lti_tool.models import Course, Platform
from lti_tool.services.evidence import (
    grant_awards,
    people_by_subject,
    store_completion,
    store_result,
)
from lti_tool.services.ports import Clock, SecretSealer
from lti_tool.services.uow import UnitOfWork

SECRET_BYTES = 32
NOT_SET_UP = (
    "This platform has no webhook secret yet. An administrator creates one with "
    "`flask lti platform webhook-secret`."
)


@dataclass(frozen=True)
class WebhookSummary:
    """What one push read, changed and granted."""

    grades_read: int
    completions_read: int
    changed: int
    awards_granted: int

    def as_dict(self) -> dict[str, int]:
        return {
            "grades_read": self.grades_read,
            "completions_read": self.completions_read,
            "changed": self.changed,
            "awards_granted": self.awards_granted,
        }


def create_webhook_secret(
    issuer: str, client_id: str, *, uow: UnitOfWork, secret_sealer: SecretSealer
) -> str:
    """A new webhook secret for the platform, kept sealed in place of any earlier one; the
    caller shows it once, as it cannot be shown again. Raises NotFound for an unknown platform.
    """
    secret = secrets.token_urlsafe(SECRET_BYTES)
    with uow:
        platform = uow.session.scalars(
            select(Platform).where(
                Platform.issuer == issuer.strip(), Platform.client_id == client_id
            )
        ).first()
        if platform is None:
            raise NotFound("No platform with this issuer and client ID is registered here.")
        platform.webhook_secret_sealed = secret_sealer.seal(secret)
        uow.commit()
    return secret


def receive_results(
    body: bytes,
    *,
    timestamp: str | None,
    signature: str | None,
    uow: UnitOfWork,
    secret_sealer: SecretSealer,
    clock: Clock,
) -> WebhookSummary:
    """Check the signature, then keep the body's grades and completions for its course and
    grant the awards they earn.

    Raises SignatureRefused (missing, malformed or wrong signature, a timestamp outside the
    window, an unknown platform, a platform without a secret), InvalidInput naming the path
    that is wrong, TooManyEntries, NotFound for a course the platform has not launched the
    tool from, Unavailable when the stored secret cannot be unsealed; then nothing is stored.
    """
    signed_at = webhook.signed_timestamp(timestamp, clock())
    digest = webhook.signature_digest(signature)
    document = webhook.decode_body(body)
    issuer, client_id = webhook.platform_of(document)
    with uow:
        platform = _signing_platform(uow, issuer, client_id)
        webhook.check_signature(
            secret_sealer.unseal(platform.webhook_secret_sealed), signed_at, digest, body
        )
        push = webhook.read_push(document)
        course = uow.session.scalars(
            select(Course).where(
                Course.platform_id == platform.id, Course.context_id == push.course
            )
        ).first()
        if course is None:
            raise NotFound(
                f"No course with the context id {push.course!r} has launched the tool from this "
                "platform; launch the tool in the course first."
            )
        changed = _store(uow, course, push, clock)
        granted = grant_awards(uow, course.id, clock)
        uow.commit()
    return WebhookSummary(len(push.grades), len(push.completions), changed, granted)


def _signing_platform(uow: UnitOfWork, issuer: str, client_id: str) -> Platform:
    platform = uow.session.scalars(
        select(Platform).where(Platform.issuer == issuer.strip(), Platform.client_id == client_id)
    ).first()
    if platform is None:
        raise webhook.SignatureRefused(
            "No platform with this issuer and client ID is registered here."
        )
    if not platform.webhook_secret_sealed:
        raise webhook.SignatureRefused(NOT_SET_UP)
    return platform


def _store(uow: UnitOfWork, course: Course, push: webhook.ResultsPush, clock: Clock) -> int:
    subjects = {grade.learner for grade in push.grades}
    subjects |= {completion.learner for completion in push.completions}
    people = people_by_subject(uow, course.platform_id, subjects)
    return sum(
        store_result(uow, course.id, people[grade.learner].id, grade, clock)
        for grade in push.grades
    ) + sum(
        store_completion(uow, course.id, people[done.learner].id, done, clock)
        for done in push.completions
    )
