import type {
  IsmPolicy,
  SnapshotManagementPolicy,
  SnapshotRepository,
} from '../../../opensearch/ism-policies';
import type { HttpClient } from '../../../opensearch/http-client';
import { containsDesired } from '../compare';
import { ResourceError, type ManagedResource, type ReconcileOptions, type StepReport } from '../reconcile';

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

/** The prefix of the path of the ISM APIs that act on managed indices. */
const ISM = '/_plugins/_ism';

/** What `GET _plugins/_ism/explain/<pattern>?show_policy=true` says of one index. */
interface ExplainedIndex {
  readonly 'index.plugins.index_state_management.policy_id'?: string | null;
  readonly policy_id?: string | null;
  /** The copy of the policy the index runs (ISM keeps one per managed index); absent until it is initialized. */
  readonly policy?: unknown;
}

/** Body of the answers of `POST _plugins/_ism/add|change_policy/<indices>`. */
interface IsmStatusResponse {
  readonly updated_indices?: number;
  readonly failures?: boolean;
  readonly failed_indices?: ReadonlyArray<{ readonly index_name: string; readonly reason: string }>;
}

/** The existing indices of one policy's patterns, by what they need. */
export interface ExistingIndicesPlan {
  readonly policyId: string;
  /** The policy's `ism_template` patterns, comma-joined (`siem-cloudtrail-*`). */
  readonly pattern: string;
  /** Managed by this policy but running an older version of it: `change_policy` to the current one. */
  readonly outdated: readonly string[];
  /** Managed by no policy (created before the policy, or with ISM off): `add` the policy. */
  readonly unmanaged: readonly string[];
  /** Managed by another policy, attached by hand: left alone, reported. */
  readonly otherPolicy: ReadonlyArray<{ readonly index: string; readonly policyId: string }>;
}

function templatePatterns(policy: IsmPolicy): string[] {
  const templates = policy.body.policy.ism_template;
  if (!Array.isArray(templates)) return [];
  return templates.flatMap((t: unknown) => {
    const patterns = (t as { index_patterns?: unknown }).index_patterns;
    return Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : [];
  });
}

/** The indices (open or closed, hidden too) that `pattern` matches; none is an empty list, not a 404. */
export async function matchingIndices(client: HttpClient, pattern: string): Promise<string[]> {
  // A pattern without a wildcard that names a missing index is a 404.
  const rows = await client.getIfExists<Array<{ index: string }>>(`/_cat/indices/${pattern}`, {
    query: { format: 'json', h: 'index', expand_wildcards: 'all' },
  });
  return (rows ?? []).map((row) => row.index);
}

/**
 * ISM copies a policy into each managed index when it attaches it, and an index keeps running
 * that copy: updating the policy changes only indices created afterwards. So existing indices are
 * compared one by one with the wanted policy (the copy `explain` shows), which also makes this
 * idempotent: once they run the current version there is nothing left to do.
 */
export async function planExistingIndices(
  client: HttpClient,
  policy: IsmPolicy,
): Promise<ExistingIndicesPlan> {
  const pattern = templatePatterns(policy).join(',');
  const plan = { policyId: policy.id, pattern, outdated: [] as string[], unmanaged: [] as string[] };
  const otherPolicy: Array<{ index: string; policyId: string }> = [];
  if (!pattern) return { ...plan, otherPolicy };
  // `explain` on a pattern that matches no index answers 400 ("no documents to get"), which is
  // every pattern on a new cluster: so the indices are listed first.
  if ((await matchingIndices(client, pattern)).length === 0) return { ...plan, otherPolicy };
  const explained =
    (await client.getIfExists<Record<string, unknown>>(`${ISM}/explain/${pattern}`, {
      query: { show_policy: true },
    })) ?? {};
  for (const [index, entry] of Object.entries(explained).sort(([a], [b]) => a.localeCompare(b))) {
    // Besides one object per index, the answer holds counters (`total_managed_indices`).
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as ExplainedIndex;
    const managedBy = e.policy_id ?? e['index.plugins.index_state_management.policy_id'] ?? null;
    if (managedBy === null) plan.unmanaged.push(index);
    else if (managedBy !== policy.id) otherPolicy.push({ index, policyId: managedBy });
    // Not yet initialized (no copy shown): ISM reads the stored policy, the current one, when it starts.
    else if (e.policy !== undefined && !containsDesired(e.policy, policy.body.policy))
      plan.outdated.push(index);
  }
  return { ...plan, otherPolicy };
}

/** Index lists short enough for a request line (OpenSearch refuses lines over 4 KB by default). */
function inBatches(indices: readonly string[], maxChars = 2000): string[] {
  const batches: string[] = [];
  let current = '';
  for (const index of indices.map(encodeURIComponent)) {
    if (current && current.length + 1 + index.length > maxChars) {
      batches.push(current);
      current = '';
    }
    current = current ? `${current},${index}` : index;
  }
  if (current) batches.push(current);
  return batches;
}

/**
 * `change_policy` and `add` on the indices named, not on the pattern: on a pattern
 * `change_policy` would also take over indices someone attached to another policy, and both would
 * answer with a failure for every index that needs nothing.
 */
async function postToIndices(
  client: HttpClient,
  api: 'change_policy' | 'add',
  indices: readonly string[],
  policyId: string,
): Promise<string[]> {
  const failures: string[] = [];
  for (const batch of inBatches(indices)) {
    const { body } = await client.request<IsmStatusResponse>('POST', `${ISM}/${api}/${batch}`, {
      body: { policy_id: policyId },
    });
    for (const failed of body.failed_indices ?? []) failures.push(`${failed.index_name}: ${failed.reason}`);
  }
  return failures;
}

const listed = (indices: readonly string[]) => indices.join(', ');

/**
 * Puts the existing indices of each retention policy on its current version: `change_policy`
 * for those running an older copy (ISM switches them at the end of their current state, so a
 * shorter `hotDays` reaches days already indexed), `add` for those no policy manages. Runs after
 * the policies themselves are written; a dry run only says what it would do.
 */
export async function applyPoliciesToExistingIndices(
  client: HttpClient,
  policies: readonly IsmPolicy[],
  ro: ReconcileOptions,
): Promise<StepReport> {
  const step = 'ISM managed indices';
  const would = ro.dryRun ? 'would ' : '';
  const updated: string[] = [];
  const unchanged: string[] = [];
  const notes: string[] = [];
  for (const [i, policy] of policies.entries()) {
    const progress = `[${step} ${i + 1}/${policies.length}]`;
    let label = `existing indices of policy ${policy.id}`;
    try {
      const plan = await planExistingIndices(client, policy);
      label = `existing indices of ${plan.pattern || '(no pattern)'} (policy ${policy.id})`;
      for (const { index, policyId } of plan.otherPolicy) {
        notes.push(`${index} is managed by policy ${policyId}, not ${policy.id}: left alone`);
      }
      if (plan.outdated.length + plan.unmanaged.length === 0) {
        unchanged.push(label);
        continue;
      }
      if (plan.outdated.length > 0) {
        const line = `${would}change_policy to the current ${policy.id} on ${listed(plan.outdated)}`;
        ro.log(`${progress} ${line}`);
        notes.push(line);
        if (!ro.dryRun) {
          for (const failure of await postToIndices(client, 'change_policy', plan.outdated, policy.id))
            notes.push(`change_policy ${failure} (re-run post-apply once the index has left its transition)`);
        }
      }
      if (plan.unmanaged.length > 0) {
        const line = `${would}add ${policy.id} to unmanaged ${listed(plan.unmanaged)}`;
        ro.log(`${progress} ${line}`);
        notes.push(line);
        if (!ro.dryRun) {
          for (const failure of await postToIndices(client, 'add', plan.unmanaged, policy.id))
            notes.push(`add ${failure}`);
        }
      }
      updated.push(label);
    } catch (err) {
      throw new ResourceError(label, err);
    }
  }
  return { step, created: [], updated, unchanged, notes };
}
