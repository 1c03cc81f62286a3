"""The demo platform offering LTI Platform Storage, as Canvas does, when asked: Moodle offers
none, so by default nothing of it shows (compare tests/vectors/moodle-5.1/01 and 03)."""

import pytest
from flask.testing import FlaskClient

from lti_tool.demo_platform import DemoMoodle
from lti_tool.demo_platform.platform import STORAGE_FRAME
from tests.demo_platform.support import auth_params, login_initiation, parse_form

AUTH = "/demo-platform/mod/lti/auth.php"
VIEW = "/demo-platform/mod/lti/view.php?id=2&user=4"


def test_moodle_names_no_storage_target_in_its_logins_or_launches(client: FlaskClient):
    initiation = login_initiation(client, 4)
    launch = parse_form(client.post(AUTH, data=auth_params(initiation)).get_data(as_text=True))

    assert "lti_storage_target" not in initiation
    assert list(launch.fields) == ["id_token", "state"]


@pytest.mark.parametrize("target", [STORAGE_FRAME, "_parent"])
def test_offered_storage_is_named_in_the_login_and_the_launch(
    client: FlaskClient, platform: DemoMoodle, target: str
):
    platform.offer_storage(target)
    initiation = login_initiation(client, 4)
    launch = parse_form(client.post(AUTH, data=auth_params(initiation)).get_data(as_text=True))

    assert initiation["lti_storage_target"] == target
    assert list(launch.fields) == ["id_token", "state", "lti_storage_target"]
    assert launch.fields["lti_storage_target"] == target


def test_offering_none_goes_back_to_moodles_logins(client: FlaskClient, platform: DemoMoodle):
    platform.offer_storage()
    platform.offer_storage(None)
    assert "lti_storage_target" not in login_initiation(client, 4)


def test_the_activity_page_embeds_the_tool_and_loads_the_storage_frame_first(
    client: FlaskClient, platform: DemoMoodle
):
    platform.offer_storage()

    page = client.get(VIEW).get_data(as_text=True)

    source = platform.urls.storage_frame
    frame = f'<iframe name="{STORAGE_FRAME}" data-storage-frame data-src="{source}"'
    assert frame in page
    assert f'id="contentframe" data-src="{platform.urls.launch(4, 2)}"' in page
    assert page.index(frame) < page.index('id="contentframe"')
    assert platform.urls.view(4) == platform.issuer + "/mod/lti/view.php?id=2&user=4"


def test_the_activity_page_answers_storage_itself_for_parent(
    client: FlaskClient, platform: DemoMoodle
):
    platform.offer_storage("_parent")

    page = client.get(VIEW).get_data(as_text=True)

    assert "<iframe name=" not in page
    assert 'answerPlatformStorage("_parent");' in page


def test_moodles_activity_page_embeds_the_tool_alone(client: FlaskClient):
    page = client.get(VIEW).get_data(as_text=True)

    assert "<iframe name=" not in page and "answerPlatformStorage" not in page
    assert 'id="contentframe"' in page


def test_the_storage_frame_answers_the_storage_messages(client: FlaskClient):
    page = client.get("/demo-platform/post_message_forwarding").get_data(as_text=True)

    for subject in ("lti.capabilities", "lti.put_data", "lti.get_data"):
        assert f'"{subject}"' in page
    assert "answerPlatformStorage(window.name);" in page


@pytest.mark.parametrize(
    "query", ["id=2&user=99", "id=2&user=x", "id=99&user=4", "id=x&user=4", ""]
)
def test_an_activity_page_for_an_unknown_person_or_activity_is_not_found(
    client: FlaskClient, query: str
):
    assert client.get(f"/demo-platform/mod/lti/view.php?{query}").status_code == 404
