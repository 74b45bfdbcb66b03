import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest as Request } from 'fastify';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { Role } from './roles';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { AuthUser } from './auth-user';

/** Global: every route needs a valid bearer token unless marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  /**
   * No token, a bad one, an expired one: one 401 with a code. An error thrown while checking it (the
   * database is away: a 503) is not the caller's fault and goes on as it is.
   */
  handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw DomainError.unauthenticated('Sign in first: no valid bearer token');
    return user;
  }
}

/** Global, after authentication: the caller's role must be one the route lists with `@Roles(...)`. */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      // Fail closed: a route someone forgot to annotate is nobody's.
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no @Roles()`);
      throw DomainError.forbidden(ErrorCode.ROUTE_CLOSED, 'This route is not open to any role');
    }
    const user = context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
    if (!user || !roles.includes(user.role)) {
      throw DomainError.forbidden(ErrorCode.ROLE_MAY_NOT, `Your role may not do this (allowed: ${roles.join(', ')})`);
    }
    return true;
  }
}
