"""LTI Deep Linking 2.0 as Moodle 5.1 does it: the settings its request carries, and its reading
of the tool's response on contentitem_return.php.

Moodle reads the response in mod/lti/locallib.php (lti_convert_from_jwt, lti_verify_jwt_signature,
lti_convert_content_items, content_item_to_form): it checks that `iss` is the tool's client id,
the signature against the tool's key set, and `exp`, `iat` and `nbf`. The emulator also refuses
what the spec requires and Moodle only logs or ignores (`aud`, `nonce`, message type, version,
deployment id), so that a tool gets these wrong here rather than on a stricter platform.
https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
"""

import math
from dataclasses import dataclass
from typing import Any

import jwt
import requests

from lti_tool.demo_platform import claims, seed
from lti_tool.demo_platform.errors import DemoPlatformError
from lti_tool.demo_platform.site import ToolRegistration
from lti_tool.demo_platform.tool_keys import ToolKeyError, tool_key

# lti_build_content_item_selection_request: only LTI links, in any of Moodle's containers.
ACCEPT_TYPES = (claims.RESOURCE_LINK_ITEM,)
ACCEPT_PRESENTATION_DOCUMENT_TARGETS = ("frame", "iframe", "window")
DEFAULT_SCORE_MAXIMUM = 100.0  # content_item_to_form's grade when the lineItem names none


class DeepLinkingError(DemoPlatformError):
    """A deep linking response contentitem_return.php refuses (the emulator answers 400)."""

    default_message = "invalid deep linking response"


@dataclass(frozen=True)
class LineItemRequest:
    """The gradebook column a content item asks for: its `lineItem`."""

    label: str
    score_maximum: float
    resource_id: str
    tag: str


@dataclass(frozen=True)
class ResourceLinkItem:
    """An `ltiResourceLink` content item, read as Moodle's content_item_to_form reads it:
    `title` falls back to the tool's name, `text` is the item's `html` or `text`, `custom`
    holds the custom parameters in Moodle's spelling, and `launch_container` comes from the
    item's `iframe` or `window`."""

    title: str
    text: str
    url: str
    custom: dict[str, str]
    launch_container: int
    line_item: LineItemRequest | None


@dataclass(frozen=True)
class DeepLinkingResponse:
    """What the tool answered: its content items as received, the LTI links among them, and
    the message (`msg`) or error message (`errormsg`) it wants shown."""

    content_items: list[Any]
    links: list[ResourceLinkItem]
    message: str
    error_message: str


def deep_linking_settings(*, return_url: str, title: str, text: str) -> dict[str, object]:
    """The deep_linking_settings claim, member for member as Moodle 5.1 sends it (no `data`)."""
    return {
        "accept_types": list(ACCEPT_TYPES),
        "accept_presentation_document_targets": list(ACCEPT_PRESENTATION_DOCUMENT_TARGETS),
        "accept_copy_advice": False,
        "accept_multiple": True,
        "accept_unsigned": False,
        "auto_create": False,
        "can_confirm": False,
        "deep_link_return_url": return_url,
        "title": title,
        "text": text,
    }


def read_response(
    token: str,
    *,
    tool: ToolRegistration,
    issuer: str,
    deployment_id: str,
    now: float,
    http: requests.Session,
) -> DeepLinkingResponse:
    """The response a `JWT` form field holds, once verified with the tool's key set (fetched
    now with `http`) and checked as above. Raises DeepLinkingError naming the problem."""
    try:
        header = jwt.get_unverified_header(token)
        payload = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise DeepLinkingError("JWT is not a valid JSON Web Token") from error
    if payload.get("iss") != tool.client_id:
        raise DeepLinkingError("Consumer key is incorrect.")
    try:
        key = tool_key(http, tool.jwks_url, header.get("kid"))
        jwt.decode(token, key, algorithms=["RS256"], options=_SIGNATURE)
    except ToolKeyError as error:
        raise DeepLinkingError(error.message) from error
    except jwt.InvalidSignatureError as error:
        raise DeepLinkingError("Signature verification failed") from error
    except jwt.PyJWTError as error:
        raise DeepLinkingError(str(error)) from error
    _check_claims(payload, issuer=issuer, deployment_id=deployment_id, now=now)
    items = payload.get(claims.CONTENT_ITEMS, [])
    if not isinstance(items, list):
        raise DeepLinkingError("Invalid Content-Item response format.")
    links = [
        _resource_link(item, tool_name=tool.name)
        for item in items
        if isinstance(item, dict) and item.get("type") == claims.RESOURCE_LINK_ITEM
    ]
    return DeepLinkingResponse(
        content_items=items,
        links=links,
        message=str(payload.get(claims.DL_MSG) or ""),
        error_message=str(payload.get(claims.DL_ERRORMSG) or ""),
    )


def _check_claims(payload: dict[str, Any], *, issuer: str, deployment_id: str, now: float) -> None:
    audience = payload.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if issuer not in audiences:
        raise DeepLinkingError(f"aud must be the platform's issuer {issuer}")
    expires, issued, not_before = payload.get("exp"), payload.get("iat"), payload.get("nbf")
    if not _is_number(expires) or not _is_number(issued):
        raise DeepLinkingError("exp and iat are required")
    if expires <= now:
        raise DeepLinkingError("Expired token")
    for name, value in (("nbf", not_before), ("iat", issued)):
        if _is_number(value) and value > now:
            raise DeepLinkingError(f"Cannot handle token prior to {name}")
    if not payload.get("nonce"):
        raise DeepLinkingError("nonce is required")
    if payload.get(claims.MESSAGE_TYPE) != claims.DEEP_LINKING_RESPONSE:
        raise DeepLinkingError(f"message_type must be {claims.DEEP_LINKING_RESPONSE}")
    if payload.get(claims.VERSION) != claims.LTI_VERSION:
        raise DeepLinkingError(f"version must be {claims.LTI_VERSION}")
    if payload.get(claims.DEPLOYMENT_ID) != deployment_id:
        raise DeepLinkingError(f"deployment_id must be {deployment_id}")


def _resource_link(item: dict[str, Any], *, tool_name: str) -> ResourceLinkItem:
    """An ltiResourceLink item as an activity's settings (content_item_to_form)."""
    text = item.get("html", item.get("text"))
    return ResourceLinkItem(
        title=str(item.get("title") or "") or tool_name,
        text="" if text is None else str(text),
        url=str(item.get("url") or ""),
        custom=_custom(item.get("custom")),
        launch_container=_launch_container(item),
        line_item=_line_item(item.get("lineItem")),
    )


def _custom(custom: object) -> dict[str, str]:
    """Custom parameters as Moodle stores and launches them (lti_split_custom_parameters):
    the key lowercased with anything but a-z and 0-9 made `_`, then the key as given."""
    if custom is None:
        return {}
    if not isinstance(custom, dict) or not all(isinstance(v, str) for v in custom.values()):
        raise DeepLinkingError("custom must map names to string values")
    spelled: dict[str, str] = {}
    for key, value in custom.items():
        name = str(key).strip()
        mapped = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in name.lower())
        spelled[mapped] = spelled[name] = value.strip()
    return spelled


def _launch_container(item: dict[str, Any]) -> int:
    """lti_convert_content_items prefers `iframe` to `window`; neither keeps the default."""
    if isinstance(item.get("iframe"), dict):
        return seed.EMBED
    if isinstance(item.get("window"), dict):
        return seed.NEW_WINDOW
    return seed.REPLACE_MOODLE_WINDOW


def _line_item(line_item: object) -> LineItemRequest | None:
    if line_item is None:
        return None
    if not isinstance(line_item, dict):
        raise DeepLinkingError("lineItem must be an object")
    maximum = line_item.get("scoreMaximum", DEFAULT_SCORE_MAXIMUM)
    if not _is_number(maximum) or maximum <= 0:
        raise DeepLinkingError("lineItem scoreMaximum must be a positive number")
    return LineItemRequest(
        label=str(line_item.get("label") or ""),
        score_maximum=float(maximum),
        resource_id=str(line_item.get("resourceId") or ""),
        tag=str(line_item.get("tag") or ""),
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# Lifetime claims are checked against the injected clock, so PyJWT checks the signature only.
_SIGNATURE = {
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
}
