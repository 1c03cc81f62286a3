"""An administrator launching the tool sees what to enter in Moodle and what is registered."""

from tests.conftest import Moodle

ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"
SYSTEM_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"


def test_an_administrator_sees_every_url_moodle_asks_for_and_the_platforms(moodle, http):
    client, answer = moodle.launch_with_claims(Moodle.TEACHER, **{ROLES: [SYSTEM_ADMIN]})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/admin/")
    page = client.get("/admin/").get_data(as_text=True)
    for url in ("/lti/launch", "/lti/login", "/lti/jwks.json"):
        assert f'value="http://tool.test{url}"' in page
    assert "Demo Moodle" in page and "demo-tool-client" in page and "Demo VET School" in page


def test_the_admin_page_is_for_administrators_only(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    assert teacher.get("/admin/").status_code == 403
