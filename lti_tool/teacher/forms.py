"""Forms of the teacher's pages; every one carries a CSRF token (Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DecimalField
from wtforms.validators import DataRequired, NumberRange

from lti_tool.teacher.micro_credential_form import MicroCredentialForm

__all__ = ["BadgeForm", "DefinitionFileForm", "GradeFileForm", "MicroCredentialForm", "RuleForm"]


class RuleForm(FlaskForm):
    threshold_percent = DecimalField(
        _l("Final grade at least (%)"),
        places=2,
        validators=[DataRequired(), NumberRange(min=0, max=100)],
        default=55,
    )


class GradeFileForm(FlaskForm):
    grade_file = FileField(
        _l("Grade file (CSV)"), validators=[FileRequired(_l("Choose a CSV file to upload."))]
    )


class DefinitionFileForm(FlaskForm):
    definition_file = FileField(
        _l("Definition file (JSON)"),
        validators=[FileRequired(_l("Choose a JSON file exported from this tool."))],
        description=_l("A micro-credential exported from this tool, here or in another course."),
    )


class BadgeForm(FlaskForm):
    badge_file = FileField(
        _l("Badge image (PNG or SVG)"),
        description=_l(
            "Square, at least 64 pixels wide, at most 1 MiB. Learners see it in their wallets "
            "and employers on the credential."
        ),
    )
