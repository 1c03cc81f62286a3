"""Jinja filters and globals the pages share."""

from decimal import Decimal

from flask import Flask
from flask_babel import get_locale

from lti_tool import launch_session


def number(value: Decimal | int | float) -> str:
    """A number without trailing zeros and never in exponent form (10, not 1E+1)."""
    return f"{Decimal(value).normalize():f}"


def register(app: Flask) -> None:
    app.add_template_filter(number)
    app.add_template_global(get_locale)
    app.add_template_global(launch_session.current, "current_launch")
