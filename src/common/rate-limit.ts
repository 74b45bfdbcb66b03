import { applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';

/** The named rate limits; their numbers and trackers are set in `app.module.ts`. */
export const RATE_LIMITS = ['login', 'public', 'trackingCode'] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number];

/** Applies exactly the named limits to a route (the throttler would otherwise apply every one it knows). */
export function RateLimit(...names: RateLimitName[]) {
  const skipped = Object.fromEntries(RATE_LIMITS.filter((n) => !names.includes(n)).map((n) => [n, true]));
  return applyDecorators(UseGuards(ThrottlerGuard), SkipThrottle(skipped));
}

/**
 * The counter of lookups of one tracking code, shared by every way of looking a case up (the status
 * page and the live socket's citizen handshake), so guessing its verification has one budget.
 */
export function trackingCodeLimitKey(trackingCode: string): string {
  return `trackingCode:${trackingCode}`;
}
