"""The teacher's form defining a micro-credential: every Annex I element, selects fed by the EU
vocabularies (lti_tool/domain/vocabularies.py) with their English EU labels.

The mandatory elements are required fields; the optional ones sit in the "More details" part of
the page. The awarding bodies are not asked for: the course's organisation and the alliance award
every micro-credential, and other member organisations can be named as co-awarding bodies.
"""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lti_tool.domain import vocabularies as vocab
from lti_tool.domain.micro_credential import (
    MAX_ECTS,
    MAX_ECVET_POINTS,
    MAX_HOURS,
    MAX_VALIDITY_MONTHS,
    LearningOutcome,
    MicroCredential,
    QualityAssurance,
    Translation,
    is_url,
)

# The fields of the collapsed "More details" part; it opens when one of them has an error.
OPTIONAL_FIELDS = (
    "translation_language",
    "translated_title",
    "translated_description",
    "nqf_level",
    "esco_skills",
    "qa_description",
    "qa_body_url",
    "qa_landing_page",
    "prerequisites",
    "supervision",
    "integration",
    "is_part_of",
    "further_information",
    "validity_months",
    "co_awarding_bodies",
)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(vocabulary: vocab.Vocabulary, *, blank=None) -> list[SelectChoice]:
    choices = [SelectChoice(concept.key, concept.label) for concept in vocabulary]
    return [SelectChoice("", blank), *choices] if blank is not None else choices


def _at_least_one(form, field) -> None:
    if not field.data:
        raise ValidationError(gettext("Choose at least one."))


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MicroCredentialForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("The name learners and employers see, e.g. “Digital content creation”."),
    )
    language = SelectField(
        _l("Language"),
        choices=_choices(vocab.LANGUAGES),
        default="en",
        description=_l("The language of the title, the description and the learning outcomes."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("What the micro-credential is about, in two or three sentences."),
    )
    learning_outcomes = TextAreaField(
        _l("Learning outcomes"),
        validators=[DataRequired(), Length(max=10000)],
        description=_l(
            "One per line: what a learner who earns it knows or can do. Employers read these "
            "to know what the holder can be trusted with."
        ),
    )
    ects = DecimalField(
        _l("Workload (ECTS)"),
        places=2,
        validators=[Optional(), NumberRange(min=0.1, max=float(MAX_ECTS))],
        description=_l(
            "Notional workload in ECTS credits; 1 ECTS is 25 to 30 hours of learning. Schools "
            "use it to recognise the credential towards their own programmes."
        ),
    )
    ecvet_points = DecimalField(
        _l("Workload (ECVET points)"),
        places=2,
        validators=[Optional(), NumberRange(min=0.1, max=float(MAX_ECVET_POINTS))],
        description=_l("If the programme counts in ECVET points."),
    )
    hours = IntegerField(
        _l("Workload (hours)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_HOURS)],
        description=_l("Notional hours of learning, all activities included."),
    )
    eqf_level = SelectField(
        _l("EQF level"),
        coerce=int,
        choices=[SelectChoice(int(c.key), c.label) for c in vocab.EQF_LEVELS],
        default=4,
        description=_l(
            "The level on the European Qualifications Framework, 1 to 8: how employers across "
            "Europe compare it with diplomas they know (VET is mostly 2 to 5)."
        ),
    )
    assessment_types = CheckboxesField(
        _l("Type of assessment"),
        choices=_choices(vocab.ASSESSMENT_TYPES),
        validators=[_at_least_one],
        description=_l(
            "How the learning outcomes are assessed: tells an employer how the learner showed "
            "what they can do."
        ),
    )
    participation_forms = CheckboxesField(
        _l("Form of participation"),
        choices=_choices(vocab.PARTICIPATION_FORMS),
        validators=[_at_least_one],
        description=_l("How learners take part in the learning activity."),
    )
    qa_kind = SelectField(
        _l("Type of quality assurance"),
        default="",
        choices=_choices(vocab.QUALITY_ASSURANCE_TYPES, blank=_l("Choose…")),
        validators=[DataRequired()],
        description=_l(
            "The quality assurance that underpins the micro-credential: why an employer can "
            "trust it without knowing your school."
        ),
    )
    qa_body = StringField(
        _l("Quality assurance body"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("Who assures the quality, e.g. the national inspectorate of education."),
    )
    # --- More details (optional elements) ---
    translation_language = SelectField(
        _l("Also in"),
        default="",
        choices=_choices(vocab.LANGUAGES, blank=_l("No other language")),
        validators=[Optional()],
        description=_l("A second language for the title and the description."),
    )
    translated_title = StringField(_l("Title in that language"), validators=[Length(max=200)])
    translated_description = TextAreaField(
        _l("Description in that language"), validators=[Length(max=5000)]
    )
    nqf_level = SelectField(
        _l("NQF level"),
        default="",
        choices=_choices(vocab.NQF_LEVELS, blank=_l("None")),
        validators=[Optional()],
        description=_l("The level on your national qualifications framework, if it has one."),
    )
    esco_skills = TextAreaField(
        _l("ESCO skills"),
        validators=[Length(max=10000)],
        description=_l(
            "Line by line, the ESCO skill URIs of each learning outcome, separated by spaces; "
            "leave a line empty for an outcome without."
        ),
    )
    qa_description = StringField(
        _l("Quality assurance, in a few words"),
        validators=[Length(max=300)],
        description=_l("E.g. “Accredited VET programme”."),
    )
    qa_body_url = StringField(_l("Website of the quality assurance body"))
    qa_landing_page = StringField(
        _l("Quality assurance report"),
        description=_l("The page where the body's register or report shows this programme."),
    )
    prerequisites = TextAreaField(
        _l("Prerequisites"),
        validators=[Length(max=2000)],
        description=_l("What a learner needs before enrolling, if anything."),
    )
    supervision = SelectField(
        _l("Supervision and identity verification"),
        default="",
        choices=_choices(vocab.SUPERVISION_LEVELS, blank=_l("Not stated")),
        validators=[Optional()],
        description=_l(
            "How the assessment is supervised and the learner's identity checked: whether the "
            "credential proves who did the work."
        ),
    )
    integration = SelectField(
        _l("Integration and stackability"),
        default="",
        choices=_choices(vocab.INTEGRATION_OPTIONS, blank=_l("Not stated")),
        validators=[Optional()],
    )
    is_part_of = TextAreaField(
        _l("Stackable towards"),
        validators=[Length(max=2000)],
        description=_l("One web address per line of the larger credentials it counts towards."),
    )
    further_information = TextAreaField(_l("Further information"), validators=[Length(max=5000)])
    validity_months = IntegerField(
        _l("Valid for (months)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_VALIDITY_MONTHS)],
        description=_l("Leave empty when the credential does not expire."),
    )
    co_awarding_bodies = CheckboxesField(
        _l("Also awarded by"),
        choices=[],
        description=_l("Other member organisations that award it together with yours."),
    )

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then that the workload is given in at least one unit (shown
        at the ECTS field, the unit to prefer)."""
        is_valid = super().validate(extra_validators)
        workload = (self.ects, self.ecvet_points, self.hours)
        if all(f.data is None and not f.errors for f in workload):
            self.ects.errors.append(gettext("Give the workload in ECTS, ECVET points or hours."))
            return False
        return is_valid

    def validate_translated_title(self, field) -> None:
        if self.translation_language.data and not (field.data or "").strip():
            raise ValidationError(gettext("Give the title in the other language."))
        if self.translation_language.data == self.language.data:
            raise ValidationError(
                gettext("Choose a language other than the micro-credential's own.")
            )

    def validate_esco_skills(self, field) -> None:
        lines = (field.data or "").splitlines()
        while lines and not lines[-1].strip():
            lines.pop()
        if len(lines) > len(self.outcomes()):
            raise ValidationError(gettext("There are more lines than learning outcomes."))
        for skill in " ".join(lines).split():
            if not skill.startswith(vocab.ESCO_SKILL_IRI_PREFIX):
                raise ValidationError(
                    gettext("%(skill)s is not an ESCO skill URI.", skill=skill[:100])
                )

    def validate_qa_body_url(self, field) -> None:
        _check_url(field.data)

    def validate_qa_landing_page(self, field) -> None:
        _check_url(field.data)

    def validate_is_part_of(self, field) -> None:
        for line in _lines(field.data):
            _check_url(line)

    def outcomes(self) -> list[str]:
        return _lines(self.learning_outcomes.data)

    def definition(self) -> MicroCredential:
        """The micro-credential the valid form describes; its awarding bodies are added later.

        Raises InvalidInput if the domain refuses a value the form let through.
        """
        skills = (self.esco_skills.data or "").splitlines()
        optional = {
            name: (getattr(self, name).data or "").strip() or None
            for name in ("nqf_level", "prerequisites", "supervision", "integration")
        }
        return MicroCredential(
            title=self.title.data,
            description=self.description.data,
            language=self.language.data,
            translations=self._translations(),
            learning_outcomes=tuple(
                LearningOutcome(text, tuple(skills[n].split()) if n < len(skills) else ())
                for n, text in enumerate(self.outcomes())
            ),
            ects=self.ects.data,
            ecvet_points=self.ecvet_points.data,
            hours=self.hours.data,
            eqf_level=self.eqf_level.data,
            assessment_types=tuple(self.assessment_types.data),
            participation_forms=tuple(self.participation_forms.data),
            quality_assurance=(
                QualityAssurance(
                    kind=self.qa_kind.data,
                    body=self.qa_body.data.strip(),
                    description=(self.qa_description.data or "").strip(),
                    body_url=(self.qa_body_url.data or "").strip() or None,
                    landing_page=(self.qa_landing_page.data or "").strip() or None,
                ),
            ),
            is_part_of=tuple(_lines(self.is_part_of.data)),
            further_information=self.further_information.data,
            validity_months=self.validity_months.data,
            **optional,
        )

    def fill(self, definition: MicroCredential, co_awarding_bodies: tuple[str, ...]) -> None:
        """Show `definition` in the form, as `definition()` would read it back (the form has
        room for one translation and one quality assurance: the first of each)."""
        outcomes = [
            o if isinstance(o, LearningOutcome) else LearningOutcome(o)
            for o in definition.learning_outcomes
        ]
        values = {
            "title": definition.title,
            "language": definition.language,
            "description": definition.description,
            "learning_outcomes": "\n".join(o.text for o in outcomes),
            "esco_skills": "\n".join(" ".join(o.esco_skills) for o in outcomes).rstrip(),
            "ects": definition.ects,
            "ecvet_points": definition.ecvet_points,
            "hours": definition.hours,
            "eqf_level": definition.eqf_level,
            "assessment_types": list(definition.assessment_types),
            "participation_forms": list(definition.participation_forms),
            "nqf_level": definition.nqf_level or "",
            "prerequisites": definition.prerequisites or "",
            "supervision": definition.supervision or "",
            "integration": definition.integration or "",
            "is_part_of": "\n".join(definition.is_part_of),
            "further_information": definition.further_information or "",
            "validity_months": definition.validity_months,
            "co_awarding_bodies": list(co_awarding_bodies),
        }
        if definition.quality_assurance:
            qa = definition.quality_assurance[0]
            values |= {
                "qa_kind": qa.kind,
                "qa_body": qa.body,
                "qa_description": qa.description,
                "qa_body_url": qa.body_url or "",
                "qa_landing_page": qa.landing_page or "",
            }
        if definition.translations:
            translation = definition.translations[0]
            values |= {
                "translation_language": translation.language,
                "translated_title": translation.title,
                "translated_description": translation.description,
            }
        for name, value in values.items():
            getattr(self, name).data = value

    def has_optional_errors(self) -> bool:
        return any(getattr(self, name).errors for name in OPTIONAL_FIELDS)

    def _translations(self) -> tuple[Translation, ...]:
        if not self.translation_language.data:
            return ()
        return (
            Translation(
                language=self.translation_language.data,
                title=(self.translated_title.data or "").strip(),
                description=(self.translated_description.data or "").strip(),
            ),
        )


def _check_url(value: str | None) -> None:
    if value and value.strip() and not is_url(value.strip()):
        raise ValidationError(
            gettext("%(url)s is not a web address (http or https).", url=value[:100])
        )
