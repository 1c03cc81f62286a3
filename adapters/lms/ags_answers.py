"""How the platform's AGS answers become values or domain errors: statuses, JSON bodies and pages.

Every failure becomes a domain error with a message fit to show a teacher (the technical
detail stays on the exception chain), never a raw requests or JSON exception.
"""

from collections.abc import Iterator, Sequence

from adapters.lms.platform_services import ServiceAnswer, SharedTokenConnector
from adapters.lti import claims
from lti_tool.domain.errors import InvalidInput, NotFound, ServiceUnavailable

# https://www.imsglobal.org/spec/lti-ags/v2p0/#media-types-and-schemas
LINE_ITEM = "application/vnd.ims.lis.v2.lineitem+json"
LINE_ITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULT_CONTAINER = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"

# Either scope lets the tool read line items; only the first lets it change them.
LINE_ITEM_READERS = frozenset({claims.AGS_SCOPE_LINEITEM, claims.AGS_SCOPE_LINEITEM_READONLY})

GONE = "The gradebook column is no longer in the learning platform."
_REFUSED = (
    "The learning platform refused the tool access to its gradebook. Ask your administrator "
    "to allow the tool to use Assignment and Grade Services."
)
_UNREADABLE = "The learning platform sent gradebook data the tool cannot read."
_NOT_GRANTED = (
    "The platform did not grant this tool access to gradebook columns. Ask your administrator "
    "to allow the tool to use Assignment and Grade Services."
)


def require_scope(scopes: Sequence[str], needed: frozenset[str]) -> None:
    """Raises InvalidInput unless the launch granted one of the `needed` scopes."""
    if not needed.intersection(scopes):
        raise InvalidInput(_NOT_GRANTED)


def checked(answer: ServiceAnswer, failure: str, *, gone: str | None = None) -> ServiceAnswer:
    """The answer if it succeeded. Otherwise raises ServiceUnavailable: with `failure`, or
    saying access was refused (401, 403); or NotFound with `gone` for a 404 when it is given."""
    if answer.is_ok:
        return answer
    if answer.status in (401, 403):
        raise ServiceUnavailable(_REFUSED)
    if answer.status == 404 and gone:
        raise NotFound(gone)
    raise ServiceUnavailable(failure)


def unreadable() -> ServiceUnavailable:
    """The error for an answer that is not the JSON the specification describes."""
    return ServiceUnavailable(_UNREADABLE)


def json_of(answer: ServiceAnswer) -> object:
    """The answer's JSON body, None when empty; raises ServiceUnavailable when not JSON."""
    try:
        return answer.json()
    except ValueError as error:
        raise unreadable() from error


def pages(
    connector: SharedTokenConnector,
    scopes: Sequence[str],
    url: str,
    *,
    accept: str,
    failure: str,
    gone: str | None = None,
) -> Iterator[list[object]]:
    """Each page of a container (a JSON array), following rel="next" until there is none.

    A next link seen before ends the walk, so a platform linking in a circle cannot keep the
    tool reading. Raises as `checked` does, and ServiceUnavailable for a page that is not a
    JSON array.
    """
    seen: set[str] = set()
    next_url: str | None = url
    while next_url and next_url not in seen:
        seen.add(next_url)
        answer = checked(connector.send(scopes, "GET", next_url, accept=accept), failure, gone=gone)
        body = json_of(answer)
        if not isinstance(body, list):
            raise unreadable()
        yield body
        next_url = answer.next_page_url
