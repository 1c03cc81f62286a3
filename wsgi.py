"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi run`."""

from lti_tool.app import create_app

app = create_app()
