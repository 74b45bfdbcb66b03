import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError } from '../common/domain-error';
import { ReferenceData } from '../database/reference-data';
import type { AuthUser } from './auth-user';
import { CredentialsRepository } from './credentials.repository';
import { SIGNING_KEY } from './signing-key.provider';

interface TokenPayload {
  sub: string;
  /** The user's token version when it was signed (see migration TokenRevocation). */
  ver: number;
}

/**
 * Verifies the bearer token, then reloads the user so a deactivated account stops working at once (and,
 * in the same query, the reference data version: see ReferenceData).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(SIGNING_KEY) signingKey: string,
    private readonly credentials: CredentialsRepository,
    private readonly referenceData: ReferenceData,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a public key and
      // throws, on every request (13% of a case read's CPU in the benchmark's profile). jsonwebtoken 9
      // takes a KeyObject; passport-jwt's types only know string | Buffer.
      secretOrKey: createSecretKey(Buffer.from(signingKey)) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: TokenPayload): Promise<AuthUser> {
    const holder =
      typeof payload.sub === 'string' && typeof payload.ver === 'number' ? await this.credentials.activeTokenHolder(payload.sub, payload.ver) : null;
    if (!holder) throw DomainError.unauthenticated('The token is no longer valid');
    this.referenceData.observe(holder.referenceVersion);
    return holder.user;
  }
}
