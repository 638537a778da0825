import type { CollectSnapshot } from '../checks/engine.js';
import { isUserError } from '../errors.js';
import type { CertificateInfo, Need, Sourced } from '../ise/snapshot/types.js';
import type { Services } from '../services.js';

/** Every certificate of a deployment (system per node, trusted), or why they could not be read. */
export type CollectCertificates = (
  deployment: string,
  signal?: AbortSignal,
  /** How far the read is ("12 of 58 nodes read"), for whoever waits. */
  progress?: (text: string) => void,
) => Promise<Sourced<CertificateInfo[]>>;

/** The certificate monitor reads only this: the node list names the nodes whose stores are read. */
const NEEDS: ReadonlySet<Need> = new Set<Need>(['certificates', 'nodes']);

/**
 * Certificates through the snapshot collector, the one reader of ISE. A collector that throws becomes
 * an `error` part, never an empty list: nothing read must not look like nothing expiring.
 */
export function certificatesVia(services: Services, collect: CollectSnapshot): CollectCertificates {
  return async (deployment, signal, progress) => {
    try {
      const access = services.deployments.get(deployment);
      const snapshot = await collect(access, NEEDS, {
        clock: services.clock,
        log: services.log,
        ...(signal === undefined ? {} : { signal }),
        ...(progress === undefined ? {} : { progress }),
      });
      return (
        snapshot.certificates ?? {
          state: 'error',
          error: 'The collector returned no certificates part.',
          source: 'collector',
        }
      );
    } catch (error) {
      if (!isUserError(error)) services.log.warn({ err: error, deployment }, 'certificate collection failed');
      return {
        state: 'error',
        error: error instanceof Error ? error.message : String(error),
        source: 'collector',
      };
    }
  };
}
