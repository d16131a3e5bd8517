import type { DslQuery } from './types';

/*
 * Patterns shared by the web access logs (ALB/ELB, CloudFront): scanner user agents and request
 * paths that only an attack produces. Matched with case-insensitive wildcards on keyword fields.
 */

/** Tools that announce themselves in the User-Agent header. */
export const SCANNER_USER_AGENTS: readonly string[] = [
  'sqlmap',
  'nikto',
  'nmap',
  'masscan',
  'zgrab',
  'nuclei',
  'gobuster',
  'dirbuster',
  'feroxbuster',
  'ffuf',
  'wpscan',
  'acunetix',
  'nessus',
  'openvas',
  'whatweb',
  'hydra',
];

/**
 * Path traversal, file disclosure and injection markers, as they appear in a logged URL (raw or
 * percent-encoded once: `../`, `%2e%2e%2f`, `<script`, `%3cscript`, `union select`, `${jndi:`).
 */
export const ATTACK_URL_PATTERNS: readonly string[] = [
  '../',
  '..%2f',
  '%2e%2e/',
  '%2e%2e%2f',
  '..\\',
  '%2e%2e%5c',
  '/etc/passwd',
  '/proc/self/environ',
  'win.ini',
  '<script',
  '%3cscript',
  'union+select',
  'union%20select',
  'union/**/select',
  '${jndi:',
  '%24%7bjndi:',
  '/.git/config',
  '/.env',
];

/**
 * A clause matching any of `patterns` anywhere in any of `fields`, ignoring case unless told
 * (flat_object sub-fields, such as a policy document in CloudTrail's `requestParameters`, match
 * case-sensitively).
 */
export function containsAny(
  fields: readonly string[],
  patterns: readonly string[],
  options: { caseSensitive?: boolean } = {},
): DslQuery {
  return {
    bool: {
      should: fields.flatMap((field) =>
        patterns.map((pattern) => ({
          wildcard: {
            [field]: options.caseSensitive
              ? { value: `*${escapeWildcard(pattern)}*` }
              : { value: `*${escapeWildcard(pattern)}*`, case_insensitive: true },
          },
        })),
      ),
      minimum_should_match: 1,
    },
  };
}

/** Wildcard syntax treats `*`, `?` and `\` specially. */
function escapeWildcard(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`);
}
