import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { DepartmentFactsRecorder } from '../stats/department-facts.recorder';
import type { ActorKind } from './case-event.entity';
import { CaseEventsNotifier } from './case-events.notifier';
import { authorize, type AuthorizedAction } from './case-policy';
import { GuardContexts } from './case-guard-context';
import { assertCanStart, transition, type CaseAction } from './case-state-machine';
import { Case } from './case.entity';
import type { CaseStatus } from './case.enums';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import type { CaseDto } from './dto/case.dto';

export interface Actor {
  kind: ActorKind;
  /** Set when kind is `user`. */
  userId?: string;
}

export const SYSTEM: Actor = { kind: 'system' };
export const userActor = (user: AuthUser): Actor => ({ kind: 'user', userId: user.id });

/** What an action does to a case besides its status, which the state machine decides. */
export interface CaseChange {
  /** The transition actually taken, when it depends on the case (a return goes to the centre or a parent). */
  action?: CaseAction;
  /** For actions whose table entry offers several target statuses. */
  to?: CaseStatus;
  /** Columns to write (deadlines, assignee, counters…). */
  set?: Partial<Case>;
  /** The new owner: a department id, `null` for the centre, absent to keep the current one. */
  ownerDepartmentId?: string | null;
  /** Replaces the co-handling departments when given. */
  coDepartmentIds?: string[];
  /** The reason, reply or note recorded on the timeline. */
  note?: string | null;
  data?: Record<string, unknown>;
  /** Overrides whether the citizen's timeline shows the event (e.g. a refused extension is internal). */
  public?: boolean;
}

export interface DecideContext {
  em: EntityManager;
  now: Date;
  coDepartmentIds: string[];
}

const stale = (sent: number, current: number) =>
  DomainError.conflict('STALE_VERSION', `The case has changed since you loaded it (version ${current}, you sent ${sent}); reload it`);

/**
 * The one way a case changes: lock it, check who may act and whether its status allows it, write the
 * row (guarded by its version) and its timeline event in one transaction.
 */
@Injectable()
export class CaseWorkflow {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly casesService: CasesService,
    private readonly facts: DepartmentFactsRecorder,
    private readonly clock: Clock,
    private readonly events: CaseEventsNotifier,
    private readonly guards: GuardContexts,
  ) {}

  /**
   * A staff member's action on one case. Answers, in this order: 404 when the case is not theirs to see,
   * 403 when their role or department may not do this, 409 for a stale `expectedVersion` or a status
   * that does not allow it; then `decide` computes the change (and may refuse with its own error).
   */
  async act(
    user: AuthUser,
    caseId: string,
    action: AuthorizedAction & CaseAction,
    expectedVersion: number | undefined,
    decide: (c: Case, ctx: DecideContext) => CaseChange | Promise<CaseChange>,
  ): Promise<CaseDto> {
    const updated = await this.dataSource.transaction(async (em) => {
      const scope = CasesService.scopeOf(user);
      const c = await this.cases.lockVisible(em, caseId, scope);
      if (!c) {
        // A department that held the case knows it exists: tell it the case has moved on (e.g. it lost a
        // race to a colleague's return) rather than pretend it never existed.
        if (scope.kind === 'department' && (await this.cases.wasHeldBy(em, caseId, scope.departmentId))) {
          throw DomainError.conflict('CASE_MOVED_AWAY', 'The case is no longer with your department; reload your list');
        }
        throw DomainError.notFound();
      }
      const coDepartmentIds = await this.cases.coDepartmentIds(em, c.id);
      authorize(user, action, { ownerDepartmentId: c.ownerDepartmentId, coDepartmentIds });
      if (expectedVersion !== undefined && expectedVersion !== c.version) throw stale(expectedVersion, c.version);
      const guardContext = await this.guards.load(em);
      assertCanStart(action, c, guardContext);
      const now = guardContext.now;
      const change = await decide(c, { em, now, coDepartmentIds });
      return this.apply(em, c, change.action ?? action, userActor(user), change, now, coDepartmentIds);
    });
    // Committed: only now may the live relay publish the event.
    this.events.committed();
    return this.casesService.render(user, updated);
  }

  /**
   * An action by a citizen (whose verification the caller checked) or by the system: no staff scope or
   * policy applies; the state machine still does.
   */
  async actAs(
    actor: Actor,
    caseId: string,
    action: CaseAction,
    decide: (c: Case, ctx: DecideContext) => CaseChange | Promise<CaseChange>,
  ): Promise<Case> {
    const updated = await this.dataSource.transaction(async (em) => {
      const c = await this.cases.lockVisible(em, caseId, { kind: 'all' });
      if (!c) throw DomainError.notFound();
      const guardContext = await this.guards.load(em);
      assertCanStart(action, c, guardContext);
      const now = guardContext.now;
      const coDepartmentIds = await this.cases.coDepartmentIds(em, c.id);
      const change = await decide(c, { em, now, coDepartmentIds });
      return this.apply(em, c, change.action ?? action, actor, change, now, coDepartmentIds);
    });
    this.events.committed();
    return updated;
  }

  /**
   * Applies an allowed change inside the caller's transaction. Also used for automatic steps
   * (auto-dispatch, the deadline sweep); the caller tells `CaseEventsNotifier` once its transaction
   * has committed. `coBefore`: the case's co-handling departments, when the caller has read them
   * already under the row lock.
   */
  async apply(
    em: EntityManager,
    c: Case,
    action: CaseAction,
    actor: Actor,
    change: CaseChange,
    now: Date,
    coBefore?: string[],
  ): Promise<Case> {
    const step = transition(action, c.status, change.to);
    const toOwner = change.ownerDepartmentId === undefined ? c.ownerDepartmentId : change.ownerDepartmentId;
    const newStage = step.toStatus !== c.status || toOwner !== c.ownerDepartmentId;
    const updated = await this.cases.updateIfVersion(em, c.id, c.version, {
      ...change.set,
      ...(newStage ? { stageStartedAt: now } : {}),
      status: step.toStatus,
      ownerDepartmentId: toOwner,
      closedAt: step.toStatus === 'closed' ? now : null,
      version: c.version + 1,
      updatedAt: now,
    });
    if (!updated) throw stale(c.version, c.version + 1);
    coBefore ??= await this.cases.coDepartmentIds(em, c.id);
    if (change.coDepartmentIds && (change.coDepartmentIds.length > 0 || coBefore.length > 0)) {
      await this.cases.replaceCoDepartments(em, c.id, change.coDepartmentIds);
    }
    await this.cases.appendEvent(em, {
      caseId: c.id,
      type: step.event,
      at: now,
      actorKind: actor.kind,
      actorId: actor.userId ?? null,
      fromStatus: step.fromStatus,
      toStatus: step.toStatus,
      fromOwnerDepartmentId: c.ownerDepartmentId,
      toOwnerDepartmentId: toOwner,
      note: change.note ?? null,
      public: change.public ?? step.public,
      // Co-handlers before and after: a return that ends their co-handling still reaches them.
      coDepartmentIds: [...new Set([...coBefore, ...(change.coDepartmentIds ?? [])])],
      data: change.data ?? {},
    });
    await this.facts.record(em, action, c, updated, now);
    return updated;
  }
}
