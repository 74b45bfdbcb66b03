import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const SECRET = 'x'.repeat(32);
const DB = 'postgres://hotline:hotline@db:5432/hotline';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has sensible defaults for an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: undefined,
      jwtSecret: undefined,
      tokenTtlSeconds: 12 * 3600,
      seedDemo: true,
      redisUrl: undefined,
      dataDir: resolve('.data'),
      logLevel: 'info',
      publicRateLimitPerMinute: 30,
      loginRateLimitPerMinute: 20,
      lookupFailuresPerHour: 20,
      similarThreshold: 0.15,
    });
  });

  it('reads every variable it knows', () => {
    expect(
      loadConfig({
        NODE_ENV: 'production',
        PORT: '8080',
        DATABASE_URL: DB,
        JWT_SECRET: SECRET,
        TOKEN_TTL_HOURS: '2',
        SEED_DEMO: 'false',
        REDIS_URL: 'redis://cache:6379',
        DATA_DIR: '/var/lib/hotline',
        LOG_LEVEL: 'debug',
        PUBLIC_RATE_LIMIT_PER_MINUTE: '5',
        LOGIN_RATE_LIMIT_PER_MINUTE: '7',
        LOOKUP_FAILURES_PER_HOUR: '9',
        SIMILAR_THRESHOLD: '0.3',
      }),
    ).toMatchObject({
      env: 'production',
      port: 8080,
      databaseUrl: DB,
      jwtSecret: SECRET,
      tokenTtlSeconds: 7200,
      seedDemo: false,
      redisUrl: 'redis://cache:6379',
      dataDir: '/var/lib/hotline',
      logLevel: 'debug',
      publicRateLimitPerMinute: 5,
      loginRateLimitPerMinute: 7,
      lookupFailuresPerHour: 9,
      similarThreshold: 0.3,
    });
  });

  it('ignores variables it does not know (the real process environment has plenty)', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', npm_config_cache: '/tmp' }).port).toBe(3000);
  });

  it.each([
    [{}, 3000],
    [{ PORT: '' }, 3000],
    [{ PORT: '8080' }, 8080],
    [{ PORT: '0' }, 0],
    [{ PORT: '65535' }, 65535],
  ])('port: %j → %i', (env, port) => {
    expect(loadConfig(env).port).toBe(port);
  });

  it.each([
    [{}, 43200],
    [{ TOKEN_TTL_HOURS: '' }, 43200],
    [{ TOKEN_TTL_HOURS: '1' }, 3600],
    [{ TOKEN_TTL_HOURS: '24' }, 86400],
    [{ TOKEN_TTL_HOURS: '168' }, 168 * 3600],
  ])('token TTL: %j → %i seconds', (env, seconds) => {
    expect(loadConfig(env).tokenTtlSeconds).toBe(seconds);
  });

  it.each<[string, NodeJS.ProcessEnv, boolean]>([
    ['embedded database: seeds the demo', {}, true],
    ['an empty DATABASE_URL counts as unset', { DATABASE_URL: '' }, true],
    ['own database: no demo', { DATABASE_URL: DB }, false],
    ['SEED_DEMO=false overrides the embedded default', { SEED_DEMO: 'false' }, false],
    ['SEED_DEMO=0', { SEED_DEMO: '0' }, false],
    ['SEED_DEMO=true overrides the DATABASE_URL default', { DATABASE_URL: DB, SEED_DEMO: 'true' }, true],
    ['SEED_DEMO=TRUE', { DATABASE_URL: DB, SEED_DEMO: 'TRUE' }, true],
    ['SEED_DEMO=1', { DATABASE_URL: DB, SEED_DEMO: '1' }, true],
    ['SEED_DEMO=yes', { DATABASE_URL: DB, SEED_DEMO: 'yes' }, true],
    ['SEED_DEMO=on', { DATABASE_URL: DB, SEED_DEMO: 'on' }, true],
    ['SEED_DEMO=true with no DATABASE_URL', { SEED_DEMO: 'true' }, true],
    ['SEED_DEMO=false with a DATABASE_URL', { DATABASE_URL: DB, SEED_DEMO: 'false' }, false],
    ['an empty SEED_DEMO falls back to the default (embedded)', { SEED_DEMO: '' }, true],
    ['an empty SEED_DEMO falls back to the default (own database)', { DATABASE_URL: DB, SEED_DEMO: '' }, false],
  ])('seedDemo: %s', (_what, env, seedDemo) => {
    expect(loadConfig(env).seedDemo).toBe(seedDemo);
  });

  it.each<[NodeJS.ProcessEnv, string]>([
    [{}, 'info'],
    [{ NODE_ENV: 'production', JWT_SECRET: SECRET }, 'info'],
    [{ NODE_ENV: 'test' }, 'warn'],
    [{ NODE_ENV: 'test', LOG_LEVEL: 'error' }, 'error'],
  ])('log level: %j → %s', (env, level) => {
    expect(loadConfig(env).logLevel).toBe(level);
  });

  it.each<[string, NodeJS.ProcessEnv]>([
    ['development', { NODE_ENV: 'development' }],
    ['test', { NODE_ENV: 'test' }],
    ['production with a secret', { NODE_ENV: 'production', JWT_SECRET: SECRET }],
  ])('accepts %s', (_what, env) => {
    expect(loadConfig(env).env).toBe(env.NODE_ENV);
  });

  it.each<[NodeJS.ProcessEnv, string]>([
    [{}, 'loopback'],
    [{ TRUST_PROXY: '' }, 'loopback'],
    [{ TRUST_PROXY: '10.0.0.0/8' }, '10.0.0.0/8'],
  ])('trust proxy: %j → %s', (env, trustProxy) => {
    expect(loadConfig(env).trustProxy).toBe(trustProxy);
  });

  it('leaves jwtSecret unset outside production so the key is generated', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).jwtSecret).toBeUndefined();
  });

  describe('refuses a bad environment with a ConfigError naming the problem', () => {
    it.each<[string, NodeJS.ProcessEnv, RegExp]>([
      ['production without JWT_SECRET', { NODE_ENV: 'production' }, /JWT_SECRET is required when NODE_ENV=production/],
      ['production with an empty JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: '' }, /JWT_SECRET/],
      ['a short JWT_SECRET', { JWT_SECRET: 'x'.repeat(31) }, /JWT_SECRET must be at least 32 characters/],
      ['a short JWT_SECRET in production', { NODE_ENV: 'production', JWT_SECRET: 'secret' }, /JWT_SECRET must be at least 32 characters/],
      ['a PORT that is not a number', { PORT: 'abc' }, /PORT/],
      ['a fractional PORT', { PORT: '3000.5' }, /PORT/],
      ['a negative PORT', { PORT: '-1' }, /PORT/],
      ['a PORT above 65535', { PORT: '65536' }, /PORT/],
      ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, /NODE_ENV/],
      ['a zero TOKEN_TTL_HOURS', { TOKEN_TTL_HOURS: '0' }, /TOKEN_TTL_HOURS/],
      ['a TOKEN_TTL_HOURS over a week', { TOKEN_TTL_HOURS: '169' }, /TOKEN_TTL_HOURS/],
      ['a TOKEN_TTL_HOURS that is not a number', { TOKEN_TTL_HOURS: 'twelve' }, /TOKEN_TTL_HOURS/],
      ['an unknown LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL/],
      ['a zero public rate limit', { PUBLIC_RATE_LIMIT_PER_MINUTE: '0' }, /PUBLIC_RATE_LIMIT_PER_MINUTE/],
      ['a login rate limit that is not a number', { LOGIN_RATE_LIMIT_PER_MINUTE: 'many' }, /LOGIN_RATE_LIMIT_PER_MINUTE/],
      ['a zero lookup limit', { LOOKUP_FAILURES_PER_HOUR: '0' }, /LOOKUP_FAILURES_PER_HOUR/],
      ['a hexadecimal PORT', { PORT: '0x1F90' }, /PORT/],
      ['a PORT in exponent notation', { PORT: '1e3' }, /PORT/],
      ['a misspelt SEED_DEMO', { SEED_DEMO: 'ture' }, /SEED_DEMO/],
      ['a SIMILAR_THRESHOLD above 1', { SIMILAR_THRESHOLD: '1.5' }, /SIMILAR_THRESHOLD must be a number from 0 to 1/],
      ['a SIMILAR_THRESHOLD as a percentage', { SIMILAR_THRESHOLD: '15%' }, /SIMILAR_THRESHOLD/],
      ['a negative SIMILAR_THRESHOLD', { SIMILAR_THRESHOLD: '-0.1' }, /SIMILAR_THRESHOLD/],
    ])('%s', (_what, env, problem) => {
      const error = configError(env);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/^Invalid configuration:/);
      expect(error.message).toMatch(problem);
    });

    it('lists every problem at once', () => {
      const { message } = configError({ NODE_ENV: 'production', PORT: 'abc', TOKEN_TTL_HOURS: '0' });
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/TOKEN_TTL_HOURS/);
      expect(message).toMatch(/JWT_SECRET is required when NODE_ENV=production/);
    });

    it('does not print the secret it rejects', () => {
      expect(configError({ JWT_SECRET: 'hunter2-too-short' }).message).not.toContain('hunter2');
    });
  });

  describe('empty variables mean unset', () => {
    it.each(['JWT_SECRET', 'NODE_ENV', 'LOG_LEVEL', 'DATABASE_URL', 'SEED_DEMO'])('%s=""', (name) => {
      expect(() => loadConfig({ [name]: '' })).not.toThrow();
      expect(loadConfig({ [name]: '' })).toEqual(loadConfig({}));
    });
  });

  describe('reaching the citizen', () => {
    it('holds messages and keeps files on disk by default', () => {
      expect(loadConfig({})).toMatchObject({
        sms: { driver: 'outbox', dailyCap: 10, region: 'ap-guangzhou', templates: {} },
        smtpUrl: undefined,
        publicUrl: 'http://localhost:3000',
        notifyIntervalSeconds: 5,
        filesDir: resolve('.data', 'files'),
        s3: undefined,
      });
    });

    it('reads a sending driver, SMTP and an S3 bucket', () => {
      expect(
        loadConfig({
          SMS_DRIVER: 'aliyun',
          SMS_ACCESS_KEY_ID: 'id',
          SMS_ACCESS_KEY_SECRET: 'secret',
          SMS_SIGN_NAME: '清远12345',
          SMS_TEMPLATES: 'receipt=SMS_1,replied=SMS_2',
          SMS_DAILY_CAP: '5',
          SMTP_URL: 'smtps://u:p@mail.example.com:465',
          PUBLIC_URL: 'https://12345.example.gov.cn/',
          S3_ENDPOINT: 'http://minio:9000',
          S3_BUCKET: 'files',
          S3_ACCESS_KEY_ID: 'a',
          S3_SECRET_ACCESS_KEY: 'b',
        }),
      ).toMatchObject({
        sms: { driver: 'aliyun', signName: '清远12345', templates: { receipt: 'SMS_1', replied: 'SMS_2' }, dailyCap: 5 },
        smtpUrl: 'smtps://u:p@mail.example.com:465',
        publicUrl: 'https://12345.example.gov.cn',
        s3: { endpoint: 'http://minio:9000', bucket: 'files', region: 'us-east-1' },
      });
    });

    it.each([
      [{ SMS_DRIVER: 'aliyun' }, /SMS_ACCESS_KEY_ID is required when SMS_DRIVER=aliyun/],
      [{ SMS_DRIVER: 'tencent', SMS_ACCESS_KEY_ID: 'a', SMS_ACCESS_KEY_SECRET: 'b', SMS_SIGN_NAME: 'c', SMS_TEMPLATES: 'receipt=1' }, /SMS_SDK_APP_ID/],
      [{ SMS_DRIVER: 'aliyun', SMS_ACCESS_KEY_ID: 'a', SMS_ACCESS_KEY_SECRET: 'b', SMS_SIGN_NAME: 'c', SMS_TEMPLATES: 'reciept=1' }, /unknown messages: reciept/],
      [{ SMS_DRIVER: 'carrier-pigeon' }, /SMS_DRIVER/],
      [{ SMS_TEMPLATES: 'receipt' }, /SMS_TEMPLATES must look like/],
      [{ SMTP_URL: 'mail.example.com' }, /SMTP_URL/],
      [{ S3_ENDPOINT: 'http://minio:9000' }, /go together/],
      [{ SMS_DAILY_CAP: '0' }, /SMS_DAILY_CAP/],
    ])('refuses %j', (env, message) => expect(configError(env).message).toMatch(message));
  });
});
