"""What the emulated Moodle's views share: the DemoMoodle, JSON answers, auto-submit forms."""

import json
from collections.abc import Mapping

from flask import Response, current_app, render_template

from lti_tool.demo_platform.platform import DemoMoodle


def current_platform() -> DemoMoodle:
    """The DemoMoodle the app keeps in `extensions["demo_platform"]`."""
    return current_app.extensions["demo_platform"]


def json_response(
    body: object,
    *,
    content_type: str,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    indent: int | None = None,
) -> Response:
    """A JSON body with Moodle's exact Content-Type (keys stay in insertion order)."""
    text = json.dumps(body, indent=indent, ensure_ascii=False)
    return Response(text, status=status, content_type=content_type, headers=dict(headers or {}))


def autosubmit_form(*, form_name: str, action: str, fields: Mapping[str, str], title: str) -> str:
    """A page whose inline script POSTs `fields` to `action` at once, as Moodle's LTI forms do.

    A <noscript> button lets the person submit it without JavaScript.
    """
    return render_template(
        "demo_platform/autosubmit.html",
        form_name=form_name,
        action=action,
        fields=fields,
        title=title,
    )
