import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { join, resolve } from 'node:path';

export const SMS_DRIVERS = ['outbox', 'aliyun', 'tencent'] as const;
export type SmsDriver = (typeof SMS_DRIVERS)[number];

/** The messages a citizen may receive (`src/notifications/templates.ts` has their text). */
export const MESSAGE_TEMPLATES = ['receipt', 'codes', 'dispatched', 'extended', 'paused', 'resumed', 'replied', 'reopened', 'closed', 'transferred'] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

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

/** A decimal number (`0.15`, `.2`, `1`), or the raw value (so that @IsNumber fails on `15%` or `abc`). */
const toFraction =
  (fallback: number) =>
  ({ value }: { value: unknown }) =>
    value === undefined ? fallback : /^(\d+(\.\d*)?|\.\d+)$/.test(String(value)) ? Number(value) : value;

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
   * The least denominator at which a department's rate counts toward its score (and is shown as a rate
   * rather than 样本不足): one on-time sign must not make a department score 100.
   */
  @Transform(toInteger(5))
  @IsInt({ message: 'FIGURES_MIN_SAMPLE must be a whole number from 1 to 1000 (e.g. 5)' })
  @Min(1, { message: 'FIGURES_MIN_SAMPLE must be a whole number from 1 to 1000 (e.g. 5)' })
  @Max(1000, { message: 'FIGURES_MIN_SAMPLE must be a whole number from 1 to 1000 (e.g. 5)' })
  FIGURES_MIN_SAMPLE = 5;

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

  /**
   * The least similarity (Dice coefficient of the two texts' character bigrams, 0–1) at which an open
   * case is offered as a possible duplicate at intake. 0.15 is where the committed pairs
   * (test/fixtures/duplicate-pairs.ts) balance precision and recall (README "Chinese text search").
   */
  @Transform(toFraction(0.15))
  @IsNumber({}, { message: 'SIMILAR_THRESHOLD must be a number from 0 to 1 (e.g. 0.15)' })
  @Min(0, { message: 'SIMILAR_THRESHOLD must be a number from 0 to 1 (e.g. 0.15)' })
  @Max(1, { message: 'SIMILAR_THRESHOLD must be a number from 0 to 1 (e.g. 0.15)' })
  SIMILAR_THRESHOLD = 0.15;
  /** How SMS leave: `outbox` records them as held and sends nothing; `aliyun` or `tencent` send through that provider. */
  @IsOptional()
  @IsIn(SMS_DRIVERS)
  SMS_DRIVER?: SmsDriver;

  /** The provider's AccessKey ID (Aliyun) or SecretId (Tencent Cloud). */
  @IsOptional()
  @IsString()
  SMS_ACCESS_KEY_ID?: string;

  /** The provider's AccessKey secret (Aliyun) or SecretKey (Tencent Cloud). */
  @IsOptional()
  @IsString()
  SMS_ACCESS_KEY_SECRET?: string;

  /** The SMS signature (短信签名) registered with the provider, e.g. 清远12345. */
  @IsOptional()
  @IsString()
  SMS_SIGN_NAME?: string;

  /** The provider's template code for each message, `receipt=SMS_1,dispatched=SMS_2,…`. */
  @IsOptional()
  @Matches(/^[a-z_]+=[A-Za-z0-9_-]+(,[a-z_]+=[A-Za-z0-9_-]+)*$/, { message: 'SMS_TEMPLATES must look like receipt=SMS_123,replied=SMS_456' })
  SMS_TEMPLATES?: string;

  /** Tencent Cloud: the SmsSdkAppId. */
  @IsOptional()
  @IsString()
  SMS_SDK_APP_ID?: string;

  /** Tencent Cloud: the region. */
  @IsOptional()
  @IsString()
  SMS_REGION?: string;

  /** Another address for the provider's API (a private endpoint, or a test double): `http(s)://host[:port]`. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+\/?$/, { message: 'SMS_ENDPOINT must be http(s)://host[:port]' })
  SMS_ENDPOINT?: string;

  /** SMS to one phone number within 24 hours, at most; more are not sent (failed, `daily_cap`). */
  @Transform(toInteger(10))
  @IsInt()
  @Min(1)
  SMS_DAILY_CAP = 10;

  /** E-mail is sent through this SMTP server (`smtp://user:pass@host:587`, `smtps://…`); unset: e-mail is held. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be smtp://… or smtps://…' })
  SMTP_URL?: string;

  /** The sender of e-mail. */
  @IsOptional()
  @IsString()
  MAIL_FROM?: string;

  /** Where citizens reach this service (links in messages: the rating link). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** How often the notification sender looks for due messages (it is also woken at once after each commit); 0: never. */
  @Transform(toInteger(5))
  @IsInt()
  @Min(0)
  @Max(3600)
  NOTIFY_INTERVAL_SECONDS = 5;

  /** Where attachments are kept on local disk (when no S3 bucket is configured). */
  @IsOptional()
  @IsString()
  FILES_DIR?: string;

  /** An S3-compatible store for attachments (MinIO, OSS, COS, S3): all four of S3_ENDPOINT, S3_BUCKET and the keys. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsOptional()
  @IsString()
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional()
  @IsString()
  S3_REGION?: string;
}

export interface SmsConfig {
  driver: SmsDriver;
  accessKeyId?: string;
  accessKeySecret?: string;
  signName?: string;
  /** The provider's template code per message. */
  templates: Partial<Record<MessageTemplate, string>>;
  sdkAppId?: string;
  region: string;
  endpoint?: string;
  dailyCap: number;
}

export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
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
  /**
   * Cases per transaction of the deadline sweep (not an environment variable: a test sets it small to
   * see several chunks). A few thousand keep each chunk's row locks short (a fraction of a second).
   */
  sweepChunkSize: number;
  hotspotIntervalSeconds: number;
  supervisionGraceHours: number;
  scoreWeights: ScoreWeights;
  /** The least denominator at which a rate counts toward the score (FIGURES_MIN_SAMPLE). */
  figuresMinSample: number;
  /** The least similarity at which `/api/cases/similar` offers an open case (SIMILAR_THRESHOLD). */
  similarThreshold: number;
  sms: SmsConfig;
  /** Unset: e-mail is recorded as held. */
  smtpUrl?: string;
  mailFrom: string;
  /** The citizen's side of this service, for links in messages. */
  publicUrl: string;
  notifyIntervalSeconds: number;
  /** Attachments on local disk (when `s3` is unset). */
  filesDir: string;
  s3?: S3Config;
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
  const templates = parseTemplates(vars.SMS_TEMPLATES);
  const driver = vars.SMS_DRIVER ?? 'outbox';
  if (driver !== 'outbox') {
    for (const name of ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATES'] as const) {
      if (!vars[name]) problems.push(`${name} is required when SMS_DRIVER=${driver}`);
    }
    if (driver === 'tencent' && !vars.SMS_SDK_APP_ID) problems.push('SMS_SDK_APP_ID is required when SMS_DRIVER=tencent');
    const unknown = Object.keys(templates).filter((name) => !(MESSAGE_TEMPLATES as readonly string[]).includes(name));
    if (unknown.length > 0) problems.push(`SMS_TEMPLATES names unknown messages: ${unknown.join(', ')} (known: ${MESSAGE_TEMPLATES.join(', ')})`);
  }
  const s3 = [vars.S3_ENDPOINT, vars.S3_BUCKET, vars.S3_ACCESS_KEY_ID, vars.S3_SECRET_ACCESS_KEY];
  if (s3.some(Boolean) && !s3.every(Boolean)) {
    problems.push('S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set all four, or none');
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
    sweepChunkSize: 5000,
    hotspotIntervalSeconds: vars.HOTSPOT_INTERVAL_SECONDS,
    supervisionGraceHours: vars.SUPERVISION_GRACE_HOURS,
    scoreWeights: parseWeights(vars.SCORE_WEIGHTS),
    figuresMinSample: vars.FIGURES_MIN_SAMPLE,
    similarThreshold: vars.SIMILAR_THRESHOLD,
    sms: {
      driver,
      accessKeyId: vars.SMS_ACCESS_KEY_ID,
      accessKeySecret: vars.SMS_ACCESS_KEY_SECRET,
      signName: vars.SMS_SIGN_NAME,
      templates,
      sdkAppId: vars.SMS_SDK_APP_ID,
      region: vars.SMS_REGION ?? 'ap-guangzhou',
      endpoint: vars.SMS_ENDPOINT,
      dailyCap: vars.SMS_DAILY_CAP,
    },
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM ?? '12345政务服务便民热线 <noreply@12345.localhost>',
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ''),
    notifyIntervalSeconds: vars.NOTIFY_INTERVAL_SECONDS,
    filesDir: resolve(vars.FILES_DIR ?? join(vars.DATA_DIR ?? '.data', 'files')),
    s3: vars.S3_ENDPOINT
      ? {
          endpoint: vars.S3_ENDPOINT,
          bucket: vars.S3_BUCKET!,
          accessKeyId: vars.S3_ACCESS_KEY_ID!,
          secretAccessKey: vars.S3_SECRET_ACCESS_KEY!,
          region: vars.S3_REGION ?? 'us-east-1',
        }
      : undefined,
  };
}

function parseTemplates(text: string | undefined): Partial<Record<MessageTemplate, string>> {
  if (!text) return {};
  return Object.fromEntries(text.split(',').map((pair) => pair.split('=') as [string, string]));
}
