"""The mapping page's fields as the teacher's choices: which column names the learner and how,
which columns are scores and out of what, and which says whether the course is completed."""

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from flask_babel import gettext

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.grade_files import LearnerKey
from lti_tool.services.grade_import import ImportChoices

KEYS = (LearnerKey.EMAIL, LearnerKey.SUBJECT)  # the keys a file can be matched by


def choices_from(fields: Mapping[str, str], headers: Sequence[str]) -> ImportChoices:
    """The choices posted; raises InvalidInput naming each field that is wrong."""
    problems = []
    learner_column = fields.get("learner_column", "")
    if learner_column not in headers:
        problems.append(gettext("Choose the column that names the learners."))
    try:
        learner_key = LearnerKey(fields.get("learner_key", ""))
    except ValueError:
        learner_key = LearnerKey.EMAIL
        problems.append(gettext("Choose what the learners' column holds."))
    completed = fields.get("completed_column") or None
    if completed is not None and completed not in headers:
        problems.append(gettext("Choose the completion column from the file's columns."))
    maxima = {}
    for number, header in enumerate(headers):
        if not fields.get(f"grade_{number}"):
            continue
        try:
            maxima[header] = Decimal(fields.get(f"max_{number}", "").strip().replace(",", "."))
        except InvalidOperation:
            problems.append(gettext("Give the maximum score of “%(column)s”.", column=header))
    if problems:
        raise InvalidInput(" ".join(problems))
    return ImportChoices(learner_column, learner_key, maxima, completed)
