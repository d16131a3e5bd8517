/** Fetches artifacts from Maven Central through `mvn`, which caches them in ~/.m2 and honours the machine's Maven settings. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export class ArtifactNotServedError extends Error {}

function runMaven(args: string[]): void {
  const result = spawnSync('mvn', ['-B', '-q', ...args], { encoding: 'utf8' });
  if (result.error) throw new Error(`could not run mvn: ${result.error.message}`);
  if (result.status === 0) return;
  const output = `${result.stdout}\n${result.stderr}`;
  // A 404 from the registry (fresh, or remembered by ~/.m2) is an answer, unlike a network or build failure.
  if (/Unable to find artifact|Could not find artifact|was not found in|No versions available/.test(output)) {
    throw new ArtifactNotServedError(`not served: ${args.join(' ')}`);
  }
  throw new Error(`mvn ${args.join(' ')} failed (exit ${result.status}):\n${output.slice(-3000)}`);
}

/** Copies `group:artifact:version:type` into `outputDir` and returns the file's path. */
export function copyArtifact(coordinates: string, outputDir: string): string {
  const [, artifactId, version, type = 'jar'] = coordinates.split(':');
  const file = path.join(outputDir, `${artifactId}-${version}.${type}`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(outputDir, { recursive: true });
  runMaven(['dependency:copy', `-Dartifact=${coordinates}`, `-DoutputDirectory=${outputDir}`]);
  return file;
}

export interface MavenDependency {
  groupId: string;
  artifactId: string;
  version: string;
  /** Artifacts already on the classpath elsewhere, left out of the copy. */
  exclusions?: { groupId: string; artifactId: string }[];
}

/**
 * Resolves `dependency` with its runtime dependencies and copies all jars into `outputDir`.
 * Maven resolves transitive dependencies only for a project, so a one-dependency pom is generated in `workDir`.
 */
export function copyWithRuntimeDependencies(
  dependency: MavenDependency,
  workDir: string,
  outputDir: string,
): void {
  const exclusions = (dependency.exclusions ?? [])
    .map(
      (e) => `<exclusion><groupId>${e.groupId}</groupId><artifactId>${e.artifactId}</artifactId></exclusion>`,
    )
    .join('');
  const pom = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.siem</groupId>
  <artifactId>${dependency.artifactId}-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>${dependency.groupId}</groupId>
      <artifactId>${dependency.artifactId}</artifactId>
      <version>${dependency.version}</version>
      <exclusions>${exclusions}</exclusions>
    </dependency>
  </dependencies>
</project>
`;
  fs.mkdirSync(workDir, { recursive: true });
  const pomFile = path.join(workDir, 'pom.xml');
  fs.writeFileSync(pomFile, pom);
  runMaven([
    '-f',
    pomFile,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${outputDir}`,
  ]);
}
