"""Checking credentials against a JSON Schema given at run time, e.g. 1EdTech's official OB3
schema, which the project may not ship (its licence forbids it; see docs/decisions/0010).

An operator downloads the schema files and runs `flask credentials check-schema`; nothing is
fetched: a `$ref` must name one of the files given.
"""

import json
from collections.abc import Sequence

from jsonschema import Draft202012Validator, SchemaError, ValidationError
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import specification_with

from lti_tool.domain.errors import InvalidInput

_MAX_SHOWN = 60  # characters of a value quoted in a problem


class JsonSchemaCheck:
    """The first schema, with the others available to its `$ref`s; `problems` never raises."""

    def __init__(self, schema_texts: Sequence[bytes]):
        """Raises InvalidInput when a file is not JSON or not a valid JSON Schema."""
        if not schema_texts:
            raise InvalidInput("Give at least one JSON Schema file.")
        schemas = [_parsed(number, text) for number, text in enumerate(schema_texts, 1)]
        root = schemas[0]
        validator_class = validator_for(root, default=Draft202012Validator)
        try:
            validator_class.check_schema(root)
        except SchemaError as error:
            raise InvalidInput(
                f"The first file is not a valid JSON Schema: {error.message}"
            ) from None
        registry = Registry().with_resources(
            (schema["$id"], Resource.from_contents(schema, default_specification=_spec(schema)))
            for schema in schemas
            if isinstance(schema.get("$id"), str)
        )
        self.name = root.get("$id") or root.get("title") or "the given schema"
        self._validator = validator_class(
            root, registry=registry, format_checker=validator_class.FORMAT_CHECKER
        )

    def problems(self, document: object) -> list[str]:
        """Every place where `document` departs from the schema, in document order."""
        try:
            errors = sorted(
                self._validator.iter_errors(document), key=lambda e: list(map(str, e.path))
            )
        except Unresolvable as error:
            return [f"the schema refers to {error.ref}, which is not among the files given"]
        return [schema_problem(error) for error in errors]


def schema_problem(error: ValidationError) -> str:
    """One schema error in plain words, with where it is in the document."""
    where = ".".join(str(step) for step in error.absolute_path) or "the credential"
    if error.validator == "required":
        return f"{where} lacks {error.message.split(' is a required')[0]}"
    # jsonschema quotes the whole value; of a long one, the start says enough.
    value = repr(error.instance)
    shown = value if len(value) <= _MAX_SHOWN else value[:_MAX_SHOWN] + "…"
    return f"{where}: {error.message.replace(value, shown)}"


def _parsed(number: int, text: bytes) -> dict:
    try:
        schema = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(f"Schema file {number} is not JSON: {error}") from None
    if not isinstance(schema, dict):
        raise InvalidInput(f"Schema file {number} is not a JSON Schema object.")
    return schema


def _spec(schema: dict):
    return specification_with(
        schema.get("$schema", "https://json-schema.org/draft/2020-12/schema"),
        default=specification_with("https://json-schema.org/draft/2020-12/schema"),
    )
