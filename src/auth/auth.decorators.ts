import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest as Request } from 'fastify';
import type { Role } from '../users/user.entity';
import type { AuthUser } from './auth-user';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No token needed: login and the citizen's `/api/public/...` routes. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles that may call a route. Every non-public route must say; a route that does not is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const ALL_STAFF: Role[] = ['operator', 'handler', 'dept_lead', 'supervisor', 'admin'];

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});
