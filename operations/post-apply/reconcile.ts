/**
 * Desired-state application: read each resource, compare, and only then create or update. A
 * second run over an unchanged cluster writes nothing and says so.
 */

export interface ManagedResource<Current> {
  /** What the resource is, for progress lines and errors: `index template siem-cloudtrail`. */
  readonly label: string;
  /** The stored resource, or undefined when it does not exist. */
  read(): Promise<Current | undefined>;
  isCurrent(current: Current): boolean;
  create(): Promise<void>;
  update(current: Current): Promise<void>;
}

export interface StepReport {
  readonly step: string;
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  /** Set when the step did not run at all, with the reason. */
  readonly skipped?: string;
  /** Anything worth a human look that is not an error (duplicates, stale objects). */
  readonly notes?: readonly string[];
}

export interface ReconcileOptions {
  /** Report what would change, write nothing. @default false */
  readonly dryRun?: boolean;
  readonly log: (line: string) => void;
}

export class ResourceError extends Error {
  constructor(label: string, cause: unknown) {
    super(`${label}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ResourceError';
  }
}

export function skippedStep(step: string, reason: string): StepReport {
  return { step, created: [], updated: [], unchanged: [], skipped: reason };
}

export async function reconcile<C>(
  step: string,
  resources: ReadonlyArray<ManagedResource<C>>,
  opts: ReconcileOptions,
): Promise<StepReport> {
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const would = opts.dryRun ? 'would ' : '';
  for (const [i, resource] of resources.entries()) {
    const progress = `[${step} ${i + 1}/${resources.length}]`;
    try {
      const current = await resource.read();
      if (current === undefined) {
        if (!opts.dryRun) await resource.create();
        created.push(resource.label);
        opts.log(`${progress} ${would}create ${resource.label}`);
      } else if (!resource.isCurrent(current)) {
        if (!opts.dryRun) await resource.update(current);
        updated.push(resource.label);
        opts.log(`${progress} ${would}update ${resource.label}`);
      } else {
        unchanged.push(resource.label);
      }
    } catch (err) {
      throw new ResourceError(resource.label, err);
    }
  }
  return { step, created, updated, unchanged };
}

export function summarize(report: StepReport, dryRun = false): string {
  if (report.skipped) return `${report.step}: skipped (${report.skipped})`;
  const verb = dryRun ? ['to create', 'to update'] : ['created', 'updated'];
  return `${report.step}: ${report.created.length} ${verb[0]}, ${report.updated.length} ${verb[1]}, ${report.unchanged.length} unchanged`;
}
