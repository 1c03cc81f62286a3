"""How a launch is judged against the browser that started its login (decision 8)."""

import pytest

from lti_tool.domain.browser_binding import (
    NOT_THIS_BROWSER,
    NOTHING_KEPT,
    BrowserCheck,
    LoginBinding,
    PlatformStorage,
    check_browser,
    login_cookie_name,
    storage_target,
)
from lti_tool.domain.errors import LaunchRejected

SECRET = "s3cret"
STORAGE = PlatformStorage(target="post_message_forwarding", origin="https://lms.example")
WITH_COOKIE_ONLY = LoginBinding(SECRET)
WITH_STORAGE = LoginBinding(SECRET, STORAGE)


def check(binding, *, cookie=None, others=False, sent=None):
    return check_browser(binding, cookie=cookie, has_other_login_cookies=others, sent_secret=sent)


@pytest.mark.parametrize("binding", [WITH_COOKIE_ONLY, WITH_STORAGE])
def test_the_logins_own_cookie_binds_the_launch_whatever_else_the_browser_holds(binding):
    assert check(binding, cookie=SECRET, others=True) is BrowserCheck.BOUND


@pytest.mark.parametrize(
    "given", [{"cookie": "other"}, {"cookie": ""}, {"others": True}, {"sent": "other"}]
)
def test_a_launch_from_another_browser_is_refused(given):
    with pytest.raises(LaunchRejected) as refused:
        check(WITH_STORAGE, **given)
    assert refused.value.message == NOT_THIS_BROWSER


def test_without_cookie_a_stored_login_asks_for_its_secret_then_takes_only_that_one():
    assert check(WITH_STORAGE) is BrowserCheck.FETCH_SECRET
    assert check(WITH_STORAGE, sent=SECRET) is BrowserCheck.BOUND
    with pytest.raises(LaunchRejected) as refused:
        check(WITH_STORAGE, sent="")
    assert refused.value.message == NOTHING_KEPT


def test_without_cookie_and_storage_the_single_use_state_alone_lets_the_launch_in():
    assert check(WITH_COOKIE_ONLY) is BrowserCheck.UNBOUND


def test_a_state_kept_before_binding_is_not_judged():
    assert check(LoginBinding(None), cookie="anything", others=True) is BrowserCheck.UNBOUND


def test_each_login_has_its_own_cookie():
    first, second = login_cookie_name("state-1"), login_cookie_name("state-2")
    assert first != second
    assert first.startswith("lti_login_") and len(first) == len("lti_login_") + 16


@pytest.mark.parametrize(
    ("raw", "usable"),
    [
        ("_parent", "_parent"),
        ("post_message_forwarding", "post_message_forwarding"),
        ("", None),
        (None, None),
        ("x" * 65, None),
        ('a"><script>', None),
    ],
)
def test_only_a_frame_name_or_parent_is_a_storage_target(raw, usable):
    assert storage_target(raw) == usable
