// The JavaScript reference stack (Digital Bazaar's vc, data-integrity, eddsa-rdfc-2022 and
// jsonld) as a long-lived JSON-lines server: one request per line on stdin, one answer per line
// on stdout, in the order the requests came. tests/interop/client.py drives it; so does
// benchmarks/ (see tests/interop/README.md for the protocol).
//
// Request:  {"id": any, "op": "...", ...fields}
// Answer:   {"id": same, "ok": true, "result": {...}}  or  {"id": same, "ok": false, "error": {...}}
//
// Nothing is ever fetched: the document loader serves the contexts given once by the
// `contexts` op (the tool's own vendored files, sent by the Python side so that
// adapters/credentials/document_loader.py stays the one list of them) and the documents a
// request supplies (`documents: {url: json}`: DID documents, verification methods, status list
// credentials). Every other URL fails with "not allowed to fetch <url>".

import {createInterface} from 'node:readline';
import {performance} from 'node:perf_hooks';
import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import jsonld from 'jsonld';

const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
// What the eddsa-rdfc-2022 cryptosuite passes to jsonld when it canonicalises for a proof
// (@digitalbazaar/eddsa-rdfc-2022-cryptosuite lib/canonize.js), so `canonize` answers with
// exactly the N-Quads that the reference stack signs.
const CANONIZE_OPTIONS = {
  algorithm: 'RDFC-1.0',
  format: 'application/n-quads',
  base: null,
  safe: true,
  rdfDirection: 'i18n-datatype',
};

let contexts = new Map();

// --- the document loader -----------------------------------------------------------------

function documentLoaderFor(documents = {}) {
  const supplied = new Map(Object.entries(documents ?? {}));
  return async url => {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    }
    if(supplied.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(supplied.get(url))};
    }
    const method = verificationMethodOf(supplied, url);
    if(method) {
      return {contextUrl: null, documentUrl: url, document: method};
    }
    throw new Error(`not allowed to fetch ${url}`);
  };
}

// A DID URL "<did>#<fragment>" names a verification method inside the supplied document of
// <did>, as a DID resolver would dereference it; it gets the document's @context.
function verificationMethodOf(supplied, url) {
  const hash = url.indexOf('#');
  if(hash < 0 || !supplied.has(url.slice(0, hash))) {
    return null;
  }
  const controllerDocument = supplied.get(url.slice(0, hash));
  const candidates = [
    ...asArray(controllerDocument.verificationMethod),
    ...asArray(controllerDocument.assertionMethod),
    ...asArray(controllerDocument.authentication),
  ];
  const method = candidates.find(candidate =>
    candidate && typeof candidate === 'object' &&
    (candidate.id === url || candidate.id === url.slice(hash)));
  if(!method) {
    return null;
  }
  return {'@context': controllerDocument['@context'], ...structuredClone(method), id: url};
}

function asArray(value) {
  if(value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

// --- operations ----------------------------------------------------------------------------

async function canonize({document, documents}) {
  const nquads = await jsonld.canonize(
    document, {...CANONIZE_OPTIONS, documentLoader: documentLoaderFor(documents)});
  return {nquads};
}

async function verifyOne(credential, documentLoader, now) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const options = {credential, suite, documentLoader};
  if(now) {
    options.now = now;
  }
  if(credential && credential.credentialStatus) {
    options.checkStatus = checkStatus;
  }
  const result = await vc.verifyCredential(options);
  return {
    verified: result.verified === true,
    errors: errorMessages(result),
    statuses: statusesOf(result.statusResult),
  };
}

async function verify({credential, documents, now}) {
  return verifyOne(credential, documentLoaderFor(documents), now);
}

async function verifyMany({credentials, documents, now}) {
  const documentLoader = documentLoaderFor(documents);
  const results = [];
  const started = performance.now();
  for(const credential of credentials) {
    results.push(await verifyOne(credential, documentLoader, now));
  }
  return {results, elapsedMs: performance.now() - started};
}

async function signerSuite({key, verificationMethod, created}) {
  const controller = verificationMethod.split('#')[0];
  const keyPair = await Ed25519Multikey.from({
    '@context': MULTIKEY_V1_CONTEXT,
    type: 'Multikey',
    id: verificationMethod,
    controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  return new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: created,
  });
}

async function issueOne(credential, suite, documentLoader, now) {
  const options = {credential: structuredClone(credential), suite, documentLoader};
  if(now) {
    options.now = now;
  }
  return vc.issue(options);
}

async function issue({credential, key, verificationMethod, created, documents, now}) {
  const suite = await signerSuite({key, verificationMethod, created});
  const signed = await issueOne(credential, suite, documentLoaderFor(documents), now);
  return {credential: signed};
}

async function issueMany({
  credentials, key, verificationMethod, created, documents, now, returnCredentials = true,
}) {
  const suite = await signerSuite({key, verificationMethod, created});
  const documentLoader = documentLoaderFor(documents);
  const results = [];
  const started = performance.now();
  for(const credential of credentials) {
    try {
      const signed = await issueOne(credential, suite, documentLoader, now);
      results.push(returnCredentials ? {ok: true, credential: signed} : {ok: true});
    } catch(error) {
      results.push({ok: false, error: describe(error)});
    }
  }
  return {results, elapsedMs: performance.now() - started};
}

function configureContexts({contexts: given}) {
  contexts = new Map(Object.entries(given ?? {}));
  return {contexts: [...contexts.keys()].sort()};
}

function versions() {
  const names = [
    '@digitalbazaar/vc', '@digitalbazaar/data-integrity',
    '@digitalbazaar/eddsa-rdfc-2022-cryptosuite', '@digitalbazaar/ed25519-multikey',
    '@digitalbazaar/vc-bitstring-status-list', 'jsonld', 'rdf-canonize', 'jsonld-signatures',
  ];
  const found = {node: process.versions.node};
  for(const name of names) {
    const file = new URL(`./node_modules/${name}/package.json`, import.meta.url);
    found[name] = JSON.parse(readFileSync(file, 'utf8')).version;
  }
  return found;
}

const OPERATIONS = {
  contexts: configureContexts,
  versions: async () => versions(),
  canonize,
  verify,
  verify_many: verifyMany,
  issue,
  issue_many: issueMany,
};

// --- results and errors as plain JSON ------------------------------------------------------

// The errors inside an error: vc's VerificationError lists them in `errors`, jsonld keeps the
// loader's refusal in `details.cause`, others use `cause`.
function innerErrors(error) {
  return [
    ...asArray(error?.errors), ...asArray(error?.cause), ...asArray(error?.details?.cause),
  ];
}

function describe(error) {
  const described = {name: error?.name ?? 'Error', message: String(error?.message ?? error)};
  const inner = innerErrors(error);
  if(inner.length) {
    described.errors = inner.map(describe);
  }
  return described;
}

function flatMessages(error) {
  if(!error) {
    return [];
  }
  const inner = innerErrors(error);
  if(error.name === 'VerificationError' && inner.length) {
    return inner.flatMap(flatMessages);
  }
  return [String(error.message ?? error), ...inner.flatMap(flatMessages)];
}

function errorMessages(result) {
  const messages = [
    ...flatMessages(result.error),
    ...asArray(result.results).flatMap(item => flatMessages(item.error)),
    ...asArray(result.statusResult?.results).flatMap(item => flatMessages(item.error)),
    ...flatMessages(result.statusResult?.error),
  ];
  return [...new Set(messages)];
}

// One entry per credentialStatus entry that was checked: `set` is the bit of the status list
// (true = revoked or suspended, by `statusPurpose`). vc reports a credential whose bit is set as
// verified; the caller decides what a set bit means.
function statusesOf(statusResult) {
  return asArray(statusResult?.results).filter(item => item.credentialStatus).map(item => ({
    statusPurpose: item.credentialStatus.statusPurpose,
    statusListIndex: item.credentialStatus.statusListIndex,
    statusListCredential: item.credentialStatus.statusListCredential,
    set: item.status === true,
  }));
}

// --- the JSON-lines loop -------------------------------------------------------------------

async function answer(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch(error) {
    return {id: null, ok: false, error: {name: 'SyntaxError', message: error.message}};
  }
  const operation = OPERATIONS[request?.op];
  if(!operation) {
    return {
      id: request?.id ?? null, ok: false,
      error: {name: 'UnknownOperation', message: `unknown op ${JSON.stringify(request?.op)}`},
    };
  }
  try {
    return {id: request.id ?? null, ok: true, result: await operation(request)};
  } catch(error) {
    return {id: request.id ?? null, ok: false, error: describe(error)};
  }
}

const lines = createInterface({input: process.stdin, crlfDelay: Infinity});
for await (const line of lines) {
  if(line.trim()) {
    process.stdout.write(JSON.stringify(await answer(line)) + '\n');
  }
}
