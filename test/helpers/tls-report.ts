import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';

/**
 * What a TLS trust failure against a lab needs to explain itself: the CA the bot was given, the
 * certificate the port really presented (PEM and fields), whether that CA issued and signed it, and
 * what a verifying handshake with that CA says. Tests log it when a lab call fails on TLS.
 */
export async function tlsTrustReport(caPem: string, port: number, host = '127.0.0.1'): Promise<string> {
  const lines: string[] = [];
  const describe = (label: string, cert: X509Certificate) =>
    lines.push(
      `${label}: subject=${cert.subject.replace(/\n/g, ', ')} issuer=${cert.issuer.replace(/\n/g, ', ')} serial=${cert.serialNumber} validFrom=${cert.validFrom} validTo=${cert.validTo} sha256=${cert.fingerprint256}`,
    );
  let ca: X509Certificate | undefined;
  try {
    ca = new X509Certificate(caPem);
    describe('CA given to the bot', ca);
  } catch (error) {
    lines.push(`CA given to the bot does not parse: ${(error as Error).message}`);
  }
  lines.push(`now=${new Date().toISOString()}`);
  const presented = await new Promise<{ der?: Buffer; authorized: boolean; error?: string }>((resolve) => {
    const socket = connect({ host, port, ca: caPem, rejectUnauthorized: false, servername: 'localhost' });
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw;
      resolve({
        der: raw,
        authorized: socket.authorized,
        ...(socket.authorizationError ? { error: String(socket.authorizationError) } : {}),
      });
      socket.destroy();
    });
    socket.once('error', (error) =>
      resolve({ authorized: false, error: `handshake failed: ${error.message}` }),
    );
  });
  lines.push(
    `handshake to ${host}:${port} with that CA: authorized=${presented.authorized} ${presented.error ?? ''}`,
  );
  if (presented.der) {
    const leaf = new X509Certificate(presented.der);
    describe('certificate presented', leaf);
    if (ca) {
      lines.push(`issued by that CA (names, key usage): ${leaf.checkIssued(ca)}`);
      lines.push(`signature verifies with the CA key: ${leaf.verify(ca.publicKey)}`);
    }
    lines.push(leaf.toString());
  }
  lines.push(caPem);
  return lines.join('\n');
}
