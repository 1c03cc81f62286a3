"""The reference stack fixture: one node process per test module.

Without `npm ci` in tests/interop (or without node) the interop tests are skipped, unless
INTEROP_REQUIRED is set, as .ci/run sets it: then they fail, saying how to install the stack.
"""

import os

import pytest

from tests.interop.client import HarnessNotInstalled, ReferenceStack
from tests.interop.tool_credentials import ToolIssuers


@pytest.fixture(scope="module")
def reference_stack():
    try:
        with ReferenceStack() as stack:
            yield stack
    except HarnessNotInstalled as error:
        if os.environ.get("INTEROP_REQUIRED"):
            pytest.fail(f"INTEROP_REQUIRED is set but {error}")
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def tool():
    return ToolIssuers()
