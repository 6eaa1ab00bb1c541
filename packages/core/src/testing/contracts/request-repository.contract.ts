import { requestCancelContract } from './request-cancel.contract.js';
import { requestClaimContract } from './request-claim.contract.js';
import type { RepositoryFixture } from './request-contract-setup.js';
import { requestImagesContract } from './request-images.contract.js';
import { requestLeasesContract } from './request-leases.contract.js';
import { requestQueriesContract } from './request-queries.contract.js';
import { requestRetentionContract } from './request-retention.contract.js';
import { requestStoreContract } from './request-store.contract.js';

export type { RepositoryFixture } from './request-contract-setup.js';

/**
 * The behaviour every RequestRepository must have: the suite of each of its ports
 * (RequestStore, RequestLeases, RequestQueries, RequestRetention), plus the claim, cancel and
 * images cases. Core runs it against the in-memory fake, adapter-postgres against a real
 * PostgreSQL: one set of expectations, two worlds.
 */
export function requestRepositoryContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  requestStoreContract(name, setup);
  requestLeasesContract(name, setup);
  requestQueriesContract(name, setup);
  requestRetentionContract(name, setup);
  requestClaimContract(name, setup);
  requestCancelContract(name, setup);
  requestImagesContract(name, setup);
}
