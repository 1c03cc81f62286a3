"""The errors of the credentials adapter, one subclass per reason, each with a default message."""

from adapters.errors import AdapterError


class CredentialError(AdapterError):
    """Base of every error about building, canonicalising, signing or verifying a credential."""

    default_message = "The credential could not be processed."


class RemoteContextError(CredentialError):
    """A document names a JSON-LD context this tool does not ship; contexts are never fetched."""

    default_message = "The credential uses a JSON-LD context this tool does not know."


class UndefinedTermError(CredentialError):
    """A property or type is defined by no context, so a signature would not cover it."""

    default_message = "The credential uses a term that no JSON-LD context defines."


class RelativeIriError(CredentialError):
    """An identifier is not an absolute IRI; RDF drops it, so a signature would not cover it."""

    default_message = "The credential contains an identifier that is not a full IRI."


class CanonicalizationError(CredentialError):
    """The document is not valid JSON-LD, or is too costly to put in canonical form."""

    default_message = "The credential is not valid JSON-LD."


class ProofError(CredentialError):
    """Base of the reasons a Data Integrity proof cannot be made or does not verify."""

    default_message = "The credential's proof is not valid."


class MissingProofError(ProofError):
    """The document carries no proof, or more than one."""

    default_message = "The credential carries no proof."


class UnsupportedProofError(ProofError):
    """The proof is of a type, cryptosuite or purpose this tool does not accept."""

    default_message = "The credential's proof is of a kind this tool does not accept."


class MalformedProofError(ProofError):
    """A proof field (proofValue, created, verificationMethod) is not in the required form."""

    default_message = "The credential's proof is malformed."


class SignatureMismatchError(ProofError):
    """The signature does not match document and key: it was changed, or another key signed."""

    default_message = "The signature does not match the credential."


class KeyFormatError(CredentialError):
    """A key is not an Ed25519 key in the multibase/multicodec form expected."""

    default_message = "The key is not an Ed25519 Multikey."


class DidResolutionError(CredentialError):
    """A DID could not be resolved to a usable DID document; the message says why."""

    default_message = "The issuer's DID could not be resolved."


class IssuingError(CredentialError):
    """The content cannot be issued as a credential as it stands (for example, no issuer DID)."""

    default_message = "The credential cannot be issued."


class EndorsementError(CredentialError):
    """An endorsement embedded in a credential cannot be made or does not verify; says why."""

    default_message = "An endorsement of the credential is not valid."
