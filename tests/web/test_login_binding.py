"""A launch is bound to the browser that started its login (decision 8): by a cookie, or by
the platform's storage where the platform offers it (LTI Platform Storage), and by the
single-use state alone where the browser keeps neither (Moodle with cookies blocked).

Each test client keeps its own cookies: a client is a browser. The platform's storage lives
in the browser, so the tests, acting as the browser, carry its value from the login page to
the launch page as its scripts would (the browser test runs those scripts in chromium).
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from lti_tool.extensions import db
from lti_tool.models.stores import DbLaunchStateStore
from tests.conftest import Moodle, route_to_app
from tests.html_forms import forms_of
from tests.web.test_launch_errors import assert_refused

LEARNER = 4
NOT_THIS_BROWSER = "another browser window or by someone else"
NOTHING_KEPT = "Allow cookies for this tool, or open the activity in a new window"
SECRET_FIELD = "lti_browser_secret"
COOKIE_NAME = re.compile(r"^lti_login_[0-9a-f]{16}$")


@dataclass
class Login:
    """What the tool answered a login initiation: its status, the login cookie it set, and
    the page's storage instructions (data-* attributes) when it answered a page."""

    answer: object
    cookie_name: str
    cookie_header: str
    storage: dict[str, str]

    @property
    def auth_url(self) -> str:
        return self.storage.get("next") or self.answer.headers["Location"]


class _StoragePage(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.inline_scripts = 0
        self.script_sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "data-lti-storage" in attributes:
            self.data = {
                name.removeprefix("data-"): value or ""
                for name, value in attributes.items()
                if name.startswith("data-")
            }
        if tag == "script":
            if attributes.get("src"):
                self.script_sources.append(attributes["src"])
            else:
                self.inline_scripts += 1


def storage_page(html: str) -> _StoragePage:
    page = _StoragePage()
    page.feed(html)
    return page


def login(moodle: Moodle, client, user_id: int = LEARNER, **headers) -> Login:
    """The browser's login initiation at the tool, as the emulated platform starts it."""
    initiation = forms_of(client.get(f"/demo-platform/launch/{user_id}").get_data(as_text=True))
    answer = client.post("/lti/login", data=initiation[0].fields, headers=headers)
    assert answer.status_code in (200, 302), answer.get_data(as_text=True)
    cookies = [value for value in answer.headers.getlist("Set-Cookie") if value.startswith("lti_")]
    assert len(cookies) == 1, cookies
    name = cookies[0].split("=", 1)[0]
    page = storage_page(answer.get_data(as_text=True)) if answer.status_code == 200 else None
    return Login(answer, name, cookies[0], page.data if page else {})


def id_token_form(client, auth_url: str):
    """The platform's auth answer: the form with id_token and state, to POST to the tool."""
    auth = urlsplit(auth_url)
    page = client.get(f"{auth.path}?{auth.query}")
    assert page.status_code == 200, page.get_data(as_text=True)
    return forms_of(page.get_data(as_text=True))[0]


def state_of(auth_url: str) -> str:
    return parse_qs(urlsplit(auth_url).query)["state"][0]


def post_launch(client, form, **changes):
    return client.post("/lti/launch", data={**form.fields, **changes})


def cookies_blocked(moodle: Moodle):
    """A browser that keeps no cookie of the tool: it launches from a client with none."""
    return moodle.app.test_client()


# --- the login cookie ---------------------------------------------------------------------


def test_in_development_the_login_cookie_is_lax_httponly_and_lives_as_long_as_the_state(
    moodle, http
):
    started = login(moodle, moodle.app.test_client())
    assert started.answer.status_code == 302
    assert COOKIE_NAME.match(started.cookie_name)
    for attribute in ("HttpOnly", "SameSite=Lax", "Path=/lti/", "Max-Age=600"):
        assert attribute in started.cookie_header
    assert "Secure" not in started.cookie_header and "Partitioned" not in started.cookie_header
    assert "no-store" in started.answer.headers["Cache-Control"]


@pytest.fixture
def tls_moodle(settings, app_factory):
    """The tool behind a TLS proxy (PROXY_COUNT=1, SESSION_COOKIE_SECURE=true), demo loaded."""
    app = app_factory(settings.with_changes(session_cookie_secure=True, proxy_count=1))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        route_to_app(mock, app)
        assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
        yield Moodle(app)


def test_behind_a_tls_proxy_the_login_cookie_is_third_party_ready_and_deleted_at_launch(
    tls_moodle,
):
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    browser = tls_moodle.app.test_client()
    started = login(tls_moodle, browser, **https)
    for attribute in ("Secure", "SameSite=None", "Partitioned", "HttpOnly", "Path=/lti/"):
        assert attribute in started.cookie_header

    answer = post_launch(browser, id_token_form(browser, started.auth_url))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    deleted = [c for c in answer.headers.getlist("Set-Cookie") if c.startswith(started.cookie_name)]
    assert len(deleted) == 1
    for attribute in ("Max-Age=0", "Secure", "SameSite=None", "Partitioned", "Path=/lti/"):
        assert attribute in deleted[0]


# --- launches with and without the cookie -------------------------------------------------


def test_a_launch_that_brings_back_its_login_cookie_passes_and_the_cookie_is_gone(moodle, http):
    browser = moodle.app.test_client()
    started = login(moodle, browser)
    assert browser.get_cookie(started.cookie_name, path="/lti/") is not None

    answer = post_launch(browser, id_token_form(browser, started.auth_url))

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/learner/")
    assert browser.get_cookie(started.cookie_name, path="/lti/") is None


def test_a_launch_whose_login_cookie_does_not_match_is_refused(moodle, http):
    browser = moodle.app.test_client()
    started = login(moodle, browser)
    form = id_token_form(browser, started.auth_url)
    browser.set_cookie(started.cookie_name, "not-the-secret", path="/lti/")

    assert_refused(post_launch(browser, form), NOT_THIS_BROWSER, "open the activity again")
    assert browser.get("/learner/").status_code == 403  # no session was opened


def test_login_csrf_an_attackers_launch_posted_from_the_victims_browser_is_refused(moodle, http):
    attacker = moodle.app.test_client()
    attackers_form = id_token_form(attacker, login(moodle, attacker, 5).auth_url)
    victim = moodle.app.test_client()
    login(moodle, victim)  # the victim's own launch is under way: cookies work in its browser

    assert_refused(post_launch(victim, attackers_form), NOT_THIS_BROWSER)
    assert victim.get("/learner/").status_code == 403


def test_without_cookie_and_without_platform_storage_the_single_use_state_alone_is_accepted(
    moodle, http
):
    """Moodle sends no lti_storage_target; in a browser that drops the tool's cookies in its
    iframe the launch still works, once (the trade-off of decision 8)."""
    browser = moodle.app.test_client()
    form = id_token_form(browser, login(moodle, browser).auth_url)
    blocked = cookies_blocked(moodle)

    answer = post_launch(blocked, form)

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/learner/")
    assert_refused(post_launch(cookies_blocked(moodle), form), "already used")


# --- platform storage ---------------------------------------------------------------------


@pytest.fixture
def storing_platform(moodle):
    """The emulated platform offering LTI Platform Storage in a named frame, as Canvas does."""
    moodle.platform.offer_storage()
    return moodle


def test_a_login_offered_storage_answers_a_page_that_stores_the_secret_then_goes_on(
    storing_platform, http
):
    browser = storing_platform.app.test_client()
    started = login(storing_platform, browser)
    state = state_of(started.auth_url)

    assert started.answer.status_code == 200
    assert started.storage == {
        "lti-storage": "put",
        "target": "post_message_forwarding",
        "origin": "http://tool.test",  # the origin of the platform's auth endpoint
        "key": f"lti_tool_state_{state}",
        "value": browser.get_cookie(started.cookie_name, path="/lti/").value,
        "next": started.auth_url,
    }
    assert started.auth_url.startswith(storing_platform.platform.urls.auth + "?")
    page = storage_page(started.answer.get_data(as_text=True))
    assert page.inline_scripts == 0
    assert "/static/js/lti-platform-storage.js" in page.script_sources
    policy = started.answer.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "no-store" in started.answer.headers["Cache-Control"]


def test_without_cookie_a_stored_login_gets_a_page_that_fetches_the_secret_and_posts_again(
    storing_platform, http
):
    browser = storing_platform.app.test_client()
    started = login(storing_platform, browser)
    form = id_token_form(browser, started.auth_url)
    blocked = cookies_blocked(storing_platform)  # the cookie never reaches the tool

    answer = post_launch(blocked, form)

    assert answer.status_code == 200, answer.get_data(as_text=True)
    page = storage_page(answer.get_data(as_text=True))
    assert page.data == {
        "lti-storage": "get",
        "target": "post_message_forwarding",
        "origin": "http://tool.test",
        "key": started.storage["key"],
    }
    assert page.inline_scripts == 0
    relaunch = forms_of(answer.get_data(as_text=True))[0]
    assert (relaunch.action, relaunch.method) == ("/lti/launch", "post")
    assert relaunch.fields == {
        "id_token": form.fields["id_token"],
        "state": form.fields["state"],
        SECRET_FIELD: "",
    }
    assert "no-store" in answer.headers["Cache-Control"]

    # The state was only read: the page's second POST, with the stored secret, gets in.
    answer = post_launch(blocked, relaunch, **{SECRET_FIELD: started.storage["value"]})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/learner/")
    assert blocked.get("/learner/").status_code == 200
    replay = post_launch(cookies_blocked(storing_platform), relaunch)
    assert_refused(replay, "already used")


def test_a_stored_login_whose_cookie_comes_back_needs_no_second_post(storing_platform, http):
    browser = storing_platform.app.test_client()
    started = login(storing_platform, browser)

    answer = post_launch(browser, id_token_form(browser, started.auth_url))

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/learner/")


def test_login_csrf_through_storage_a_wrong_or_missing_secret_is_refused(storing_platform, http):
    """The attacker's launch, posted from a victim's browser that keeps no cookie: the
    victim's platform storage holds no secret for it (the page posts ""), or another one."""
    attacker = storing_platform.app.test_client()
    attackers_form = id_token_form(attacker, login(storing_platform, attacker, 5).auth_url)
    victim = cookies_blocked(storing_platform)
    victims_own_secret = login(storing_platform, storing_platform.app.test_client()).storage

    assert post_launch(victim, attackers_form).status_code == 200  # the page fetching it
    assert_refused(post_launch(victim, attackers_form, **{SECRET_FIELD: ""}), NOTHING_KEPT)
    # A refused secret uses the state up: no second guess with the same launch.
    assert_refused(post_launch(victim, attackers_form, **{SECRET_FIELD: "guess"}), "already used")
    another_form = id_token_form(attacker, login(storing_platform, attacker, 5).auth_url)
    wrong = post_launch(victim, another_form, **{SECRET_FIELD: victims_own_secret["value"]})
    assert_refused(wrong, NOT_THIS_BROWSER)
    assert victim.get("/learner/").status_code == 403


@pytest.mark.parametrize(
    ("target", "is_offered"),
    [("_parent", True), ("frame-1", True), ("<script>", False), ("a" * 65, False)],
)
def test_only_a_frame_name_or_parent_is_used_as_storage_target(
    storing_platform, http, target, is_offered
):
    storing_platform.platform.offer_storage(target)
    started = login(storing_platform, storing_platform.app.test_client())

    assert (started.answer.status_code == 200) is is_offered
    if is_offered:
        assert started.storage["target"] == target


def test_moodle_offers_no_storage_so_its_logins_redirect(moodle, http):
    started = login(moodle, moodle.app.test_client())
    assert started.answer.status_code == 302
    assert started.storage == {}


def test_a_login_kept_before_browser_binding_still_launches(moodle, http):
    """A state kept by the previous release (nonce only) while it was being replaced."""
    browser = moodle.app.test_client()
    started = login(moodle, browser)
    form = id_token_form(browser, started.auth_url)
    key = "lti-state:" + form.fields["state"]
    with moodle.app.app_context():
        states = DbLaunchStateStore(db.session)
        states.put(key, {"nonce": states.take(key)["nonce"]}, 60)

    assert post_launch(browser, form).status_code == 302
