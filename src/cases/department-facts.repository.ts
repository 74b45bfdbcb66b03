import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import type { CaseAction } from './case-state-machine';
import type { Case } from './case.entity';

/**
 * Keeps `department_case_facts` — one row per case and department that held it — in step with each
 * change, inside the change's transaction. The figures (考核) are sums over these rows, so no report
 * has to replay timelines.
 */
@Injectable()
export class DepartmentFactsRepository {
  constructor(private readonly db: Db) {}

  async record(action: CaseAction, before: Case, after: Case, now: Date): Promise<void> {
    const from = before.ownerDepartmentId;
    const to = after.ownerDepartmentId;

    if (from && to !== from) {
      // The case left `from`: returned (to the centre or the parent) or passed down to a child unit.
      const returned = action === 'return' || action === 'returnToParent';
      await this.db.query(
        `UPDATE department_case_facts SET left_at = $3, returns = returns + $4 WHERE case_id = $1 AND department_id = $2`,
        [after.id, from, now, returned ? 1 : 0],
      );
    }
    if (to && to !== from) {
      // It arrived at `to`: dispatched, passed down, decided, or handed back to a parent.
      await this.db.query(
        `INSERT INTO department_case_facts (case_id, department_id, case_created_at, first_dispatched_at, sign_deadline, reply_deadline)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (case_id, department_id) DO UPDATE
            SET left_at = NULL,
                sign_deadline = CASE WHEN department_case_facts.signed_at IS NULL THEN EXCLUDED.sign_deadline
                                     ELSE department_case_facts.sign_deadline END,
                reply_deadline = EXCLUDED.reply_deadline`,
        [after.id, to, after.createdAt, now, after.signDeadline, after.replyDeadline],
      );
    }
    if (!to) return;

    switch (action) {
      case 'sign':
        await this.update(after, to, `signed_at = COALESCE(signed_at, $3), sign_on_time = COALESCE(sign_on_time, $3 <= sign_deadline), reply_deadline = $4`, [now, after.replyDeadline]);
        break;
      case 'reply': {
        // A reply ends a pause: the deadline it is judged against is the one the pause moved.
        const paused = after.pausedSeconds - before.pausedSeconds;
        await this.update(
          after,
          to,
          paused > 0
            ? `reply_deadline = $4, paused_seconds = paused_seconds + $5, replied_at = COALESCE(replied_at, $3), reply_on_time = COALESCE(reply_on_time, $3 <= $4)`
            : `replied_at = COALESCE(replied_at, $3), reply_on_time = COALESCE(reply_on_time, $3 <= reply_deadline)`,
          paused > 0 ? [now, after.replyDeadline, paused] : [now],
        );
        break;
      }
      case 'resume':
        await this.update(after, to, `reply_deadline = $3, paused_seconds = paused_seconds + $4`, [after.replyDeadline, after.pausedSeconds - before.pausedSeconds]);
        break;
      case 'rejectReturn':
        // The return did not stand: it counts as refused, not as a return.
        await this.update(after, to, `returns = greatest(returns - 1, 0), returns_refused = returns_refused + 1`, []);
        break;
      case 'decideExtension':
        await this.update(after, to, `reply_deadline = $3`, [after.replyDeadline]);
        break;
      case 'reopen':
      case 'callback':
      case 'rate':
        // Only the last callback counts, for the department that owned the case at that moment.
        await this.db.query(`UPDATE department_case_facts SET satisfaction = NULL, resolved = NULL WHERE case_id = $1 AND department_id <> $2`, [after.id, to]);
        await this.update(
          after,
          to,
          `satisfaction = $3, resolved = $4${action === 'reopen' ? ', reopened = true, reply_deadline = $5' : ''}`,
          action === 'reopen' ? [after.satisfaction, after.resolved, after.replyDeadline] : [after.satisfaction, after.resolved],
        );
        break;
    }
  }

  private async update(c: Case, departmentId: string, set: string, values: unknown[]): Promise<void> {
    await this.db.query(`UPDATE department_case_facts SET ${set} WHERE case_id = $1 AND department_id = $2`, [c.id, departmentId, ...values]);
  }
}
