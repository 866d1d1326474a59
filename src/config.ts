/**
 * Configuration from the environment, validated once at start with messages that say which
 * variable is wrong.
 */
import path from 'node:path';
import { z } from 'zod';

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
});

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
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.RECTIFY_DATA_DIR),
    databaseUrl: values.DATABASE_URL ?? null,
    isDemoEnabled: values.RECTIFY_DEMO === 'auto',
    logLevel: values.LOG_LEVEL,
    evidenceMaxBytes: values.RECTIFY_EVIDENCE_MAX_BYTES,
  };
}
