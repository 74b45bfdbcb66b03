import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { Db } from '../database/db';

/**
 * Runs an administrator's change in one transaction that names them: the audit trigger on every
 * administered table (migration AdminAudit) records who, with the change itself. Reads pass through.
 */
@Injectable()
export class AdminAuditInterceptor implements NestInterceptor {
  constructor(private readonly db: Db) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method: string; user?: AuthUser }>();
    const user = request.user;
    if (request.method === 'GET' || !user) return next.handle();
    return from(
      this.db.transaction(async () => {
        await this.db.query(`SELECT set_config('app.actor_id', $1, true), set_config('app.actor_name', $2, true)`, [user.id, user.displayName]);
        return lastValueFrom(next.handle(), { defaultValue: undefined });
      }),
    );
  }
}

/** On an admin controller: every change through it is audited under the caller's name. */
export const AdminAudited = () => UseInterceptors(AdminAuditInterceptor);
