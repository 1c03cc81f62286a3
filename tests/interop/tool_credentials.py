"""Credentials as the tool issues them, and the DID documents that verify them, for interop runs.

Each organisation gets its did:web from HostedDids and an Ed25519 "key-1" from
Ob3CredentialIssuer.new_key, as services/organisations.py does through wiring.py; credentials
are signed by Ob3CredentialIssuer.issue and status lists by BitstringStatusListIssuer.issue. The
DID documents are the ones /orgs/<slug>/did.json serves. The benchmarks reuse this module.
"""

from datetime import UTC, datetime
from decimal import Decimal

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.credentials.did import DidResolver
from adapters.credentials.did_hosting import HostedDids
from adapters.credentials.issuer import Ob3CredentialIssuer
from adapters.credentials.keys import unseal_private_key
from adapters.credentials.status_list import BitstringStatusListIssuer
from adapters.credentials.verifier import Ob3CredentialVerifier
from adapters.sealing import KeySealer
from lti_tool.domain import vocabularies as vocab
from lti_tool.domain.credentials import (
    CredentialContent,
    LearningOutcome,
    MicroCredential,
    Organisation,
    QualityAssurance,
    Translation,
)
from lti_tool.domain.keys import SigningKey
from lti_tool.domain.status import StatusListContent
from tests.factories import make_credential_content, make_micro_credential, make_organisation
from tests.interop.client import Multikey

BASE_URL = "https://tool.example"
KEY_MADE_AT = datetime(2026, 1, 1, tzinfo=UTC)
ISSUED_AT = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
CHECKED_AT = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


class ToolIssuers:
    """Organisations with keys made by the tool, signing with the tool's own issuer adapter."""

    def __init__(self, *, base_url: str = BASE_URL):
        self.sealer = KeySealer([KeySealer.derive_key("interop tests")])
        self.issuer = Ob3CredentialIssuer(sealer=self.sealer)
        self.status_lists = BitstringStatusListIssuer(sealer=self.sealer)
        self.dids = HostedDids(base_url)
        self._keys: dict[str, SigningKey] = {}

    def organisation(self, slug: str, **overrides) -> Organisation:
        """An organisation `slug` with its did:web and a new signing key (made once per slug)."""
        did = self.dids.did_for(slug)
        if did not in self._keys:
            self._keys[did] = self.issuer.new_key("key-1", KEY_MADE_AT)
        return make_organisation(slug=slug, did=did, **overrides)

    def issue(self, content: CredentialContent) -> dict:
        """The credential the tool signs for `content`; its issuer must come from `organisation`."""
        return self.issuer.issue(content, self._keys[content.issuer.did])

    def status_list(self, content: StatusListContent) -> dict:
        """The signed status list credential of `content`, by the key of its issuer's DID."""
        return self.status_lists.issue(content, self._keys[content.issuer_did])

    def did_documents(self) -> dict[str, dict]:
        """DID -> DID document of every organisation made here, as the tool publishes them."""
        return {did: self.dids.document(did, [key]) for did, key in self._keys.items()}

    def verification_method(self, did: str) -> str:
        return f"{did}#{self._keys[did].key_id}"

    def private_key(self, did: str) -> Ed25519PrivateKey:
        """The organisation's private key, unsealed, for signing outside the issuer adapter."""
        return unseal_private_key(self._keys[did], sealer=self.sealer)

    def multikey(self, did: str) -> Multikey:
        """The organisation's key pair, unsealed, for the reference stack to sign with."""
        return Multikey.of(self.private_key(did))

    def verifier(self, *, now: datetime = CHECKED_AT) -> Ob3CredentialVerifier:
        """The tool's verifier, knowing these DIDs as its own; did:key resolves offline."""
        resolver = DidResolver(local_documents=self.did_documents().get, session=offline_session())
        return Ob3CredentialVerifier(resolver=resolver, now=lambda: now)


VARIANT_NAMES = (
    "grade and co-issuer",
    "no grade",
    "no co-issuer",
    "co-issuer without a DID",
    "non-ASCII names",
    "one outcome, whole ECTS",
    "many outcomes, small ECTS",
    "every Annex I element",
)


def credential_variants(tool: ToolIssuers) -> dict[str, CredentialContent]:
    """Contents that cover what ob3.py can emit: grade or not, co-issuer or not, scripts, sizes.

    The keys are VARIANT_NAMES, in that order.
    """
    school = tool.organisation("demo-vet-school", name="Demo VET School")
    greek = tool.organisation(
        "scholi-athinon",
        name="Σχολή Επαγγελματικής Κατάρτισης Αθηνών «Ἀθηνᾶ»",
        country_code="GR",
        url="https://σχολή.example/über-uns",
        logo_url=None,
    )
    alliance = make_organisation(
        slug="microvet", name="microVET European Alliance", did="did:web:tool.example:orgs:microvet"
    )
    alliance_without_did = make_organisation(slug="microvet", name="microVET", did=None)

    def content(**overrides) -> CredentialContent:
        values = {
            "issuer": school,
            "co_issuers": (alliance,),
            "issued_at": ISSUED_AT,
            "micro_credential": complete_micro_credential(),
        }
        return make_credential_content(**(values | overrides))

    return {
        "grade and co-issuer": content(),
        "no grade": content(grade=None),
        "no co-issuer": content(co_issuers=()),
        "co-issuer without a DID": content(co_issuers=(alliance_without_did,)),
        "non-ASCII names": content(
            issuer=greek,
            learner_name="Zoë Ñúñez-Øster 李雷 \U0001f393 Ελένη",
            grade="Άριστα (9,5/10)",
            micro_credential=complete_micro_credential(
                title='Ψηφιακό περιεχόμενο — «χώρος εργασίας» "quoted" \\ back',
                description="Δημιουργία ψηφιακού περιεχομένου.\nZweite Zeile: Größe, Übung.\tTab.",
                learning_outcomes=("Créer du contenu numérique.", "数字内容 🎓", "עברית ✓"),
                ects=Decimal("2.5"),
                eqf_level=5,
                language="el",
            ),
        ),
        "one outcome, whole ECTS": content(
            micro_credential=complete_micro_credential(
                learning_outcomes=("Develops digital content.",), ects=Decimal("60"), eqf_level=8
            )
        ),
        "many outcomes, small ECTS": content(
            micro_credential=complete_micro_credential(
                learning_outcomes=tuple(f"Outcome {n}: does thing {n}." for n in range(1, 13)),
                ects=Decimal("0.1"),
                eqf_level=1,
            )
        ),
        "every Annex I element": content(micro_credential=_every_element()),
    }


def _first(vocabulary) -> str:
    return next(iter(vocabulary)).key


def complete_micro_credential(**overrides) -> MicroCredential:
    """The factory's definition with the mandatory Annex I elements it lacks, so it is publishable
    and our verifier's completeness check passes."""
    values = {
        "assessment_types": (_first(vocab.ASSESSMENT_TYPES),),
        "participation_forms": (_first(vocab.PARTICIPATION_FORMS),),
        "quality_assurance": (
            QualityAssurance(kind=_first(vocab.QUALITY_ASSURANCE_TYPES), body="Inspectorate"),
        ),
    }
    return make_micro_credential(**(values | overrides))


def _every_element() -> MicroCredential:
    """A definition giving every Annex I element, optional ones too (the first key of each list)."""
    first = _first
    return make_micro_credential(
        learning_outcomes=(
            LearningOutcome(
                "Develops digital content for a workplace.",
                (f"{vocab.ESCO_SKILL_IRI_PREFIX}5fd5c985-eaaa-47aa-8314-62359c54505a",),
            ),
            "Works in a team on a shared deliverable.",
        ),
        ects=Decimal("3"),
        ecvet_points=Decimal("4.5"),
        hours=84,
        eqf_level=4,
        nqf_level=first(vocab.NQF_LEVELS),
        language="nl",
        translations=(Translation("en", "Digital content", "Create digital content."),),
        assessment_types=(first(vocab.ASSESSMENT_TYPES),),
        participation_forms=(first(vocab.PARTICIPATION_FORMS),),
        quality_assurance=(
            QualityAssurance(
                kind=first(vocab.QUALITY_ASSURANCE_TYPES),
                body="Inspectie van het Onderwijs",
                body_url="https://www.onderwijsinspectie.nl",
            ),
        ),
        prerequisites="None; basic computer skills help.",
        supervision=first(vocab.SUPERVISION_LEVELS),
        integration=first(vocab.INTEGRATION_OPTIONS),
        is_part_of=("https://tool.example/programmes/digital-skills",),
        further_information="See https://tool.example/micro-credentials.",
        validity_months=60,
    )


class _NoNetwork(requests.adapters.BaseAdapter):
    def send(self, request, *args, **kwargs):
        raise requests.ConnectionError(f"no network in interop tests: {request.url}")

    def close(self):
        pass


def offline_session() -> requests.Session:
    """A session whose every request fails, so a DID we do not host is never fetched."""
    session = requests.Session()
    session.mount("http://", _NoNetwork())
    session.mount("https://", _NoNetwork())
    return session
