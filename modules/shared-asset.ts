import { ISynthesisSession, TerraformStack } from 'cdktf';
// Not re-exported by the package index; the hook TerraformAsset itself uses. cdktf is pinned (0.21.0).
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join, posix, relative, sep } from 'node:path';
import type { FunctionBundle } from './function-bundle';

/** Folder of the synth output, next to `stacks/`, that holds one copy of each function package. */
export const SHARED_FUNCTION_ASSETS = 'assets/functions';

/**
 * Per synth session (one per App): shared file name → base64 SHA-256 of the package copied there.
 * A file is copied once per synth, by the first stack that uses it, however many stacks follow.
 */
const copiedPerSession = new WeakMap<object, Map<string, string>>();

/**
 * A function package stored once for the whole app in `<outdir>/assets/functions/<name>.zip`,
 * referenced by every stack through a path relative to its working directory
 * (`<outdir>/stacks/<stack>`). cdktf's TerraformAsset copies its file into every stack that uses
 * it (`stacks/<stack>/assets/…`): with two functions in two regions per member account, that was
 * 2.5 MB per member, 734 MB of cdktf.out for 300 members, and as much disk I/O per synth.
 *
 * Terraform runs in the stack's directory (`terraform -chdir=cdktf.out/stacks/<stack>`, as
 * `cdktf deploy` does), so a stack directory needs its sibling `assets/` folder: deploy cdktf.out
 * whole, not one stack folder on its own.
 */
export class SharedFunctionAsset extends Construct {
  /** The package's path for `filename`, relative to the stack's working directory. */
  readonly path: string;
  private readonly fileName: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly bundle: FunctionBundle,
  ) {
    super(scope, id);
    this.fileName = basename(bundle.zipPath);
    this.path = posix.join('..', '..', SHARED_FUNCTION_ASSETS, this.fileName);
    addCustomSynthesis(this, { onSynthesize: (session) => this.store(session) });
  }

  private store(session: ISynthesisSession): void {
    const stackDir = join(
      session.outdir,
      session.manifest.forStack(TerraformStack.of(this)).workingDirectory,
    );
    const target = join(session.outdir, SHARED_FUNCTION_ASSETS, this.fileName);
    // The path above assumes cdktf's `stacks/<stack>` layout; fail synth rather than deploy a dangling path.
    if (relative(stackDir, target).split(sep).join('/') !== this.path) {
      throw new Error(`${this.node.path}: ${this.path} does not lead from ${stackDir} to ${target}`);
    }
    let copied = copiedPerSession.get(session.manifest);
    if (!copied) copiedPerSession.set(session.manifest, (copied = new Map()));
    const stored = copied.get(this.fileName);
    if (stored === this.bundle.sha256Base64) return;
    if (stored !== undefined) {
      throw new Error(
        `${this.node.path}: two different function packages are named ${this.fileName}; one would overwrite the other in ${SHARED_FUNCTION_ASSETS}`,
      );
    }
    mkdirSync(join(session.outdir, SHARED_FUNCTION_ASSETS), { recursive: true });
    copyFileSync(this.bundle.zipPath, target);
    copied.set(this.fileName, this.bundle.sha256Base64);
  }
}
