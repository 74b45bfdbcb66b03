import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest as Request } from 'fastify';
import type { AuthUser } from './auth-user';
import type { Role } from './roles';

export { ALL_STAFF } from './roles';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No token needed: login and the citizen's `/api/public/...` routes. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles that may call a route. Every non-public route must say; a route that does not is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);


export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});
