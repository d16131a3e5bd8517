/**
 * What a node with the security plugin needs in its config folder: transport TLS certificates (mandatory
 * for the plugin; made here with `openssl`), the plugin's own default security config files, and an
 * `admin` internal user whose bcrypt hash the plugin's own Hasher makes. HTTP stays plain with basic auth:
 * the node listens on 127.0.0.1 only, and the product's TLS (on AWS) is not what these tests check.
 * Certificates and the hash are made once into `.cache/opensearch/security/` and copied into each run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSearchJavaHome } from './java-home';
import { openSearchCacheDir } from './paths';

/** Local test credentials of a node that listens on 127.0.0.1 only; it passes the plugin's password rules. */
export const LOCAL_ADMIN = { user: 'admin', password: 'Siem-Local-Adm1n!2026' } as const;

const securityCacheDir = path.join(openSearchCacheDir, 'security');
const certsCacheDir = path.join(securityCacheDir, 'certs');
const NODE_DN = 'CN=node-0.siem.local,OU=Node,O=Siem,L=Test,C=DE';
const ADMIN_DN = 'CN=siem-admin,OU=Client,O=Siem,L=Test,C=DE';
const CERT_DAYS = 3650;

/** `opensearch.yml` settings of a secured node; paths are relative to its config folder. */
export function securitySettings(): Record<string, string | boolean | string[]> {
  return {
    'plugins.security.ssl.transport.pemcert_filepath': 'certs/node.pem',
    'plugins.security.ssl.transport.pemkey_filepath': 'certs/node-key.pem',
    'plugins.security.ssl.transport.pemtrustedcas_filepath': 'certs/root-ca.pem',
    'plugins.security.ssl.transport.enforce_hostname_verification': false,
    'plugins.security.ssl.http.enabled': false,
    'plugins.security.allow_default_init_securityindex': true,
    'plugins.security.authcz.admin_dn': [ADMIN_DN],
    'plugins.security.nodes_dn': [NODE_DN],
    'plugins.security.audit.type': 'internal_opensearch',
    'plugins.security.enable_snapshot_restore_privilege': true,
    'plugins.security.check_snapshot_restore_write_privileges': true,
    'plugins.security.restapi.roles_enabled': ['all_access', 'security_rest_api_access'],
    'plugins.security.system_indices.enabled': true,
    'plugins.security.system_indices.indices': [
      '.opendistro-alerting-config',
      '.opendistro-alerting-alert*',
      '.opensearch-notifications-*',
      '.opendistro-ism-config',
      '.opendistro-job-scheduler-lock',
    ],
  };
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A key (PKCS#8, as the plugin requires) and a certificate signed by the local root CA. */
function issue(cwd: string, name: string, subject: string, extensions: string): void {
  openssl(
    ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}-key.pem`],
    cwd,
  );
  openssl(['req', '-new', '-key', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`], cwd);
  fs.writeFileSync(path.join(cwd, `${name}.ext`), extensions);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'root-ca.pem',
      '-CAkey',
      'root-ca-key.pem',
      '-CAcreateserial',
      '-sha256',
      '-days',
      String(CERT_DAYS),
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ],
    cwd,
  );
  fs.rmSync(path.join(cwd, `${name}.csr`));
  fs.rmSync(path.join(cwd, `${name}.ext`));
}

/** openssl wants `/C=DE/L=Test/...` with the most significant part first. */
const toOpensslSubject = (dn: string): string => `/${dn.split(',').reverse().join('/')}`;

function ensureCertificates(): void {
  if (fs.existsSync(path.join(certsCacheDir, 'admin.pem'))) return;
  const staging = `${certsCacheDir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  openssl(['genrsa', '-out', 'root-ca-key.pem', '2048'], staging);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'root-ca-key.pem',
      '-sha256',
      '-days',
      String(CERT_DAYS),
      '-out',
      'root-ca.pem',
      '-subj',
      '/O=Siem/OU=Local test CA/CN=siem-local-root-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    staging,
  );
  issue(
    staging,
    'node',
    toOpensslSubject(NODE_DN),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n' +
      'extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:node-0.siem.local,DNS:localhost,IP:127.0.0.1\n',
  );
  issue(
    staging,
    'admin',
    toOpensslSubject(ADMIN_DN),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  );
  fs.rmSync(path.join(staging, 'root-ca.srl'), { force: true });
  fs.rmSync(certsCacheDir, { recursive: true, force: true });
  fs.renameSync(staging, certsCacheDir);
}

/** bcrypt hash of the local admin password, made by the plugin's own Hasher (once). */
function adminPasswordHash(home: string): string {
  const hashFile = path.join(securityCacheDir, 'admin-hash.txt');
  if (fs.existsSync(hashFile)) {
    const [password, hash] = fs.readFileSync(hashFile, 'utf8').split('\n');
    if (password === LOCAL_ADMIN.password && hash) return hash;
  }
  const classpath = [
    path.join(home, 'plugins', 'opensearch-security', '*'),
    path.join(home, 'lib', '*'),
  ].join(':');
  const output = execFileSync(
    path.join(openSearchJavaHome(), 'bin', 'java'),
    ['-cp', classpath, 'org.opensearch.security.tools.Hasher', '-p', LOCAL_ADMIN.password],
    { encoding: 'utf8' },
  );
  const hash = output.trim().split('\n').pop() ?? '';
  if (!hash.startsWith('$2')) throw new Error(`the security plugin's Hasher gave no bcrypt hash: ${output}`);
  fs.mkdirSync(securityCacheDir, { recursive: true });
  fs.writeFileSync(hashFile, `${LOCAL_ADMIN.password}\n${hash}\n`);
  return hash;
}

/**
 * Writes certs/ and opensearch-security/ into `configDir`. The plugin reads opensearch-security/ into its
 * index on the node's first start only (allow_default_init_securityindex).
 */
export function writeSecurityConfig(home: string, configDir: string): void {
  ensureCertificates();
  const certs = path.join(configDir, 'certs');
  fs.mkdirSync(certs, { recursive: true });
  for (const file of ['root-ca.pem', 'node.pem', 'node-key.pem', 'admin.pem', 'admin-key.pem'])
    fs.copyFileSync(path.join(certsCacheDir, file), path.join(certs, file));

  const defaults = path.join(home, 'config', 'opensearch-security');
  const target = path.join(configDir, 'opensearch-security');
  fs.mkdirSync(target, { recursive: true });
  for (const file of [
    'action_groups.yml',
    'allowlist.yml',
    'audit.yml',
    'config.yml',
    'nodes_dn.yml',
    'roles.yml',
    'tenants.yml',
  ])
    fs.copyFileSync(path.join(defaults, file), path.join(target, file));
  fs.writeFileSync(
    path.join(target, 'internal_users.yml'),
    [
      '---',
      '_meta:',
      '  type: "internalusers"',
      '  config_version: 2',
      `${LOCAL_ADMIN.user}:`,
      `  hash: "${adminPasswordHash(home)}"`,
      '  reserved: true',
      '  backend_roles:',
      '  - "admin"',
      '  description: "local test administrator"',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(target, 'roles_mapping.yml'),
    [
      '---',
      '_meta:',
      '  type: "rolesmapping"',
      '  config_version: 2',
      'all_access:',
      '  reserved: false',
      '  backend_roles:',
      '  - "admin"',
      'security_rest_api_access:',
      '  reserved: false',
      '  backend_roles:',
      '  - "admin"',
      '',
    ].join('\n'),
  );
}
