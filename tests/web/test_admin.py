"""An administrator launching the tool sees what to enter in Moodle and what is registered."""

from tests.conftest import Moodle
from tests.html_forms import csrf_token_of

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


def admin(moodle):
    client, answer = moodle.launch_with_claims(Moodle.TEACHER, **{ROLES: [SYSTEM_ADMIN]})
    assert answer.status_code == 302
    return client


def register(client, **fields):
    token = csrf_token_of(client.get("/admin/").get_data(as_text=True))
    form = {
        "name": "Second Moodle",
        "issuer": "https://moodle2.demo-vet.example",
        "client_id": "Xy12Zz34Qq56Ww7",
        "deployment_ids": "4, 5",
        "is_moodle": "y",
        **fields,
    }
    return client.post("/admin/platforms", data={"csrf_token": token, **form})


def test_an_administrator_registers_another_moodle_from_the_page(moodle, http):
    client = admin(moodle)
    assert register(client).status_code == 302
    page = client.get("/admin/").get_data(as_text=True)
    assert "Platform registered." in page
    assert "https://moodle2.demo-vet.example" in page and "4, 5" in page
    assert register(client, deployment_ids="6").status_code == 302
    page = client.get("/admin/").get_data(as_text=True)
    assert "Platform registration updated." in page and "4, 5, 6" in page


def test_another_lms_needs_its_endpoint_urls(moodle, http):
    client = admin(moodle)
    answer = register(client, is_moodle="")
    assert answer.status_code == 400
    assert "authentication request URL must be an http(s) URL" in answer.get_data(as_text=True)
    answer = register(
        client,
        is_moodle="",
        auth_login_url="https://lms.example/auth",
        auth_token_url="https://lms.example/token",
        key_set_url="https://lms.example/jwks",
    )
    assert answer.status_code == 302


def test_an_incomplete_registration_is_refused_field_by_field(moodle, http):
    client = admin(moodle)
    answer = register(client, issuer="not a url", client_id="")
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Some fields need your attention" in page
    assert page.count("invalid-feedback") >= 2
    assert "moodle2" not in client.get("/admin/").get_data(as_text=True)


def test_only_administrators_may_register_platforms(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    token = csrf_token_of(teacher.get("/teacher/").get_data(as_text=True))
    answer = teacher.post("/admin/platforms", data={"csrf_token": token, "name": "x"})
    assert answer.status_code == 403


def test_a_moodle_site_admin_teaches_and_also_reaches_the_admin_pages(moodle, http):
    admin_user = moodle.launch(2)  # Moodle's admin: Instructor + institution/system Administrator
    teacher_page = admin_user.get("/teacher/")
    assert teacher_page.status_code == 200
    assert 'href="/admin/"' in teacher_page.get_data(as_text=True)
    assert admin_user.get("/admin/").status_code == 200
    plain_teacher = moodle.launch(Moodle.TEACHER)
    assert 'href="/admin/"' not in plain_teacher.get("/teacher/").get_data(as_text=True)
