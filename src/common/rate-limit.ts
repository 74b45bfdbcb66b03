import { applyDecorators, Injectable, UseGuards } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';

/** The named rate limits; their numbers and trackers are set in `app.module.ts`. */
export const RATE_LIMITS = ['login', 'public'] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number];

/** The throttler's guard, with the plain `Retry-After` every 429 carries (the throttler names it after the limit). */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context
      .switchToHttp()
      .getResponse<{ header(name: string, value: string): unknown }>()
      .header('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    return super.throwThrottlingException(context, detail);
  }
}

/** Applies exactly the named limits to a route (the throttler would otherwise apply every one it knows). */
export function RateLimit(...names: RateLimitName[]) {
  const skipped = Object.fromEntries(RATE_LIMITS.filter((n) => !names.includes(n)).map((n) => [n, true]));
  return applyDecorators(UseGuards(RateLimitGuard), SkipThrottle(skipped));
}
