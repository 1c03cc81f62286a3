"""A launch in the platform's iframe where the tool's cookies do not survive: chromium runs the
emulated platform's page with LTI Platform Storage, and the tool's and the platform's scripts
carry the login's browser secret through lti.put_data and lti.get_data (decision 8).

The tool's cookies are cleared while the browser is at the platform's auth endpoint, between
the login and the launch, as a browser blocking third-party cookies would have dropped them.
"""

from urllib.parse import parse_qs

import pytest

from lti_tool.demo_platform.platform import STORAGE_FRAME
from tests.e2e.chromium import skip_module_without_chromium

skip_module_without_chromium()

LEARNER = 4
SECRET_FIELD = "lti_browser_secret"


@pytest.mark.parametrize("target", [STORAGE_FRAME, "_parent"])
def test_a_launch_without_cookies_lands_through_the_platforms_storage(live_app, browser, target):
    platform = live_app.app.extensions["demo_platform"]
    platform.offer_storage(target)
    context = browser.new_context()
    page = context.new_page()
    login_cookies, launches = [], []

    def drop_the_tools_cookies(route):
        login_cookies.extend(c["name"] for c in context.cookies() if c["name"].startswith("lti_"))
        context.clear_cookies()
        route.continue_()

    context.route("**/mod/lti/auth.php?*", drop_the_tools_cookies)
    page.on("request", lambda request: _record_launch(request, launches))

    page.goto(platform.urls.view(LEARNER))
    tool = page.frame_locator("#contentframe")
    tool.get_by_role("heading", name="Your micro-credentials from").wait_for()

    assert len(login_cookies) == 1  # the login set its cookie, and it was gone at the launch
    assert [list(fields) for fields in launches] == [
        # from the platform, without the cookie: the tool answers a page fetching the secret
        ["id_token", "state", "lti_storage_target"],
        ["id_token", "state", SECRET_FIELD],  # from the tool's page, with the stored secret
    ]
    assert launches[1][SECRET_FIELD]
    assert not any(c["name"].startswith("lti_login_") for c in context.cookies())
    context.close()


def test_a_launch_without_cookies_and_without_the_platforms_frame_is_refused(live_app, browser):
    """Storage offered, but the tool runs outside the platform's page (no frame to ask): the
    secret is nowhere, and the tool refuses the launch, saying what to do."""
    platform = live_app.app.extensions["demo_platform"]
    platform.offer_storage()
    context = browser.new_context()
    page = context.new_page()
    context.route("**/mod/lti/auth.php?*", lambda route: _continue_without_cookies(context, route))

    page.goto(platform.urls.launch(LEARNER))

    page.get_by_text("Allow cookies for this tool").wait_for()
    assert page.url.endswith("/lti/launch")
    context.close()


def _continue_without_cookies(context, route) -> None:
    context.clear_cookies()
    route.continue_()


def _record_launch(request, launches: list[dict[str, str]]) -> None:
    if request.method == "POST" and request.url.endswith("/lti/launch"):
        fields = parse_qs(request.post_data or "", keep_blank_values=True)
        launches.append({name: values[0] for name, values in fields.items()})
