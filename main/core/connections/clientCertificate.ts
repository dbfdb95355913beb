import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { LatchkeyError } from '../errors';

/** Key material ready for a TLS connection. */
export interface ClientTls {
  cert?: string;
  key?: string;
  pfx?: Buffer;
  passphrase?: string;
  /** PEM certificates trusted for this connection's servers, in addition to the usual roots. */
  ca?: string;
}

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

/** Pasted PEM text as it is, or the contents of the file at that path. */
export function pemOrFile(value: string, what: string): string {
  const text = value.trim();
  if (PEM.test(text)) return text;
  return readFileText(text, what);
}

function readFileText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new LatchkeyError('invalid_certificate', `Could not read the ${what} file ${path}: ${fileProblem(error)}.`, { cause: error });
  }
}

/** A PKCS#12 file, read whole. */
export function readPfx(path: string): Buffer {
  try {
    return readFileSync(path.trim());
  } catch (error) {
    throw new LatchkeyError('invalid_certificate', `Could not read the PKCS#12 / PFX file ${path.trim()}: ${fileProblem(error)}.`, { cause: error });
  }
}

function fileProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'there is no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (error as Error).message;
}

/** Every certificate in a CA bundle, checked to be one. */
function checkCaBundle(ca: string): void {
  const blocks = ca.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new LatchkeyError('invalid_certificate', 'The CA bundle holds no PEM certificates (-----BEGIN CERTIFICATE-----).');
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new LatchkeyError('invalid_certificate', `Certificate ${index + 1} of the CA bundle could not be read.`, { cause: error });
    }
  });
}

/**
 * Checks that the material makes a TLS context, as it will when a request uses it: a wrong
 * passphrase, a key that does not match its certificate, or something that is not a certificate
 * is refused with that reason. Returns the certificate's subject and expiry for the editor.
 */
export function validateClientTls(tls: ClientTls): { subject: string; validTo: string } {
  if (tls.ca) checkCaBundle(tls.ca);
  let subject = '';
  let validTo = '';
  if (tls.cert !== undefined) {
    let x509: X509Certificate;
    try {
      x509 = new X509Certificate(tls.cert);
    } catch (error) {
      throw new LatchkeyError('invalid_certificate', 'The client certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----).', { cause: error });
    }
    subject = x509.subject.replace(/\n/g, ', ');
    validTo = new Date(x509.validTo).toISOString();
    if (!tls.key || !PEM.test(tls.key)) throw new LatchkeyError('invalid_certificate', 'The private key is not a PEM key (-----BEGIN PRIVATE KEY-----).');
    if (/ENCRYPTED/.test(tls.key) && !tls.passphrase) throw new LatchkeyError('invalid_certificate', 'The private key is encrypted: enter its passphrase.');
  }
  try {
    createSecureContext({
      ...(tls.cert !== undefined ? { cert: tls.cert, key: tls.key } : {}),
      ...(tls.pfx ? { pfx: tls.pfx } : {}),
      ...(tls.passphrase ? { passphrase: tls.passphrase } : {}),
    });
  } catch (error) {
    throw new LatchkeyError('invalid_certificate', explainTlsMaterialError(error, tls.pfx !== undefined), { cause: error });
  }
  return { subject, validTo };
}

function explainTlsMaterialError(error: unknown, pfx: boolean): string {
  const message = String((error as Error).message ?? error);
  if (/mac verify failure|invalid password|bad decrypt|bad password/i.test(message)) {
    return pfx ? 'The passphrase is wrong: the PKCS#12 / PFX file could not be opened with it.' : 'The passphrase is wrong: the private key could not be decrypted with it.';
  }
  if (/key values mismatch/i.test(message)) return 'The private key does not match the certificate (they are not a pair).';
  if (/no start line|bad base64|PEM/i.test(message)) return 'The private key could not be read as PEM.';
  if (pfx) return `The file is not a PKCS#12 / PFX bundle Latchkey can read (${message}).`;
  return `The certificate and key were refused: ${message}`;
}
