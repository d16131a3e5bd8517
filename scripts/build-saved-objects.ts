/** `npm run build:saved-objects`: writes and validates build/saved-objects.ndjson. */
import { command } from '../cli/commands/saved-objects';

command.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
