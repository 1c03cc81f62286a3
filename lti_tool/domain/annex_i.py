"""The elements of Annex I of Council Recommendation 2022/C 243/02, named as the Annex names them.

https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022H0627(02): Part I lists the
mandatory elements of every micro-credential, Part II the optional ones. Messages about a missing
element use these names, so that a teacher or verifier can look them up in the Recommendation.
"""

import enum


class AnnexIElement(enum.Enum):
    """One Annex I element; its value is the name the Annex gives it."""

    LEARNER = "Identification of the learner"
    TITLE = "Title of the micro-credential"
    COUNTRY = "Country(ies)/Region(s) of the issuer"
    AWARDING_BODY = "Awarding body(ies)"
    DATE_OF_ISSUING = "Date of issuing"
    LEARNING_OUTCOMES = "Learning outcomes"
    WORKLOAD = "Notional workload needed to achieve the learning outcomes"
    LEVEL = "Level of the learning experience leading to the micro-credential"
    ASSESSMENT = "Type of assessment"
    PARTICIPATION = "Form of participation in the learning activity"
    QUALITY_ASSURANCE = "Type of quality assurance used to underpin the micro-credential"
    PREREQUISITES = "Prerequisites needed to enrol in the learning activity"
    SUPERVISION = "Supervision and identity verification during assessment"
    GRADE = "Grade achieved"
    INTEGRATION = "Integration/stackability options"
    FURTHER_INFORMATION = "Further information"

    @property
    def is_mandatory(self) -> bool:
        return self in MANDATORY


# Annex I, part I, in the Annex's order.
MANDATORY = (
    AnnexIElement.LEARNER,
    AnnexIElement.TITLE,
    AnnexIElement.COUNTRY,
    AnnexIElement.AWARDING_BODY,
    AnnexIElement.DATE_OF_ISSUING,
    AnnexIElement.LEARNING_OUTCOMES,
    AnnexIElement.WORKLOAD,
    AnnexIElement.LEVEL,
    AnnexIElement.ASSESSMENT,
    AnnexIElement.PARTICIPATION,
    AnnexIElement.QUALITY_ASSURANCE,
)
# What a definition states; the learner and the date of issuing belong to each award.
DEFINITION_MANDATORY = tuple(
    element
    for element in MANDATORY
    if element not in (AnnexIElement.LEARNER, AnnexIElement.DATE_OF_ISSUING)
)
