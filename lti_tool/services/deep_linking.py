"""Use case of Deep Linking: the teacher places a micro-credential in the course, with its
gradebook column, from the LMS's activity chooser."""

from dataclasses import dataclass

from lti_tool.domain.credentials import gradebook_tag
from lti_tool.domain.launch import DeepLinkRequest, PlacedResource
from lti_tool.services.definitions import micro_credential_in_course
from lti_tool.services.ports import DeepLinkResponder
from lti_tool.services.uow import UnitOfWork

SCORE_MAXIMUM = 100


@dataclass(frozen=True)
class DeepLinkOrigin:
    """Which platform, deployment and request a deep-linking launch came from."""

    request: DeepLinkRequest
    issuer: str
    client_id: str
    deployment_id: str


@dataclass(frozen=True)
class DeepLinkAnswer:
    """What the browser must POST back to the platform: the signed JWT, and where."""

    return_url: str
    jwt: str


def place_micro_credential(
    micro_credential_id: int,
    *,
    course_id: int,
    origin: DeepLinkOrigin,
    uow: UnitOfWork,
    responder: DeepLinkResponder,
    launch_url: str,
) -> DeepLinkAnswer:
    """The signed answer placing the micro-credential; raises NotFound for another course's."""
    with uow:
        definition = micro_credential_in_course(uow, micro_credential_id, course_id)
        resource = PlacedResource(
            title=definition.title,
            url=launch_url,
            custom={"micro_credential_id": str(definition.id)},
            line_item_label=definition.title,
            line_item_tag=gradebook_tag(definition.id),
            score_maximum=SCORE_MAXIMUM,
        )
    jwt = responder.response_jwt(
        origin.request,
        [resource],
        issuer=origin.issuer,
        client_id=origin.client_id,
        deployment_id=origin.deployment_id,
    )
    return DeepLinkAnswer(origin.request.return_url, jwt)
