"""Deep Linking: a teacher places a micro-credential from the LMS's activity chooser."""

from urllib.parse import urlsplit

import jwt
import pytest

from tests.conftest import Moodle
from tests.html_forms import forms_of
from tests.web.test_walking_skeleton import define_micro_credential, post_form

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
RETURN_URL = "https://moodle.example/mod/lti/contentitem_return.php?course=2&id=1&sesskey=s"


def deep_linking_claims(settings=None) -> dict:
    return {
        LTI + "message_type": "LtiDeepLinkingRequest",
        LTI + "resource_link": None,
        DL + "deep_linking_settings": settings
        or {
            "deep_link_return_url": RETURN_URL,
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["frame", "iframe", "window"],
            "accept_multiple": True,
            "auto_create": False,
            "data": "opaque-moodle-data",
        },
    }


@pytest.fixture
def teacher_with_a_micro_credential(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    return teacher


def test_a_teacher_places_a_micro_credential_with_its_gradebook_column(
    moodle, http, teacher_with_a_micro_credential
):
    client, answer = moodle.launch_with_claims(Moodle.TEACHER, **deep_linking_claims())
    assert answer.headers["Location"].endswith("/teacher/deep-link")
    page = client.get("/teacher/deep-link").get_data(as_text=True)
    assert "Digital content for the workplace" in page

    placed = post_form(client, "/teacher/deep-link", "/teacher/deep-link/1")
    assert placed.status_code == 200
    assert "form-action 'self' https://moodle.example" in placed.headers["Content-Security-Policy"]
    form = forms_of(placed.get_data(as_text=True))[0]
    assert form.action == RETURN_URL

    # The platform checks the answer with the tool's published key.
    key = jwt.PyJWK(client.get("/lti/jwks.json").get_json()["keys"][0]).key
    answer = jwt.decode(
        form.fields["JWT"], key, algorithms=["RS256"], audience=moodle.platform.issuer
    )
    assert answer["iss"] == "demo-tool-client"
    assert answer[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert answer[LTI + "deployment_id"] == "1"
    assert answer[DL + "data"] == "opaque-moodle-data"
    (item,) = answer[DL + "content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == "http://tool.test/lti/launch"
    assert item["lineItem"] == {
        "scoreMaximum": 100,
        "label": "Digital content for the workplace",
        "resourceId": "micro-credential-1",
        "tag": "micro-credential-1",
    }
    assert item["custom"] == {"micro_credential_id": "1"}
    # A request is answered once.
    assert client.get("/teacher/deep-link").status_code == 404


def test_a_learner_cannot_pick_content(moodle, http):
    learner_roles = {LTI + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]}
    _, answer = moodle.launch_with_claims(4, **deep_linking_claims(), **learner_roles)
    assert answer.status_code == 403


def test_a_request_without_a_return_address_is_refused(moodle, http):
    settings = {
        "accept_types": ["ltiResourceLink"],
        "accept_presentation_document_targets": ["iframe"],
    }
    _, answer = moodle.launch_with_claims(Moodle.TEACHER, **deep_linking_claims(settings))
    assert answer.status_code == 400
    assert "no address to return it to" in answer.get_data(as_text=True)


def test_another_courses_micro_credential_cannot_be_placed(moodle, http):
    client, _ = moodle.launch_with_claims(Moodle.TEACHER, **deep_linking_claims())
    assert post_form(client, "/verify", "/teacher/deep-link/999").status_code == 404


def test_without_a_request_there_is_nothing_to_answer(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    assert teacher.get("/teacher/deep-link").status_code == 404
    assert post_form(teacher, "/teacher/", "/teacher/deep-link/1").status_code == 404


def test_placing_through_moodle_creates_the_activity_and_its_column(moodle, http):
    """Select content in the emulated Moodle, pick in the tool, and Moodle adds the activity."""
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)

    popup = moodle.app.test_client()
    start = urlsplit(moodle.platform.urls.content_item(Moodle.TEACHER))
    form = moodle.id_token_form(popup, Moodle.TEACHER, start=f"{start.path}?{start.query}")
    assert moodle.post_id_token(popup, form).headers["Location"].endswith("/teacher/deep-link")
    placed = post_form(popup, "/teacher/deep-link", "/teacher/deep-link/1")
    answer = forms_of(placed.get_data(as_text=True))[0]
    target = urlsplit(answer.action)
    returned = popup.post(f"{target.path}?{target.query}", data=answer.fields)
    assert returned.status_code == 200, returned.get_data(as_text=True)

    (activity,) = [a for a in moodle.platform.activities.all() if a.cmid != 2]
    assert activity.title == "Digital content for the workplace"
    assert moodle.platform.line_item_of(activity).tag == "micro-credential-1"
    learner = moodle.app.test_client()
    launch = moodle.id_token_form(learner, 4, start=f"/demo-platform/launch/4?cmid={activity.cmid}")
    assert moodle.post_id_token(learner, launch).headers["Location"].endswith("/learner/")
