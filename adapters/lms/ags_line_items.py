"""Gradebook columns (AGS line items): found by tag or resource link over every page, added,
changed and removed.

https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service — as Moodle 5.1 answers in
tests/vectors/moodle-5.1/06-09b.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from adapters.lms.ags_answers import (
    GONE,
    LINE_ITEM,
    LINE_ITEM_CONTAINER,
    LINE_ITEM_READERS,
    checked,
    json_of,
    pages,
    require_scope,
    unreadable,
)
from adapters.lms.platform_services import (
    PlatformServices,
    ServiceAnswer,
    SharedTokenConnector,
    with_query,
)
from adapters.lti import claims
from lti_tool.domain.errors import NotAllowed

_LINE_ITEM_WRITERS = frozenset({claims.AGS_SCOPE_LINEITEM})
# The members LineItem names (Moodle names the resource link twice, as `resourceLinkId` and the
# draft's `ltiLinkId`); any other member is kept as it came and sent back on update.
_NAMED = frozenset(
    {"id", "label", "scoreMaximum", "tag", "resourceId", "resourceLinkId", "ltiLinkId"}
)
_NO_LINE_ITEMS = "The learning platform did not return the gradebook columns."
_NOT_ADDED = "The learning platform did not add the gradebook column."
_NOT_CHANGED = "The learning platform did not change the gradebook column."
_NOT_REMOVED = "The learning platform did not remove the gradebook column."
_KEPT = "The learning platform does not let the tool remove this gradebook column."


@dataclass(frozen=True)
class LineItem:
    """A gradebook column: what the tool sets, `url` (the specification's `id`) once the
    platform made it, and the members the tool does not use, sent back unchanged on update."""

    label: str
    score_maximum: Decimal
    tag: str = ""
    resource_id: str = ""
    resource_link_id: str | None = None
    url: str = ""
    other_members: Mapping[str, object] = field(default_factory=dict, hash=False)


class AgsLineItems:
    """Finds, adds, changes and removes the gradebook columns of a course."""

    def __init__(self, *, services: PlatformServices):
        self._services = services

    def line_items(
        self,
        *,
        issuer: str,
        client_id: str,
        lineitems_url: str,
        scopes: Sequence[str],
        tag: str | None = None,
        resource_link_id: str | None = None,
        page_size: int | None = None,
    ) -> list[LineItem]:
        """The course's line items over every page; only those with `tag` and of
        `resource_link_id` when given (checked here too, for a platform ignoring the filters).

        Raises InvalidInput when the platform did not grant line items, ServiceUnavailable
        when it fails.
        """
        require_scope(scopes, LINE_ITEM_READERS)
        connector = self._services.connector(issuer, client_id)
        return find_line_items(
            connector,
            scopes,
            lineitems_url,
            tag=tag,
            resource_link_id=resource_link_id,
            page_size=page_size,
        )

    def create(
        self,
        line_item: LineItem,
        *,
        issuer: str,
        client_id: str,
        lineitems_url: str,
        scopes: Sequence[str],
    ) -> LineItem:
        """The line item as the platform made it, with its `url`; `line_item.url` is ignored.

        Raises InvalidInput when the platform did not grant changing line items,
        ServiceUnavailable when it refuses or fails.
        """
        require_scope(scopes, _LINE_ITEM_WRITERS)
        sent = {name: value for name, value in _json_of(line_item).items() if name != "id"}
        answer = self._services.connector(issuer, client_id).send(
            scopes, "POST", lineitems_url, accept=LINE_ITEM, body=sent, content_type=LINE_ITEM
        )
        return _line_item_from({**sent, **_object_of(checked(answer, _NOT_ADDED))})

    def update(
        self, line_item: LineItem, *, issuer: str, client_id: str, scopes: Sequence[str]
    ) -> LineItem:
        """The line item as the platform keeps it after a PUT of the whole of `line_item` to
        its `url` (a renamed micro-credential, say); members left out would be cleared.

        Raises InvalidInput when the platform did not grant changing line items, NotFound
        when the line item is gone, ServiceUnavailable when the platform refuses or fails;
        ValueError for a line item the platform never made (no `url`).
        """
        if not line_item.url:
            raise ValueError("only a line item read from the platform can be updated")
        require_scope(scopes, _LINE_ITEM_WRITERS)
        sent = _json_of(line_item)
        answer = self._services.connector(issuer, client_id).send(
            scopes, "PUT", line_item.url, accept=LINE_ITEM, body=sent, content_type=LINE_ITEM
        )
        changed = checked(answer, _NOT_CHANGED, gone=GONE)
        return _line_item_from({**sent, **_object_of(changed)})

    def delete(
        self, *, issuer: str, client_id: str, lineitem_url: str, scopes: Sequence[str]
    ) -> bool:
        """Remove the line item and its grades; False when it was already gone.

        Raises InvalidInput when the platform did not grant changing line items, NotAllowed
        when it keeps this one (Moodle: the activity's own column, 403), ServiceUnavailable
        when it fails.
        """
        require_scope(scopes, _LINE_ITEM_WRITERS)
        answer = self._services.connector(issuer, client_id).send(scopes, "DELETE", lineitem_url)
        if answer.status == 404:
            return False
        if answer.status == 403:
            raise NotAllowed(_KEPT)
        checked(answer, _NOT_REMOVED)
        return True


def find_line_items(
    connector: SharedTokenConnector,
    scopes: Sequence[str],
    lineitems_url: str,
    *,
    tag: str | None = None,
    resource_link_id: str | None = None,
    page_size: int | None = None,
) -> list[LineItem]:
    """What `AgsLineItems.line_items` returns, over a connection the caller already has."""
    url = with_query(lineitems_url, tag=tag, resource_link_id=resource_link_id, limit=page_size)
    found = [
        _line_item_from(body)
        for page in pages(
            connector, scopes, url, accept=LINE_ITEM_CONTAINER, failure=_NO_LINE_ITEMS
        )
        for body in page
    ]
    return [
        item
        for item in found
        if tag in (None, item.tag) and resource_link_id in (None, item.resource_link_id)
    ]


def _json_of(line_item: LineItem) -> dict[str, object]:
    """The line item as the specification's JSON."""
    body = {**line_item.other_members, "label": line_item.label}
    maximum = line_item.score_maximum
    body["scoreMaximum"] = (
        int(maximum) if maximum == maximum.to_integral_value() else float(maximum)
    )
    named = {
        "tag": line_item.tag,
        "resourceId": line_item.resource_id,
        "resourceLinkId": line_item.resource_link_id,
        "id": line_item.url,
    }
    return body | {name: value for name, value in named.items() if value}


def _line_item_from(body: object) -> LineItem:
    """A line item from the platform's JSON, which must have an `id`, a label and a numeric
    maximum; raises ServiceUnavailable when it is not one."""
    if not isinstance(body, dict) or not body.get("id") or "label" not in body:
        raise unreadable()
    maximum = body.get("scoreMaximum")
    try:
        score_maximum = Decimal(str(maximum))
    except InvalidOperation as error:
        raise unreadable() from error
    if isinstance(maximum, bool) or not score_maximum.is_finite():
        raise unreadable()
    link_id = body.get("resourceLinkId") or body.get("ltiLinkId")
    return LineItem(
        label=str(body["label"]),
        score_maximum=score_maximum,
        tag=str(body.get("tag") or ""),
        resource_id=str(body.get("resourceId") or ""),
        resource_link_id=str(link_id) if link_id else None,
        url=str(body["id"]),
        other_members={name: value for name, value in body.items() if name not in _NAMED},
    )


def _object_of(answer: ServiceAnswer) -> dict[str, object]:
    """The JSON object of an answer, empty for an empty body (a platform answering 204)."""
    body = json_of(answer)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise unreadable()
    return body
