/**
 * LDAP / Active Directory login configuration from the environment: where the directory is, the
 * service account that searches it (password from the variable or a `_FILE`), how a username
 * becomes a search filter, which groups give which role in which office and units, and TLS.
 * Without RECTIFY_LDAP_URL there is no directory and only local accounts sign in.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { allRoles } from './scope.rules.ts';
import type { Role } from './actor.ts';

export interface LdapGroupGrant {
  /** The role the group gives, or `disabled`: members may not sign in at all. */
  role: Role | 'disabled';
  /** The office by name (巡察办), for every role but a system-wide admin. */
  office?: string;
  /** Units by name within the office, for unit-scoped roles. */
  units?: string[];
}

export interface LdapConfig {
  url: string;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  /** A filter with `{username}` where the escaped username goes, e.g. `(uid={username})`. */
  userFilter: string;
  /** Where groups are searched (by member DN); defaults to the search base. */
  groupSearchBase: string;
  /** Group DN (lower case) → what membership grants; the first listed matching group wins. */
  groupRoleMap: Map<string, LdapGroupGrant>;
  /** Attributes read for the account's name and department. */
  nameAttribute: string;
  departmentAttribute: string;
  startTls: boolean;
  tls: { ca?: string; rejectUnauthorized: boolean };
  timeoutMs: number;
}

const GrantSchema = z.object({
  role: z.enum(['disabled', ...allRoles] as [string, ...string[]]),
  office: z.string().min(1).optional(),
  units: z.array(z.string().min(1)).optional(),
});
const GroupRoleMapSchema = z.record(z.string().min(1), GrantSchema);

export class LdapConfigError extends Error {}

function secret(environment: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = environment[`${name}_FILE`];
  if (file) {
    try {
      return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new LdapConfigError(
        `配置错误 invalid configuration: ${name}_FILE: cannot read ${file} (${String(error)})`,
      );
    }
  }
  return environment[name] || undefined;
}

function required(environment: NodeJS.ProcessEnv, name: string): string {
  const value = environment[name];
  if (!value)
    throw new LdapConfigError(`配置错误 invalid configuration: ${name} is required with RECTIFY_LDAP_URL`);
  return value;
}

/** The directory configuration, or null when RECTIFY_LDAP_URL is not set. */
export function readLdapConfig(environment: NodeJS.ProcessEnv = process.env): LdapConfig | null {
  const url = environment.RECTIFY_LDAP_URL;
  if (!url) return null;
  if (!/^ldaps?:\/\//.test(url)) {
    throw new LdapConfigError(
      '配置错误 invalid configuration: RECTIFY_LDAP_URL must start with ldap:// or ldaps://',
    );
  }
  const userFilter = environment.RECTIFY_LDAP_USER_FILTER || '(uid={username})';
  if (!userFilter.includes('{username}')) {
    throw new LdapConfigError(
      '配置错误 invalid configuration: RECTIFY_LDAP_USER_FILTER must contain {username}',
    );
  }
  let groupRoleMap: Map<string, LdapGroupGrant>;
  try {
    const parsed = GroupRoleMapSchema.parse(JSON.parse(environment.RECTIFY_LDAP_GROUP_ROLE_MAP || '{}'));
    groupRoleMap = new Map(
      Object.entries(parsed).map(([dn, grant]) => [normaliseDn(dn), grant as LdapGroupGrant]),
    );
  } catch (error) {
    throw new LdapConfigError(
      `配置错误 invalid configuration: RECTIFY_LDAP_GROUP_ROLE_MAP: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const caFile = environment.RECTIFY_LDAP_TLS_CA_FILE;
  const searchBase = required(environment, 'RECTIFY_LDAP_SEARCH_BASE');
  return {
    url,
    bindDn: environment.RECTIFY_LDAP_BIND_DN ?? '',
    bindPassword: secret(environment, 'RECTIFY_LDAP_BIND_PASSWORD') ?? '',
    searchBase,
    userFilter,
    groupSearchBase: environment.RECTIFY_LDAP_GROUP_SEARCH_BASE || searchBase,
    groupRoleMap,
    nameAttribute: environment.RECTIFY_LDAP_NAME_ATTRIBUTE || 'cn',
    departmentAttribute: environment.RECTIFY_LDAP_DEPARTMENT_ATTRIBUTE || 'ou',
    startTls: environment.RECTIFY_LDAP_STARTTLS === 'true',
    tls: {
      ca: caFile ? fs.readFileSync(caFile, 'utf8') : undefined,
      rejectUnauthorized: environment.RECTIFY_LDAP_TLS_REJECT_UNAUTHORIZED !== 'false',
    },
    timeoutMs: Number(environment.RECTIFY_LDAP_TIMEOUT_MS || 5000),
  };
}

/** DNs compare case-insensitively and without spaces after commas. */
export function normaliseDn(dn: string): string {
  return dn
    .split(',')
    .map((part) => part.trim())
    .join(',')
    .toLowerCase();
}
