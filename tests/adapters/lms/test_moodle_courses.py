"""A Moodle course through its web services (MoodleCourses), and the secrets it is read with,
sealed at rest (SealedSecrets)."""

import pytest
import responses

from adapters.http import make_session
from adapters.lms.moodle_courses import MoodleCourses
from adapters.lms.moodle_ws import NEEDED_FUNCTIONS, MoodleWebServices
from adapters.sealing import KeySealer, SealedSecrets
from lti_tool.domain.errors import Unavailable
from tests.adapters.lms.support import capture

SITE = "https://moodle.school.test"


@responses.activate
def test_the_check_names_the_site_the_user_and_what_the_service_lacks():
    body = capture("25-ws-site-info.json")["response"]["body"]
    responses.get(f"{SITE}/webservice/rest/server.php", json=body)
    courses = MoodleCourses(services=MoodleWebServices(session=make_session(timeout=5)))
    check = courses.check(SITE, "secret-token")
    assert check.site_name == body["sitename"] and check.user == body["username"]
    offered = {function["name"] for function in body["functions"]}
    assert check.missing_functions == tuple(f for f in NEEDED_FUNCTIONS if f not in offered)


def _secrets(key: str) -> SealedSecrets:
    return SealedSecrets(KeySealer([KeySealer.derive_key(key)]))


def test_a_sealed_secret_opens_with_the_same_keys_only():
    sealed = _secrets("one").seal("secret-token")
    assert "secret-token" not in sealed
    assert _secrets("one").unseal(sealed) == "secret-token"
    with pytest.raises(Unavailable, match="KEY_ENCRYPTION_KEYS"):
        _secrets("two").unseal(sealed)
