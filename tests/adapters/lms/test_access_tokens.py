"""Access tokens for the platform's services: shared, kept per client, renewed when revoked."""

import pytest
import requests
import responses

from adapters.lms.ags_line_items import AgsLineItems
from adapters.lms.platform_services import PlatformServices
from lti_tool.domain.errors import ServiceUnavailable
from lti_tool.domain.platforms import PlatformRegistration
from tests.adapters.lms.conftest import OneRegistration, OneToolKey, TokensInMemory
from tests.adapters.lms.support import ISSUER, LINEITEM, REFUSED, SCOPES, TOKEN_URL


class TwoClientsOfOneLms:
    """One Moodle on which two schools registered the tool, each with its own client id."""

    def find(self, issuer, client_id):
        return PlatformRegistration(ISSUER, client_id, f"{ISSUER}/auth", TOKEN_URL, "x", ("1",))


def answer_tokens(mock: responses.RequestsMock, *tokens: str) -> None:
    """The token endpoint hands out `tokens` in turn."""
    handed = iter(tokens)
    mock.add_callback(
        responses.POST,
        TOKEN_URL,
        callback=lambda request: (
            200,
            {},
            f'{{"access_token": "{next(handed)}", "expires_in": 3600}}',
        ),
    )


def accept_only(mock: responses.RequestsMock, token: str) -> None:
    """Deleting the column works with `token`; any other is refused with a 401."""

    def delete(request):
        return (
            (204, {}, "")
            if request.headers["Authorization"] == f"Bearer {token}"
            else (401, {}, "")
        )

    mock.add_callback(responses.DELETE, LINEITEM, callback=delete)


def delete_column(line_items: AgsLineItems, client_id: str = "client") -> bool:
    return line_items.delete(
        issuer=ISSUER, client_id=client_id, lineitem_url=LINEITEM, scopes=SCOPES
    )


def test_a_token_the_platform_revoked_early_is_replaced_once(sealer, tool_key):
    tokens = TokensInMemory()
    line_items = AgsLineItems(services=services_with(sealer, tool_key, tokens))
    with responses.RequestsMock() as mock:
        answer_tokens(mock, "first", "second")
        accept_only(mock, "first")
        assert delete_column(line_items)
    with responses.RequestsMock() as mock:  # the platform forgot "first" (e.g. it was restarted)
        answer_tokens(mock, "second")
        accept_only(mock, "second")
        assert delete_column(line_items)
        assert [call.request.url for call in mock.calls] == [LINEITEM, TOKEN_URL, LINEITEM]
    assert list(tokens.values()) == ["second"]


def test_a_new_token_that_is_refused_too_is_reported(sealer, tool_key):
    line_items = AgsLineItems(services=services_with(sealer, tool_key, TokensInMemory()))
    with responses.RequestsMock() as mock:
        answer_tokens(mock, "first", "second")
        accept_only(mock, "another")
        with pytest.raises(ServiceUnavailable, match=REFUSED):
            delete_column(line_items)
        assert len([call for call in mock.calls if call.request.url == TOKEN_URL]) == 2


def test_two_clients_on_one_platform_never_share_a_token(sealer, tool_key):
    tokens = TokensInMemory()
    line_items = AgsLineItems(
        services=PlatformServices(
            registrations=TwoClientsOfOneLms(),
            tool_keys=OneToolKey(tool_key),
            sealer=sealer,
            session=requests.Session(),
            tokens=tokens,
        )
    )
    with responses.RequestsMock() as mock:
        answer_tokens(mock, "school-a", "school-b")
        mock.add(responses.DELETE, LINEITEM, status=204)
        assert delete_column(line_items, "school-a-client")
        assert delete_column(line_items, "school-b-client")
    assert sorted(tokens.values()) == ["school-a", "school-b"]


def services_with(sealer, tool_key, tokens) -> PlatformServices:
    return PlatformServices(
        registrations=OneRegistration(),
        tool_keys=OneToolKey(tool_key),
        sealer=sealer,
        session=requests.Session(),
        tokens=tokens,
    )
