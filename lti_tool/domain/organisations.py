"""Awarding bodies: the member schools and providers of the alliance, and the alliance itself."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Organisation:
    """An awarding body: a member school or provider, or the alliance itself."""

    slug: str
    name: str
    country_code: str  # ISO 3166-1 alpha-2, e.g. "NL"
    url: str
    logo_url: str | None = None
    did: str | None = None  # did:web of the organisation, when the tool hosts its keys
