"""The credential benchmark's cohort: one micro-credential, N learners, signed as the tool signs.

The lead awarding body (a school) and the alliance each get a did:web and an Ed25519 "key-1"
made and sealed by Ob3CredentialIssuer.new_key, as services/organisations.py does. The
micro-credential states every Annex I element (tests/interop/tool_credentials.py); the
alliance's signed endorsement of it is embedded in every credential, as claim_award embeds it;
each credential has one status entry, for revocation, as the tool gives by default
(docs/decisions/0010), at a random place in the school's signed revocation list. Learners
differ in their name, credential id, status place and grade.

A Cohort is plain picklable data, so that worker processes rebuild the same issuer and
verifier from it: the sealing secret, the sealed keys, the signed endorsement, lists and DID
documents. Everything is checked offline: DID documents and status lists are served from it.
"""

import dataclasses
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from adapters.credentials.did import DidResolver
from adapters.credentials.did_hosting import HostedDids
from adapters.credentials.issuer import Ob3CredentialIssuer
from adapters.credentials.status_check import StatusChecker
from adapters.credentials.status_fetch import StatusListFetcher
from adapters.credentials.status_list import BitstringStatusListIssuer
from adapters.credentials.verifier import Ob3CredentialVerifier
from adapters.sealing import KeySealer
from lti_tool.domain.credentials import CredentialContent, MicroCredential, Organisation
from lti_tool.domain.endorsements import EndorsementContent
from lti_tool.domain.keys import SigningKey
from lti_tool.domain.status import (
    MIN_LIST_ENTRIES,
    PublishedStatusList,
    StatusEntry,
    StatusListContent,
    StatusPurpose,
    empty_bits,
    purposes_for,
)
from tests.factories import make_organisation
from tests.interop.tool_credentials import (
    BASE_URL,
    CHECKED_AT,
    ISSUED_AT,
    KEY_MADE_AT,
    ToolIssuers,
    credential_variants,
    offline_session,
)

SEALING_SECRET = "credential benchmark"  # noqa: S105 - a throwaway key for throwaway keys
SCHOOL, ALLIANCE = "demo-vet-school", "microvet"
MICRO_CREDENTIAL_ID = 1
ACHIEVEMENT_ID = f"{BASE_URL}/micro-credentials/{MICRO_CREDENTIAL_ID}"
COHORT_PURPOSES = purposes_for(suspendable=False)  # what a credential gets by default
# Names with the scripts a European alliance meets; learner n gets a seeded pair of them.
_GIVEN = ("Sam", "Ana", "Bo", "Zoë", "Łukasz", "Νίκος", "Ирина", "Søren", "Ömer", "José", "Aoife")
_FAMILY = ("Student", "de Vries", "Kowalski", "Παπαδόπουλος", "Иванова", "Ñúñez", "Ó Briain")
_GRADES = ("Pass", "Merit", "Distinction", "85 %", "7,5/10", None)


@dataclass(frozen=True)
class Cohort:
    """What every process needs to issue and verify the cohort's credentials the same way."""

    size: int
    seed: int
    keys: dict[str, SigningKey]  # slug -> its sealed key-1
    organisations: dict[str, Organisation]
    micro_credential: MicroCredential
    endorsements: tuple[dict, ...]
    status_lists: dict[str, dict]  # URL -> signed BitstringStatusListCredential
    did_documents: dict[str, dict]
    # Per purpose, (a, b): learner n's entry is at (a * n + b) mod the list's size, a odd, so
    # that places look random but no two of the first 131,072 learners share one.
    places: tuple[tuple[int, int], ...]

    @property
    def issuer_did(self) -> str:
        return self.organisations[SCHOOL].did

    def documents(self) -> dict[str, dict]:
        """Every document a verifier needs, by URL or DID: DID documents and status lists."""
        return {**self.did_documents, **self.status_lists}

    def content(self, number: int) -> CredentialContent:
        """What learner `number`'s credential states; the same for the same seed and number."""
        rng = random.Random(f"{self.seed}:{number}")
        school = self.organisations[SCHOOL]
        return CredentialContent(
            credential_id=f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
            achievement_id=ACHIEVEMENT_ID,
            micro_credential=self.micro_credential,
            issuer=school,
            co_issuers=(self.organisations[ALLIANCE],),
            learner_name=f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)} {number}",
            issued_at=ISSUED_AT,
            awarded_at=ISSUED_AT - timedelta(days=1, minutes=rng.randrange(600)),
            grade=rng.choice(_GRADES),
            status_entries=tuple(
                StatusEntry(purpose, _list_url(purpose), (a * number + b) % MIN_LIST_ENTRIES)
                for purpose, (a, b) in zip(COHORT_PURPOSES, self.places, strict=True)
            ),
            endorsements=self.endorsements,
        )


def make_cohort(size: int, *, seed: int) -> Cohort:
    """A cohort of `size` learners with new keys, the alliance's endorsement and status lists."""
    sealer = cohort_sealer()
    issuer = Ob3CredentialIssuer(sealer=sealer)
    dids = HostedDids(BASE_URL)
    keys = {slug: issuer.new_key("key-1", KEY_MADE_AT) for slug in (SCHOOL, ALLIANCE)}
    school = make_organisation(slug=SCHOOL, name="Demo VET School", did=dids.did_for(SCHOOL))
    alliance = make_organisation(
        slug=ALLIANCE, name="microVET European Alliance", did=dids.did_for(ALLIANCE)
    )
    every_element = credential_variants(ToolIssuers())["every Annex I element"]
    micro_credential = dataclasses.replace(
        every_element.micro_credential, awarding_bodies=(school, alliance)
    )
    endorsement = issuer.endorse(
        EndorsementContent(
            credential_id=f"urn:uuid:{uuid.UUID(int=random.Random(seed).getrandbits(128))}",
            achievement_id=ACHIEVEMENT_ID,
            title=micro_credential.title,
            endorser=alliance,
            awarding_body=school,
            issued_at=ISSUED_AT - timedelta(days=30),
        ),
        keys[ALLIANCE],
    )
    status_lists = BitstringStatusListIssuer(sealer=sealer)
    lists = {
        _list_url(purpose): status_lists.issue(
            StatusListContent(
                list_url=_list_url(purpose),
                purpose=purpose,
                issuer_did=school.did,
                bits=empty_bits(MIN_LIST_ENTRIES),
                issued_at=ISSUED_AT,
            ),
            keys[SCHOOL],
        )
        for purpose in COHORT_PURPOSES
    }
    return Cohort(
        size=size,
        seed=seed,
        keys=keys,
        organisations={SCHOOL: school, ALLIANCE: alliance},
        micro_credential=micro_credential,
        endorsements=(endorsement,),
        status_lists=lists,
        did_documents={
            org.did: dids.document(org.did, [keys[slug]])
            for slug, org in ((SCHOOL, school), (ALLIANCE, alliance))
        },
        places=_places(random.Random(f"{seed}:places")),
    )


def cohort_sealer() -> KeySealer:
    """The sealer of the cohort's private keys (the same in every process)."""
    return KeySealer([KeySealer.derive_key(SEALING_SECRET)])


def cohort_issuer() -> Ob3CredentialIssuer:
    """The tool's issuing adapter, as wiring.py builds it, with the cohort's sealing key."""
    return Ob3CredentialIssuer(sealer=cohort_sealer())


def verifier_for(cohort: Cohort, *, now: datetime = CHECKED_AT) -> Ob3CredentialVerifier:
    """The tool's verifier as wiring.py builds it, with the cohort's DID documents and status
    lists as this deployment's own (no network: anything else fails to resolve)."""
    session = offline_session()

    def local_status_list(url: str, index: int) -> PublishedStatusList | None:
        document = cohort.status_lists.get(url)
        return PublishedStatusList(document=document) if document is not None else None

    return Ob3CredentialVerifier(
        resolver=DidResolver(local_documents=cohort.did_documents.get, session=session),
        now=lambda: now.astimezone(UTC),
        status=StatusChecker(
            fetcher=StatusListFetcher(local_lists=local_status_list, session=session)
        ),
    )


def unsigned(credential: dict) -> dict:
    """`credential` without its proof, as the reference stack takes it to sign."""
    return {name: value for name, value in credential.items() if name != "proof"}


def _places(rng: random.Random) -> tuple[tuple[int, int], ...]:
    """Per purpose, an odd step and an offset: a permutation of a list's places."""
    return tuple(
        (rng.randrange(1, MIN_LIST_ENTRIES, 2), rng.randrange(MIN_LIST_ENTRIES))
        for _ in COHORT_PURPOSES
    )


def _list_url(purpose: StatusPurpose) -> str:
    # As services/status.py's status_list_url names list 1 of an organisation.
    return f"{BASE_URL}/orgs/{SCHOOL}/status/{purpose.value}/1"
