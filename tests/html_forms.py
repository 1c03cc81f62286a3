"""Reads the forms of an HTML page, as a browser would submit them (for auto-submitted forms)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                Form(attributes.get("action", ""), (attributes.get("method") or "get").lower())
            )
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1].fields[attributes["name"]] = attributes.get("value") or ""


def forms_of(html: str) -> list[Form]:
    """Every form of the page with its action, method and named input values."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def csrf_token_of(html: str) -> str:
    """The CSRF token of the first form that carries one (every form of a session shares it)."""
    for form in forms_of(html):
        if "csrf_token" in form.fields:
            return form.fields["csrf_token"]
    raise AssertionError("the page has no form with a CSRF token")
