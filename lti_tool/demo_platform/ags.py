"""Moodle's Assignment and Grade Services: line items, results and scores under services.php.

Follows mod/lti/service/gradebookservices; compare with tests/vectors/moodle-5.1/06-11d.
https://www.imsglobal.org/spec/lti-ags/v2p0/
"""

import json
from datetime import UTC, datetime
from urllib.parse import quote

from flask import Response, request

from lti_tool.demo_platform import claims
from lti_tool.demo_platform.errors import ScoreRejectedError, ServiceError
from lti_tool.demo_platform.gradebook import Grade, LineItem
from lti_tool.demo_platform.platform import DemoMoodle
from lti_tool.demo_platform.service_calls import (
    check_media_type,
    int_param,
    require_course,
    require_token,
    required_type_id,
)
from lti_tool.demo_platform.web import current_platform, json_response

_CONTAINER_FORMATS = (claims.LINEITEM_CONTAINER_TYPE, claims.LINEITEM_TYPE)
_CHARSET = "; charset=utf-8"
_LINEITEM_READERS = (claims.SCOPE_LINEITEM, claims.SCOPE_LINEITEM_READONLY)
# Moodle answers results?limit=… with a PHP error page (its results paging has no "last" link).
_NO_RESULTS_PAGING = (
    '<!DOCTYPE html>\n<html dir="ltr" lang="en">\n'
    "<head><title>Error | demo-vet</title></head>\n"
    "<body><p>Error: the results service does not page (limit is not supported).</p></body>\n"
    "</html>\n"
)
_ERROR_PAGE_HEADERS = {
    "Content-Type": "text/html" + _CHARSET,
    "Cache-Control": "private, pre-check=0, post-check=0, max-age=0, no-transform",
}


def lineitems(course_id: str):
    """GET the course's line items (filters, paging) or POST a new one."""
    platform = current_platform()
    check_media_type(_CONTAINER_FORMATS)
    is_post = request.method == "POST"
    scopes = (claims.SCOPE_LINEITEM,) if is_post else _LINEITEM_READERS
    require_token(platform, scopes, type_id=required_type_id())
    media = request.headers.get("Content-Type" if is_post else "Accept", "")
    is_container = not media or media == claims.LINEITEM_CONTAINER_TYPE
    if is_container == is_post or (media and media not in _CONTAINER_FORMATS):
        raise ServiceError(400, "No context or unsupported content type")
    require_course(platform, course_id)
    if is_post:
        body = _json_body()
        return _echo(platform, platform.gradebook.add_line_item(body), body, status=201)
    return _line_item_list(platform)


def lineitem(course_id: str, item_id: str):
    """GET, PUT or DELETE one line item."""
    platform = current_platform()
    check_media_type((claims.LINEITEM_TYPE,))
    scopes = _LINEITEM_READERS if request.method == "GET" else (claims.SCOPE_LINEITEM,)
    require_token(platform, scopes, type_id=required_type_id())
    item = _line_item_or_404(platform, course_id, item_id)
    if request.method == "PUT":
        body = _json_body()
        return _echo(platform, platform.gradebook.update_line_item(item.id, body), body)
    if request.method == "DELETE":
        platform.gradebook.delete_line_item(item.id)
        return Response("", 204, content_type="text/html" + _CHARSET)
    return json_response(item_json(platform, item), content_type=claims.LINEITEM_TYPE + _CHARSET)


def results(course_id: str, item_id: str):
    """GET the results of a line item: only users with a grade, `user_id` keeping one."""
    platform = current_platform()
    check_media_type((claims.RESULT_CONTAINER_TYPE,))
    require_token(platform, (claims.SCOPE_RESULT_READONLY,), type_id=required_type_id())
    accept = request.headers.get("Accept", "")
    if accept and accept != claims.RESULT_CONTAINER_TYPE:
        raise ServiceError(400, "Invalid request made.")
    item = _line_item_or_404(platform, course_id, item_id)
    grades = platform.gradebook.results(item.id, user_id=int_param("user_id"))
    if grades and int_param("limit") > 0:
        return Response(_NO_RESULTS_PAGING, 404, headers=_ERROR_PAGE_HEADERS)
    body = [result_json(platform, item, grade) for grade in grades]
    return json_response(body, content_type=claims.RESULT_CONTAINER_TYPE + _CHARSET)


def scores(course_id: str, item_id: str):
    """POST a score: 200 with no body; 400 `[]` when incomplete, 409 `[]` when not newer."""
    platform = current_platform()
    check_media_type((claims.SCORE_CONTAINER_TYPE, claims.SCORE_TYPE))
    require_token(platform, (claims.SCOPE_SCORE,), type_id=required_type_id())
    if request.headers.get("Content-Type") != claims.SCORE_TYPE:
        raise ServiceError(400)
    item = _line_item_or_404(platform, course_id, item_id)
    content_type = claims.SCORE_TYPE + _CHARSET
    try:
        platform.gradebook.post_score(item.id, _json_body())
    except ScoreRejectedError as error:
        return Response("[]", error.status, content_type=content_type)
    return Response("", 200, content_type=content_type)


def item_json(platform: DemoMoodle, item: LineItem) -> dict[str, object]:
    """A line item as Moodle's item_for_json writes it."""
    body: dict[str, object] = {
        "id": platform.urls.lineitem(item.id) + platform.urls.type_query,
        "label": item.label,
        "scoreMaximum": _number(item.score_maximum),
        "resourceId": item.resource_id,
        "tag": item.tag,
    }
    if item.resource_link_id is not None:
        body["resourceLinkId"] = body["ltiLinkId"] = item.resource_link_id
    return body


def result_json(platform: DemoMoodle, item: LineItem, grade: Grade) -> dict[str, object]:
    """A grade as Moodle's result_for_json writes it."""
    lineitem_url = platform.urls.lineitem(item.id)
    body: dict[str, object] = {
        "id": f"{lineitem_url}/results?type_id={platform.type_id}&user_id={grade.user_id}",
        "userId": str(grade.user_id),
        "resultScore": _number(grade.score),
        "resultMaximum": _number(item.score_maximum),
    }
    if grade.comment:
        body["comment"] = grade.comment
    body["scoreOf"] = lineitem_url + platform.urls.type_query
    body["timestamp"] = datetime.fromtimestamp(grade.timestamp, UTC).isoformat()
    return body


def _line_item_list(platform: DemoMoodle) -> Response:
    link_id = request.args.get("resource_link_id", request.args.get("lti_link_id"))
    filters = {
        "resource_id": request.args.get("resource_id"),
        "resource_link_id": link_id,
        "tag": request.args.get("tag"),
    }
    items = platform.gradebook.line_items(**filters)
    limit, start = int_param("limit"), int_param("from")
    headers = {}
    if limit > 0:
        headers["Link"] = _paging_links(platform, filters, limit, start, total=len(items))
        items = items[max(start, 0) : max(start, 0) + limit]
    body = [item_json(platform, item) for item in items]
    content_type = claims.LINEITEM_CONTAINER_TYPE + _CHARSET
    return json_response(body, content_type=content_type, headers=headers)


def _paging_links(
    platform: DemoMoodle, filters: dict[str, str | None], limit: int, start: int, *, total: int
) -> str:
    """Moodle's Link header for line item pages, quirks kept: curly quotes around rel values,
    `&amp;` between parameters, and a "last" page one past the real one."""
    params = [(name, value) for name, value in filters.items() if value is not None]
    params += [("type_id", str(platform.type_id)), ("limit", str(limit))]

    def page(offset: int) -> str:
        query = [*params, ("from", str(offset))]
        pairs = (f"{name}={quote(value, safe='')}" for name, value in query)
        return f"{platform.urls.lineitems}?{'&amp;'.join(pairs)}"

    is_in_range = 0 <= start < total
    links = [(page(0), "first")]
    if start > 0 and is_in_range:
        links.append((page(max(start - limit, 0)), "prev"))
    links.append((page(start), "canonical"))
    if start + limit <= total - 1 and is_in_range:
        links.append((page(start + limit), "next"))
    links.append((page(max(total - limit + 1, 0)), "last"))
    value = ", ".join(f"<{url}>; rel=“{rel}”" for url, rel in links)
    # Moodle sends the curly quotes as UTF-8 bytes; WSGI header strings carry bytes as Latin-1.
    return value.encode("utf-8").decode("latin-1")


def _line_item_or_404(platform: DemoMoodle, course_id: str, item_id: str) -> LineItem:
    require_course(platform, course_id)
    item = platform.gradebook.line_item(int(item_id)) if item_id.isdigit() else None
    if item is None:
        raise ServiceError(404, f"Not Found: Grade item {item_id} doesn't exist")
    return item


def _echo(platform: DemoMoodle, item: LineItem, body: dict, *, status: int = 200) -> Response:
    """The request's JSON with the line item's id set: what Moodle answers a POST or PUT."""
    body = {**body}
    body["id"] = platform.urls.lineitem(item.id) + platform.urls.type_query
    return json_response(body, status=status, content_type=claims.LINEITEM_TYPE + _CHARSET)


def _json_body() -> object:
    try:
        return json.loads(request.get_data(as_text=True))
    except ValueError:
        return None


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value
