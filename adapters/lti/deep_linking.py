"""The tool's answer to a Deep Linking request: a signed LtiDeepLinkingResponse, built by
pylti1p3 (https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message)."""

from collections.abc import Sequence

from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from adapters.lti.stores import RegistrationLookup, ToolKeyLookup
from adapters.lti.tool_conf import signing_registration
from adapters.sealing import KeySealer
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.launch import DeepLinkRequest, PlacedResource


class DeepLinkResponder:
    """Signs the content items a teacher picked, for the platform that asked."""

    def __init__(
        self, *, registrations: RegistrationLookup, tool_keys: ToolKeyLookup, sealer: KeySealer
    ):
        self._registrations = registrations
        self._tool_keys = tool_keys
        self._sealer = sealer

    def response_jwt(
        self,
        request: DeepLinkRequest,
        resources: Sequence[PlacedResource],
        *,
        issuer: str,
        client_id: str,
        deployment_id: str,
    ) -> str:
        """The JWT to POST back to the platform's return URL; raises InvalidInput."""
        found = self._registrations.find(issuer, client_id)
        if found is None:
            raise InvalidInput("This course's platform is no longer registered with the tool.")
        registration = signing_registration(
            found, self._tool_keys.signing_key(), sealer=self._sealer
        )
        settings = {"deep_link_return_url": request.return_url}
        if request.data is not None:
            settings["data"] = request.data
        deep_link = DeepLink(registration, deployment_id, settings)
        return deep_link.get_response_jwt([_resource(item) for item in resources])


def _resource(item: PlacedResource) -> DeepLinkResource:
    line_item = (
        LineItem()
        .set_label(item.line_item_label)
        .set_tag(item.line_item_tag)
        .set_resource_id(item.line_item_tag)
        .set_score_maximum(item.score_maximum)
    )
    return (
        DeepLinkResource()
        .set_type("ltiResourceLink")
        .set_title(item.title)
        .set_url(item.url)
        .set_custom_params(item.custom)
        .set_lineitem(line_item)
    )
