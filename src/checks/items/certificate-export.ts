import { finding } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'certificate-export',
  title: 'Certificates and private keys exported',
  section: GUIDE.certExport,
};

/** Exporting private keys is deliberately not an API: a person does it and confirms. */
export const certificateExport: Check = {
  ...base,
  kind: 'manual',
  needs: [],
  evaluate() {
    return finding(base, {
      status: 'manual',
      summary:
        'Export every node’s system certificates with private keys, and the trusted store, to a safe place.',
      remediation: `(1) ${MENU.systemCerts}: for each certificate on each node, Export > "Export Certificate and Private Key", set a private key password; record what each is used for (Admin, EAP, Portal, pxGrid…). (2) ${MENU.trustedCerts}: export each certificate. (3) ${MENU.caCerts}: export the internal CA certificates with their keys (or \`application configure ise\` > "Export Internal CA Store" on the PAN). Keep the files and passwords in your secrets vault, then \`ack certificate-export\`.`,
    });
  },
};
