"""Forms of the teacher's pages; every one carries a CSRF token (Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange


class MicroCredentialForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("The name learners and employers see, e.g. “Digital content creation”."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("What the micro-credential is about, in two or three sentences."),
    )
    learning_outcomes = TextAreaField(
        _l("Learning outcomes"),
        validators=[DataRequired(), Length(max=10000)],
        description=_l("One per line: what a learner who earns it knows or can do."),
    )
    ects = DecimalField(
        _l("Workload (ECTS)"),
        places=2,
        validators=[DataRequired(), NumberRange(min=0.1, max=60)],
        description=_l("Notional workload in ECTS credits; 1 ECTS is 25 to 30 hours of learning."),
    )
    eqf_level = SelectField(
        _l("EQF level"),
        coerce=int,
        choices=[SelectChoice(level, str(level)) for level in range(1, 9)],
        default=4,
        description=_l("The level on the European Qualifications Framework, 1 to 8."),
    )

    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.data.splitlines() if line.strip()]


class RuleForm(FlaskForm):
    threshold_percent = DecimalField(
        _l("Final grade at least (%)"),
        places=2,
        validators=[DataRequired(), NumberRange(min=0, max=100)],
        default=55,
    )
