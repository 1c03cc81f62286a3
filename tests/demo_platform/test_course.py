"""The demo Moodle's course page: a launch per person, the gradebook, and the tool's return."""

from flask.testing import FlaskClient

from lti_tool.demo_platform import DemoMoodle
from tests.demo_platform.support import ISSUER


def test_course_page_offers_a_launch_for_everyone(client: FlaskClient, platform: DemoMoodle):
    page = client.get("/demo-platform/").get_data(as_text=True)

    for user in platform.launchable_users():
        assert f'href="/demo-platform/launch/{user.id}"' in page
        assert f"Launch as {user.name}" in page
    assert [u.name for u in platform.launchable_users() if u.is_teacher] == ["Tess Teacher"]
    assert platform.launchable_users()[0].launch_url == ISSUER + "/launch/3"


def test_course_page_shows_the_gradebook(client: FlaskClient, platform: DemoMoodle):
    platform.set_grade(5, 70.5)

    page = client.get("/demo-platform/").get_data(as_text=True)

    assert '<th scope="row">Sam Student</th><td>85</td>' in page
    assert '<th scope="row">Ana Andromeda</th><td>70.5</td>' in page


def test_return_from_the_tool_shows_its_message(client: FlaskClient):
    url = "/demo-platform/mod/lti/return.php?course=2&launch_container=5&lti_msg=Saved"

    page = client.get(url).get_data(as_text=True)

    assert '<div class="alert alert-info" role="status">Saved</div>' in page
