/**
 * A log function for long operations: lines ending in `\r` are progress that overwrite each
 * other on a terminal; in CI logs (no TTY) they are printed only when they change, so a
 * two-hour restore does not print thousands of identical lines.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stdout): (line: string) => void {
  let lastProgress = '';
  let progressShown = false;
  return (line) => {
    if (line.endsWith('\r')) {
      if (stream.isTTY) {
        stream.write(`\x1b[2K${line}`);
        progressShown = true;
      } else if (line !== lastProgress) {
        stream.write(`${line.slice(0, -1)}\n`);
      }
      lastProgress = line;
      return;
    }
    if (progressShown) stream.write('\n');
    progressShown = false;
    if (line) stream.write(`${line}\n`);
  };
}
