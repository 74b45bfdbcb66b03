import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { resolve } from 'node:path';

/** `true/false`, `1/0`, `yes/no`, `on/off`; anything else stays a string and fails validation. */
const toBoolean = ({ value }: { value: unknown }) => {
  const text = String(value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return value;
};

/** A whole decimal number, or the raw value (so that @IsInt fails on `0x1F90`, `1e3` or `12h`). */
const toInteger =
  (fallback: number) =>
  ({ value }: { value: unknown }) =>
    value === undefined ? fallback : /^\d+$/.test(String(value)) ? Number(value) : value;

/** The process environment as this service understands it. Nothing else reads `process.env`. */
class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInteger(3000))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /** The role that owns the schema, for migrations; DATABASE_URL is then the role the app serves through. */
  @IsOptional()
  @IsString()
  MIGRATION_DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInteger(12))
  @IsInt()
  @Min(1)
  @Max(24 * 7)
  TOKEN_TTL_HOURS = 12;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  /** The built web console (`npm run build:web` writes it to `web/dist`). */
  @IsOptional()
  @IsString()
  WEB_DIR?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** Requests from one client before the public endpoints answer 429, per minute. */
  @Transform(toInteger(30))
  @IsInt()
  @Min(1)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 30;

  /** Login attempts from one client per minute, on top of the per-account block after repeated failures. */
  @Transform(toInteger(20))
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 20;

  /** How often the deadline sweep (reminders, overdue, automatic supervision) runs; 0 turns it off. */
  @Transform(toInteger(30))
  @IsInt()
  @Min(0)
  @Max(3600)
  SWEEP_INTERVAL_SECONDS = 30;

  /** How often hotspot detection runs besides after intakes (at most once a second); 0 leaves only the intakes. */
  @Transform(toInteger(60))
  @IsInt()
  @Min(0)
  @Max(3600)
  HOTSPOT_INTERVAL_SECONDS = 60;

  /** How long a case may stay overdue before it is put under supervision (督办) automatically. */
  @Transform(toInteger(24))
  @IsInt()
  @Min(0)
  @Max(24 * 30)
  SUPERVISION_GRACE_HOURS = 24;

  /**
   * Weights of the composite score, as `rate=weight` pairs over signOnTime, replyOnTime, resolution and
   * satisfaction. Default as one city publishes: 0.1 × sign-on-time + 0.5 × resolution + 0.4 × satisfaction.
   */
  @IsOptional()
  @Matches(/^(signOnTime|replyOnTime|resolution|satisfaction)=\d+(\.\d+)?(,(signOnTime|replyOnTime|resolution|satisfaction)=\d+(\.\d+)?)*$/, {
    message: 'SCORE_WEIGHTS must look like signOnTime=0.1,resolution=0.5,satisfaction=0.4',
  })
  SCORE_WEIGHTS?: string;

  /**
   * Which proxies may set X-Forwarded-For (Express `trust proxy`): the client address that rate limits
   * count by. `loopback` by default; behind a load balancer, its address or subnet.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /**
   * How long an Idempotency-Key's outcome is kept (a retry within it replays; after it, the key is
   * forgotten). Bounds the table: tens of thousands of intakes a day, each storing its answer.
   */
  @Transform(toInteger(7))
  @IsInt()
  @Min(1)
  @Max(3650)
  IDEMPOTENCY_KEY_RETENTION_DAYS = 7;

  /**
   * Failed status lookups (a wrong verification) per hour, counted per tracking code (from all clients
   * together) and per client address. Past it, lookups with the phone's last four digits answer 429;
   * the right query code still opens the citizen's own case.
   */
  @Transform(toInteger(20))
  @IsInt()
  @Min(1)
  LOOKUP_FAILURES_PER_HOUR = 20;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  /** Unset means: start the embedded PostgreSQL under `dataDir`. */
  databaseUrl?: string;
  /** The owner, for migrations (see `database/database-roles.ts`). */
  migrationDatabaseUrl?: string;
  /** Unset outside production means: generated once and kept in the database. */
  jwtSecret?: string;
  tokenTtlSeconds: number;
  seedDemo: boolean;
  redisUrl?: string;
  dataDir: string;
  /** Where the built web console is; served at `/` and `/citizen` when it is there. */
  webDir: string;
  logLevel: string;
  publicRateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  lookupFailuresPerHour: number;
  trustProxy: string;
  idempotencyKeyRetentionDays: number;
  sweepIntervalSeconds: number;
  hotspotIntervalSeconds: number;
  supervisionGraceHours: number;
  scoreWeights: ScoreWeights;
}

export const SCORED_RATES = ['signOnTime', 'replyOnTime', 'resolution', 'satisfaction'] as const;
export type ScoredRate = (typeof SCORED_RATES)[number];
export type ScoreWeights = Partial<Record<ScoredRate, number>>;

function parseWeights(text: string | undefined): ScoreWeights {
  if (!text) return { signOnTime: 0.1, resolution: 0.5, satisfaction: 0.4 };
  return Object.fromEntries(text.split(',').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])]));
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

/** Reads and validates the environment once, at boot; throws a readable error listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (`FOO=`, or `FOO: ${FOO}` in a compose file) means unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const vars = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const errors = validateSync(vars, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (vars.NODE_ENV === 'production' && !vars.JWT_SECRET) {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
  const databaseUrl = vars.DATABASE_URL;
  return {
    env: vars.NODE_ENV,
    port: vars.PORT,
    databaseUrl,
    migrationDatabaseUrl: vars.MIGRATION_DATABASE_URL,
    jwtSecret: vars.JWT_SECRET,
    tokenTtlSeconds: vars.TOKEN_TTL_HOURS * 3600,
    seedDemo: vars.SEED_DEMO ?? databaseUrl === undefined,
    redisUrl: vars.REDIS_URL,
    dataDir: resolve(vars.DATA_DIR ?? '.data'),
    webDir: resolve(vars.WEB_DIR ?? 'web/dist'),
    logLevel: vars.LOG_LEVEL ?? (vars.NODE_ENV === 'test' ? 'warn' : 'info'),
    publicRateLimitPerMinute: vars.PUBLIC_RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: vars.LOGIN_RATE_LIMIT_PER_MINUTE,
    lookupFailuresPerHour: vars.LOOKUP_FAILURES_PER_HOUR,
    trustProxy: vars.TRUST_PROXY ?? 'loopback',
    idempotencyKeyRetentionDays: vars.IDEMPOTENCY_KEY_RETENTION_DAYS,
    sweepIntervalSeconds: vars.SWEEP_INTERVAL_SECONDS,
    hotspotIntervalSeconds: vars.HOTSPOT_INTERVAL_SECONDS,
    supervisionGraceHours: vars.SUPERVISION_GRACE_HOURS,
    scoreWeights: parseWeights(vars.SCORE_WEIGHTS),
  };
}
