"""`flask` commands: thin entry points to services."""

import click
from flask import Flask
from flask.cli import AppGroup

from lti_tool import demo_setup
from lti_tool.container import container
from lti_tool.services import demo, tool_keys


def register(app: Flask) -> None:
    app.cli.add_command(lti_group)
    app.cli.add_command(demo_group)


@click.group("lti", cls=AppGroup, help="The tool's LTI configuration.")
def lti_group() -> None:
    pass


@lti_group.group("keys", help="The tool's LTI signing keys.")
def keys_group() -> None:
    pass


@keys_group.command("init", help="Make the tool's first LTI key if it has none.")
def keys_init() -> None:
    deps = container()
    kid = tool_keys.ensure_tool_key(uow=deps.uow(), tool_keys=deps.tool_keys)
    click.echo(f"LTI signing key: {kid}")


@click.group("demo", cls=AppGroup, help="The demo of `make run`.")
def demo_group() -> None:
    pass


@demo_group.command("load", help="Load the demo organisations and platform (kept if present).")
def demo_load() -> None:
    deps = container()
    tool_keys.ensure_tool_key(uow=deps.uow(), tool_keys=deps.tool_keys)
    created = demo.load_demo(
        **demo_setup.demo_specs(deps.base_url), uow=deps.uow(), issuer=deps.issuer, clock=deps.clock
    )
    click.echo("Demo loaded." if created else "Demo already loaded; nothing changed.")
    click.echo(f"Open {deps.base_url}/ and choose “Launch as teacher” or “Launch as learner”.")
