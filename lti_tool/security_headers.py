"""Strict response headers; the tool's pages may be framed only by LMSs (Moodle's iframe)."""

from flask import Response, request

# Pages are framed by the LMS, so `frame-ancestors` cannot be 'none'; any https origin may
# frame them (platform origins are not known per request yet), and plain http only locally.
_CSP = (
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
    "form-action {form_action}; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'self' https: http://127.0.0.1:* http://localhost:*"
)


def content_security_policy(*, form_action: str = "'self'") -> str:
    """The tool's policy; a page that posts back to the LMS names that one origin."""
    return _CSP.format(form_action=form_action)


def add_security_headers(response: Response) -> Response:
    """Add the headers every response carries; the demo platform, another system, keeps its own."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin-allow-popups")
    if request.blueprint != "demo_platform":
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
