import { Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CredentialsRepository } from './credentials.repository';

export const SIGNING_KEY = Symbol('SIGNING_KEY');

/**
 * The JWT signing key: JWT_SECRET when configured (required in production); otherwise generated once and
 * stored in the database, so every instance on that database signs and verifies with the same key.
 */
export const signingKeyProvider: Provider = {
  provide: SIGNING_KEY,
  inject: [APP_CONFIG, CredentialsRepository],
  useFactory: async (config: AppConfig, credentials: CredentialsRepository): Promise<string> =>
    config.jwtSecret ?? (await credentials.sharedSecret('jwt_signing_key', () => randomBytes(48).toString('base64url'))),
};
