/**
 * Configuration from the environment, validated once at start with messages that say which
 * variable is wrong.
 */
import path from 'node:path';
import { z } from 'zod';
import { LdapConfigError, readLdapConfig, type LdapConfig } from './modules/users/ldap-config.ts';

const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  RECTIFY_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  RECTIFY_DEMO: z.enum(['auto', 'off']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RECTIFY_EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 * 1024),
  RECTIFY_SUPERVISE_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  RECTIFY_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'RECTIFY_PUBLIC_URL must be an http:// or https:// URL' })
    .optional(),
  RECTIFY_TRUST_PROXY: z.string().default('false'),
  RECTIFY_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(8 * 60),
  RECTIFY_SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(7),
  RECTIFY_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'RECTIFY_SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  RECTIFY_SMTP_FROM: z.string().optional(),
});

/** Fastify's trustProxy: false, true, a hop count, or addresses/CIDRs separated by commas. */
export type TrustProxySetting = boolean | number | string;

function parseTrustProxy(value: string): TrustProxySetting {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true') return true;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** Load demo data on the first start of an empty database. */
  isDemoEnabled: boolean;
  logLevel: string;
  /** Evidence upload limit in bytes. */
  evidenceMaxBytes: number;
  /** Minutes between the server's supervision scans; 0 or absent turns the scheduler off. */
  superviseIntervalMinutes?: number;
  /** The origin users reach the app at (RECTIFY_PUBLIC_URL), for the same-origin check of writes. */
  publicOrigin?: string | null;
  /** Whether (and which) proxies' X-Forwarded-* headers are believed (RECTIFY_TRUST_PROXY). */
  trustProxy?: TrustProxySetting;
  /** Session idle and absolute expiry in milliseconds. */
  sessionIdleMs?: number;
  sessionAbsoluteMs?: number;
  /** The LDAP / AD directory (RECTIFY_LDAP_*), or null for local accounts only. */
  ldap?: LdapConfig | null;
  /** SMTP server for e-mail notifications (RECTIFY_SMTP_URL), or null: no e-mail. */
  smtpUrl?: string | null;
  /** The From address of notification e-mails (RECTIFY_SMTP_FROM). */
  smtpFrom?: string | null;
}

export class ConfigError extends Error {}

/** Reads the configuration; throws a ConfigError naming the variable. */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = EnvironmentSchema.safeParse(
    Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== '')),
  );
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(
      `配置错误 invalid configuration: ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    );
  }
  const values = result.data;
  let ldap: LdapConfig | null;
  try {
    ldap = readLdapConfig(environment);
  } catch (error) {
    if (error instanceof LdapConfigError) throw new ConfigError(error.message);
    throw error;
  }
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.RECTIFY_DATA_DIR),
    databaseUrl: values.DATABASE_URL ?? null,
    isDemoEnabled: values.RECTIFY_DEMO === 'auto',
    logLevel: values.LOG_LEVEL,
    evidenceMaxBytes: values.RECTIFY_EVIDENCE_MAX_BYTES,
    superviseIntervalMinutes: values.RECTIFY_SUPERVISE_INTERVAL_MINUTES,
    publicOrigin: values.RECTIFY_PUBLIC_URL ? new URL(values.RECTIFY_PUBLIC_URL).origin : null,
    trustProxy: parseTrustProxy(values.RECTIFY_TRUST_PROXY),
    sessionIdleMs: values.RECTIFY_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: Math.round(values.RECTIFY_SESSION_MAX_DAYS * 24 * 60 * 60_000),
    ldap,
    smtpUrl: values.RECTIFY_SMTP_URL ?? null,
    smtpFrom: values.RECTIFY_SMTP_FROM ?? null,
  };
}
