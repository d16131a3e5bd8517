import type {
  IsmPolicy,
  SnapshotManagementPolicy,
  SnapshotRepository,
} from '../../../opensearch/ism-policies';
import type { HttpClient } from '../../opensearch-client';
import { containsDesired } from '../compare';
import type { ManagedResource } from '../reconcile';

interface Versioned {
  readonly _seq_no: number;
  readonly _primary_term: number;
}

/** Optimistic concurrency: an update loses rather than overwrites a change made since the read. */
const ifUnchanged = (v: Versioned) => ({ if_seq_no: v._seq_no, if_primary_term: v._primary_term });

export function ismPolicyResources(
  client: HttpClient,
  policies: readonly IsmPolicy[],
): ManagedResource<Versioned & { policy: unknown }>[] {
  return policies.map((p) => {
    const path = `/_plugins/_ism/policies/${encodeURIComponent(p.id)}`;
    return {
      label: `ISM policy ${p.id}`,
      read: () => client.getIfExists<Versioned & { policy: unknown }>(path),
      isCurrent: (current) => containsDesired(current.policy, p.body.policy),
      async create() {
        await client.request('PUT', path, { body: p.body });
      },
      async update(current) {
        await client.request('PUT', path, { body: p.body, query: ifUnchanged(current) });
      },
    };
  });
}

export function snapshotRepositoryResource(
  client: HttpClient,
  repository: SnapshotRepository,
): ManagedResource<{ type: string; settings: unknown }> {
  const path = `/_snapshot/${encodeURIComponent(repository.name)}`;
  const put = async () => {
    await client.request('PUT', path, { body: repository.body });
  };
  return {
    label: `snapshot repository ${repository.name} (${repository.body.type})`,
    async read() {
      const found = await client.getIfExists<Record<string, { type: string; settings: unknown }>>(path);
      return found?.[repository.name];
    },
    isCurrent: (current) => containsDesired(current, repository.body),
    create: put,
    update: put,
  };
}

export function snapshotPolicyResource(
  client: HttpClient,
  policy: SnapshotManagementPolicy,
): ManagedResource<Versioned & { sm_policy: unknown }> {
  const path = `/_plugins/_sm/policies/${encodeURIComponent(policy.id)}`;
  return {
    label: `snapshot management policy ${policy.id}`,
    read: () => client.getIfExists<Versioned & { sm_policy: unknown }>(path),
    isCurrent: (current) => containsDesired(current.sm_policy, policy.body),
    async create() {
      await client.request('POST', path, { body: policy.body });
    },
    async update(current) {
      await client.request('PUT', path, { body: policy.body, query: ifUnchanged(current) });
    },
  };
}
