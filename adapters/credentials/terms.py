"""Every spec URL, type and term the credentials adapter emits or checks, each with its source."""

# --- JSON-LD contexts ------------------------------------------------------------------------
# VC Data Model 2.0 base context; it must come first: https://www.w3.org/TR/vc-data-model-2.0/#contexts
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
# Open Badges 3.0 context, pinned version 3.0.3: https://www.imsglobal.org/spec/ob/v3p0/#context
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# 1EdTech extension types (credentialSchema, refresh, revocation list):
# https://www.imsglobal.org/spec/ob/v3p0/#1edtech-extensions
OB3_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
# Data Integrity terms for documents outside VC 2.0: https://www.w3.org/TR/vc-data-integrity/#contexts-and-vocabularies
DATA_INTEGRITY_V2_CONTEXT = "https://w3id.org/security/data-integrity/v2"
# Multikey verification methods: https://www.w3.org/TR/cid-1.0/#multikey
MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1"
# DID documents: https://www.w3.org/TR/did-core/#json-ld
DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1"
# Bitstring Status List (already inside VC v2): https://www.w3.org/TR/vc-bitstring-status-list/#contexts
BITSTRING_STATUS_LIST_CONTEXT = "https://www.w3.org/ns/credentials/status/v1"
# Our context of the EU micro-credential terms (shared/standards/EU-ELEMENTS.md §2), at a
# deployment-independent, versioned URL: docs/decisions/0009-eu-context.md. Never changed in place.
EU_MICROCREDENTIAL_CONTEXT = "https://w3id.org/microvet/credentials/eu-microcredential/v1"

# --- Credential types -------------------------------------------------------------------------
# https://www.w3.org/TR/vc-data-model-2.0/#types
VERIFIABLE_CREDENTIAL = "VerifiableCredential"
# https://www.imsglobal.org/spec/ob/v3p0/#openbadgecredential (AchievementCredential is its alias)
OPEN_BADGE_CREDENTIAL = "OpenBadgeCredential"
ACHIEVEMENT_CREDENTIAL = "AchievementCredential"

# --- OB3 classes and values: https://www.imsglobal.org/spec/ob/v3p0/#data-model -----------------
PROFILE = "Profile"  # https://www.imsglobal.org/spec/ob/v3p0/#profile
IMAGE = "Image"  # https://www.imsglobal.org/spec/ob/v3p0/#image
ADDRESS = "Address"  # https://www.imsglobal.org/spec/ob/v3p0/#address
IDENTIFIER_ENTRY = "IdentifierEntry"  # https://www.imsglobal.org/spec/ob/v3p0/#identifierentry
# https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject
ACHIEVEMENT_SUBJECT = "AchievementSubject"
IDENTITY_OBJECT = "IdentityObject"  # https://www.imsglobal.org/spec/ob/v3p0/#identityobject
# IdentifierType enumeration: https://www.imsglobal.org/spec/ob/v3p0/#identifiertype-enumeration
IDENTITY_TYPE_NAME = "name"
ACHIEVEMENT = "Achievement"  # https://www.imsglobal.org/spec/ob/v3p0/#achievement
# AchievementType enumeration: https://www.imsglobal.org/spec/ob/v3p0/#achievementtype-enumeration
ACHIEVEMENT_TYPE_MICRO_CREDENTIAL = "MicroCredential"
ALIGNMENT = "Alignment"  # https://www.imsglobal.org/spec/ob/v3p0/#alignment
RESULT = "Result"  # https://www.imsglobal.org/spec/ob/v3p0/#result

# --- EQF level as an OB3 alignment (shared/standards/EU-ELEMENTS.md, element M8) ---------------
# Extension values of AlignmentTargetType start with "ext:":
# https://www.imsglobal.org/spec/ob/v3p0/#alignmenttargettype-enumeration
EQF_TARGET_TYPE = "ext:EQFLevel"
EQF_FRAMEWORK_NAME = "European Qualifications Framework"
# EU Vocabularies, EQF levels 1-8: http://data.europa.eu/snb/eqf/25831c2
EQF_LEVEL_IRI_PREFIX = "http://data.europa.eu/snb/eqf/"

# --- More of OB3 for micro-credentials (shared/standards/EU-ELEMENTS.md §1) -------------------
RESULT_DESCRIPTION = (
    "ResultDescription"  # https://www.imsglobal.org/spec/ob/v3p0/#resultdescription
)
RELATED = "Related"  # https://www.imsglobal.org/spec/ob/v3p0/#related
# ResultType enumeration; extension values start with "ext:":
# https://www.imsglobal.org/spec/ob/v3p0/#resulttype-enumeration
RESULT_TYPE_GRADE = "ext:Grade"
# ResultStatusType enumeration: https://www.imsglobal.org/spec/ob/v3p0/#resultstatustype-enumeration
RESULT_STATUS_COMPLETED = "Completed"
NQF_TARGET_TYPE = "ext:NQFLevel"
ESCO_TARGET_TYPE = "ext:ESCOSkill"
ESCO_FRAMEWORK_NAME = "ESCO"
# https://www.imsglobal.org/spec/ob/v3p0/#endorsementcredential
ENDORSEMENT_CREDENTIAL = "EndorsementCredential"
ENDORSEMENT_SUBJECT = (
    "EndorsementSubject"  # https://www.imsglobal.org/spec/ob/v3p0/#endorsementsubject
)
# The 1EdTech JSON Schema of an AchievementCredential, for credentialSchema:
# https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential-0
OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
OB3_JSON_SCHEMA_VALIDATOR = "1EdTechJsonSchemaValidator2019"  # defined by extensions.json

# --- Classes of our EU context (shared/standards/EU-ELEMENTS.md §2, ELM names) -------------------
CREDIT_POINT = "CreditPoint"
LEARNING_OUTCOME = "LearningOutcome"
ACCREDITATION = "Accreditation"
# W3C Subresource Integrity digest of a related resource (our context), VC 2.0 §5.3:
# https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources
DIGEST_SRI_ALGORITHM = "sha384"

# --- Data Integrity proofs -------------------------------------------------------------------
# https://www.w3.org/TR/vc-data-integrity/#dataintegrityproof
DATA_INTEGRITY_PROOF = "DataIntegrityProof"
# https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022
CRYPTOSUITE_EDDSA_RDFC_2022 = "eddsa-rdfc-2022"
# https://www.w3.org/TR/vc-data-integrity/#proof-purposes and https://www.w3.org/TR/did-core/#assertion
PROOF_PURPOSE_ASSERTION = "assertionMethod"

# --- Keys and DIDs ---------------------------------------------------------------------------
# https://www.w3.org/TR/cid-1.0/#Multikey
MULTIKEY = "Multikey"
# Multibase prefix "z" = base58btc: https://www.w3.org/TR/cid-1.0/#multibase-0
MULTIBASE_BASE58BTC = "z"
# Multicodec headers (varint) of ed25519-pub (0xed) and ed25519-priv (0x1300):
# https://github.com/multiformats/multicodec/blob/master/table.csv, https://www.w3.org/TR/vc-di-eddsa/#multikey
ED25519_PUBLIC_KEY_HEADER = b"\xed\x01"
ED25519_PRIVATE_KEY_HEADER = b"\x80\x26"
# https://w3c-ccg.github.io/did-method-web/ and https://w3c-ccg.github.io/did-method-key/
DID_WEB_PREFIX = "did:web:"
DID_KEY_PREFIX = "did:key:"
