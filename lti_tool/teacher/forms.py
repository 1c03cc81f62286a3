"""Forms of the teacher's pages; every one carries a CSRF token (Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DecimalField
from wtforms.validators import DataRequired, NumberRange

from lti_tool.teacher.micro_credential_form import MicroCredentialForm

__all__ = ["GradeFileForm", "MicroCredentialForm", "RuleForm"]


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
