"""What the pages call each kind of job, its states and its counts."""

from flask_babel import lazy_gettext

from lti_tool.domain.jobs import JobKind

KIND_TITLES = {
    JobKind.SYNC_AGS: lazy_gettext("Sync results from the gradebook"),
    JobKind.SYNC_MOODLE: lazy_gettext("Sync from Moodle"),
    JobKind.ISSUE: lazy_gettext("Issue the granted credentials"),
}
COUNT_LABELS = {
    "members_read": lazy_gettext("Course members read"),
    "grades_read": lazy_gettext("Grades read"),
    "completions_read": lazy_gettext("Completions read"),
    "changed": lazy_gettext("New or changed results"),
    "awards_granted": lazy_gettext("Awards granted"),
    "issued": lazy_gettext("Credentials issued"),
}
STATE_LABELS = {
    "queued": lazy_gettext("Waiting for a worker"),
    "running": lazy_gettext("Running"),
    "done": lazy_gettext("Done"),
    "failed": lazy_gettext("Stopped"),
}
