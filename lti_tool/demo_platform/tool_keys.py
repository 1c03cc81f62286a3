"""The tool's public keys, fetched from its registered JWKS URL each time Moodle needs one.

Moodle's token.php and contentitem_return.php both verify what the tool signed with a key of
its key set (mod/lti/locallib.php lti_verify_with_keyset); the emulator fetches it every time.
"""

import jwt
import requests

from lti_tool.demo_platform.errors import DemoPlatformError

JWKS_TIMEOUT = 10  # seconds


class ToolKeyError(DemoPlatformError):
    """The tool's key set could not be read, or holds no key with the JWT's `kid`."""

    default_message = "no key of the tool verifies this JWT"


def tool_key(http: requests.Session, jwks_url: str, kid: object) -> jwt.PyJWK:
    """The key of the tool's JWKS (fetched now with `http`) whose id is `kid`.

    Raises ToolKeyError when the key set cannot be fetched or parsed, or names no such key.
    """
    try:
        response = http.get(jwks_url, timeout=JWKS_TIMEOUT)
        response.raise_for_status()
        keyset = jwt.PyJWKSet.from_dict(response.json())
    except (requests.RequestException, ValueError, jwt.PyJWTError) as error:
        raise ToolKeyError(f"could not read the tool's JWKS at {jwks_url}") from error
    for key in keyset.keys:
        if kid and key.key_id == kid:
            return key
    raise ToolKeyError('"kid" invalid, unable to lookup correct key')
