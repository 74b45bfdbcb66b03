import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest as Request } from 'fastify';
import type { Role } from '../users/user.entity';
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
      throw new ForbiddenException('This route is not open to any role');
    }
    const user = context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
    if (!user || !roles.includes(user.role)) {
      throw new ForbiddenException(`Your role may not do this (allowed: ${roles.join(', ')})`);
    }
    return true;
  }
}
