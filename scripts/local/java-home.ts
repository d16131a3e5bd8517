/** Finds the JDK that runs OpenSearch: the integ-test distribution bundles none. */
import * as fs from 'node:fs';
import * as path from 'node:path';

function javaOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'java');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
  }
  return undefined;
}

/** OPENSEARCH_JAVA_HOME, else JAVA_HOME, else the JDK that owns the `java` on PATH. */
export function openSearchJavaHome(): string {
  const fromEnv = process.env.OPENSEARCH_JAVA_HOME || process.env.JAVA_HOME;
  if (fromEnv) return fromEnv;
  const java = javaOnPath();
  if (!java) throw new Error('no Java found: install a JDK 17 or set OPENSEARCH_JAVA_HOME');
  return path.dirname(path.dirname(java));
}
