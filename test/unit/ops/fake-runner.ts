import type { CommandResult, RunCommand } from '../../../operations/deploy/command-runner';

export interface RecordedCommand {
  readonly line: string;
  readonly captureStdout: boolean;
}

/**
 * A runner that records each command line and answers from `respond` (exit 0, no output unless
 * told), standing in for terraform.
 */
export function fakeRunner(respond: (line: string) => Partial<CommandResult> = () => ({})) {
  const calls: RecordedCommand[] = [];
  const run: RunCommand = async (cmd, args, opts = {}) => {
    const line = [cmd, ...args].join(' ');
    calls.push({ line, captureStdout: opts.captureStdout ?? false });
    return { exitCode: 0, stdout: '', ...respond(line) };
  };
  return { run, calls, lines: () => calls.map((c) => c.line) };
}
