"""SQLAlchemy tables; unique constraints carry the invariants the services rely on."""

from lti_tool.models.audit import AuditEvent
from lti_tool.models.awards import (
    Award,
    AwardRule,
    CompletionRow,
    CourseActivity,
    GradeUpload,
    IssuedCredential,
    MicroCredentialRow,
    Result,
)
from lti_tool.models.courses import Course, Enrolment, Person
from lti_tool.models.jobs import Job, JobPart
from lti_tool.models.micro_credentials import BadgeImage, EndorsementRow, MicroCredentialVersion
from lti_tool.models.organisations import Organisation, SigningKeyRow
from lti_tool.models.platforms import (
    AccessToken,
    Deployment,
    LaunchState,
    Platform,
    RegistrationInvitation,
    ToolKey,
)
from lti_tool.models.status import StatusEntryRow, StatusListRow

__all__ = [
    "AccessToken",
    "AuditEvent",
    "Award",
    "AwardRule",
    "BadgeImage",
    "CompletionRow",
    "Course",
    "CourseActivity",
    "Deployment",
    "EndorsementRow",
    "Enrolment",
    "GradeUpload",
    "IssuedCredential",
    "Job",
    "JobPart",
    "LaunchState",
    "MicroCredentialRow",
    "MicroCredentialVersion",
    "Organisation",
    "Person",
    "Platform",
    "RegistrationInvitation",
    "Result",
    "SigningKeyRow",
    "StatusEntryRow",
    "StatusListRow",
    "ToolKey",
]
