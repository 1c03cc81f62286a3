"""A Moodle course through its web services with the token sealed at rest (MoodleCourses)."""

import pytest
import responses

from adapters.http import make_session
from adapters.lms.moodle_courses import MoodleCourses
from adapters.lms.moodle_ws import NEEDED_FUNCTIONS, MoodleWebServices
from adapters.sealing import KeySealer
from lti_tool.domain.errors import Unavailable
from tests.adapters.lms.support import capture

SITE = "https://moodle.school.test"


def _courses(secret: str = "one") -> MoodleCourses:
    return MoodleCourses(
        services=MoodleWebServices(session=make_session(timeout=5)),
        sealer=KeySealer([KeySealer.derive_key(secret)]),
    )


@responses.activate
def test_the_check_names_the_site_the_user_and_what_the_service_lacks():
    body = capture("25-ws-site-info.json")["response"]["body"]
    responses.get(f"{SITE}/webservice/rest/server.php", json=body)
    courses = _courses()
    check = courses.check(SITE, courses.seal_token(" secret-token "))
    assert check.site_name == body["sitename"] and check.user == body["username"]
    offered = {function["name"] for function in body["functions"]}
    assert check.missing_functions == tuple(f for f in NEEDED_FUNCTIONS if f not in offered)
    assert "secret-token" in responses.calls[0].request.url  # sent to Moodle, trimmed


def test_a_token_sealed_with_other_keys_asks_for_the_token_again():
    sealed = _courses("one").seal_token("secret-token")
    with pytest.raises(Unavailable, match="store the token again"):
        _courses("two").course_results(SITE, sealed, 2)
