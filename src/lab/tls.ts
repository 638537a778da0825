import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
}

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

/** Native RSA key generation: node-forge's pure-JS generator takes seconds per key. */
export function rsaKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // Positive (top bit clear) and minimally DER-encoded (first byte never 0x00): a 0x00 first byte
  // came out about once in 128 certificates, a non-DER INTEGER that stricter verifiers reject.
  // Suspected, not proven, behind a one-off UNABLE_TO_VERIFY_LEAF_SIGNATURE against the lab.
  const bytes = randomBytes(16);
  bytes[0] = 0x40 | ((bytes[0] ?? 0) & 0x3f);
  return bytes.toString('hex');
}

/** A self-signed CA for the lab, like the one an ISE team's PKI would have issued the admin certs from. */
export function createCa(commonName: string, now = new Date()): CertificateAuthority {
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 86_400_000);
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 86_400_000);
  const name = [{ name: 'commonName', value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const key = forge.pki.privateKeyFromPem(keys.privatePem);
  cert.sign(key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

/**
 * A server certificate for `names` (DNS names or IPv4 addresses), signed by `ca`, or self-signed
 * (issuer = subject, like the certificate ISE generates at install) when `ca` is `self-signed`.
 * `keys` lets a lab share one key pair among many nodes: RSA generation costs ~100 ms each.
 */
export function issueServerCertificate(
  ca: CertificateAuthority | 'self-signed',
  names: string[],
  validity: { notBefore: Date; notAfter: Date },
  keys: { privatePem: string; publicPem: string } = rsaKeyPair(),
): IssuedCertificate {
  const signer =
    ca === 'self-signed'
      ? { keyPem: keys.privatePem, subject: [{ name: 'commonName', value: names[0] ?? 'ise' }] }
      : { keyPem: ca.keyPem, subject: forge.pki.certificateFromPem(ca.certPem).subject.attributes };
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = validity.notBefore;
  cert.validity.notAfter = validity.notAfter;
  cert.setSubject([{ name: 'commonName', value: names[0] ?? 'ise' }]);
  cert.setIssuer(signer.subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    {
      name: 'subjectAltName',
      altNames: names.map((n) =>
        /^\d+\.\d+\.\d+\.\d+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n },
      ),
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(signer.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}
