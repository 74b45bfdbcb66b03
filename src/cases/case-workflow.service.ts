import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Db } from '../database/db';
import type { DepartmentTree } from '../departments/department-tree';
import { DepartmentsService } from '../departments/departments.service';
import { CaseAccess } from './case-access';
import type { ActorKind } from './case-event.entity';
import { CaseEventsNotifier } from './case-events.notifier';
import { GuardContexts } from './case-guard-context';
import { authorize, type AuthorizedAction } from './case-policy';
import { assertCanStart, transition, type CaseAction, type ResolvedTransition } from './case-state-machine';
import { overdueNote, reminderData } from './case-stages';
import { Case } from './case.entity';
import type { CaseStatus } from './case.enums';
import { CasesRepository, type InsertedCase, type KeyClaim, type NewEvent } from './cases.repository';
import { CasesService } from './cases.service';
import { DepartmentFactsRepository } from './department-facts.repository';
import { NotificationOutbox } from './notification-outbox';
import type { CaseDto } from './dto/case.dto';

export interface Actor {
  kind: ActorKind;
  /** Set when kind is `user`. */
  userId?: string;
  /** The user's display name as it is now: the event keeps it. */
  name?: string;
}

export const SYSTEM: Actor = { kind: 'system' };
export const userActor = (user: AuthUser): Actor => ({ kind: 'user', userId: user.id, name: user.displayName });

/** The deadline columns, by the stage name an event records them under (`data.deadlines`). */
const DEADLINES = { dispatch: 'dispatchDeadline', sign: 'signDeadline', reply: 'replyDeadline', callback: 'callbackDeadline' } as const;

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
  /** The reason or note recorded on the timeline: internal, staff only. */
  note?: string | null;
  /** The text the citizen reads on their timeline with this step (市民可见); see `citizen-timeline.ts`. */
  publicNote?: string | null;
  data?: Record<string, unknown>;
  /** Overrides whether the citizen's timeline shows the event (e.g. a refused extension is internal). */
  public?: boolean;
}

export interface DecideContext {
  now: Date;
  /** The case's co-handling departments, read under its lock. */
  coDepartmentIds: string[];
}

type Decide = (c: Case, ctx: DecideContext) => CaseChange | Promise<CaseChange>;

const stale = (sent: number, current: number) =>
  DomainError.conflict(ErrorCode.STALE_VERSION, `The case has changed since you loaded it (version ${current}, you sent ${sent}); reload it`);

/**
 * The write path of cases — every change of every case goes through here, whoever makes it (staff,
 * citizens, intake, the sweep): lock the case, check who may act and whether the state machine allows
 * it, write the row (guarded by its version), its timeline event and the figures' facts in one
 * transaction. Every event is built in one place (`record`), and every committed event wakes the live
 * relay by construction (after commit, never for a rollback).
 */
@Injectable()
export class CaseWorkflow {
  constructor(
    private readonly db: Db,
    private readonly cases: CasesRepository,
    private readonly casesService: CasesService,
    private readonly access: CaseAccess,
    private readonly guards: GuardContexts,
    private readonly facts: DepartmentFactsRepository,
    private readonly notifier: CaseEventsNotifier,
    private readonly departments: DepartmentsService,
    private readonly outbox: NotificationOutbox,
  ) {}

  /**
   * A staff member's action on one case. Answers, in this order: 404 when the case is not theirs to see,
   * 403 when their role or department may not do this, 409 for a stale `expectedVersion` or a status
   * (or guard) that does not allow it; then `decide` computes the change (and may refuse with its own error).
   */
  async act(user: AuthUser, caseId: string, action: AuthorizedAction & CaseAction, expectedVersion: number | undefined, decide: Decide): Promise<CaseDto> {
    const updated = await this.db.transaction(async () => {
      const scope = await this.access.scopeOf(user);
      const c = await this.cases.lockVisible(caseId, scope);
      if (!c) {
        // A department that held the case knows it exists: tell it the case has moved on (e.g. it lost a
        // race to a colleague's return) rather than pretend it never existed.
        if (scope.kind === 'departments' && (await this.cases.wasHeldBy(caseId, scope.departmentIds))) {
          throw DomainError.conflict(ErrorCode.CASE_MOVED_AWAY, 'The case is no longer with your department; reload your list');
        }
        throw DomainError.notFound();
      }
      const coDepartmentIds = await this.cases.coDepartmentIds(c.id);
      authorize(user, action, { ownerDepartmentId: c.ownerDepartmentId, coDepartmentIds });
      if (expectedVersion !== undefined && expectedVersion !== c.version) throw stale(expectedVersion, c.version);
      return this.decideAndApply(c, action, userActor(user), coDepartmentIds, decide);
    });
    return this.casesService.render(user, updated);
  }

  /**
   * An action by a citizen (whose verification the caller checked) or by the system: no staff scope or
   * policy applies; the state machine still does.
   */
  actAs(actor: Actor, caseId: string, action: CaseAction, decide: Decide): Promise<Case> {
    return this.db.transaction(async () => {
      const c = await this.cases.lockVisible(caseId, { kind: 'all' });
      if (!c) throw DomainError.notFound();
      return this.decideAndApply(c, action, actor, await this.cases.coDepartmentIds(c.id), decide);
    });
  }

  /**
   * A new case and its first event (intake), with its receipt, in one statement — in the caller's
   * transaction when there is one; with a `claim`, the request's Idempotency-Key is claimed in the same
   * statement (`CasesRepository.insertCase` says what can come back instead of the case).
   */
  async create(values: Partial<Case> & Pick<Case, 'createdAt'>, actor: Actor, claim?: KeyClaim): Promise<InsertedCase> {
    const step = transition('intake', null);
    const row = { ...values, status: step.toStatus, ownerDepartmentId: null, stageStartedAt: values.createdAt, updatedAt: values.createdAt };
    const first = eventOf(null, step, actor, values.createdAt, { data: { deadlines: deadlinesSet(null, row) } }, null);
    // The receipt (the codes) is written with the case, in the same statement: it exists exactly when the case does.
    const receipts = this.outbox.receiptFor(values as Parameters<NotificationOutbox['receiptFor']>[0], values.createdAt);
    const inserted = await this.cases.insertCase(row, first, receipts, claim);
    if ('created' in inserted) this.db.afterCommit(this.notifier.committed);
    return inserted;
  }

  /**
   * Applies an allowed change inside the caller's transaction: the case row, its co-handlers, its event
   * and the figures' facts. Also used for automatic steps (auto-dispatch, the sweep). `coBefore`: the
   * case's co-handling departments, when the caller has read them already under the row lock.
   */
  async apply(c: Case, action: CaseAction, actor: Actor, change: CaseChange, now: Date, coBefore?: string[]): Promise<Case> {
    const step = transition(action, c.status, change.to);
    const toOwner = change.ownerDepartmentId === undefined ? c.ownerDepartmentId : change.ownerDepartmentId;
    const newStage = step.toStatus !== c.status || toOwner !== c.ownerDepartmentId;
    const updated = await this.cases.updateIfVersion(c.id, c.version, {
      ...change.set,
      ...(newStage ? { stageStartedAt: now } : {}),
      status: step.toStatus,
      ownerDepartmentId: toOwner,
      closedAt: step.toStatus === 'closed' ? now : null,
      version: c.version + 1,
      updatedAt: now,
    });
    if (!updated) throw stale(c.version, c.version + 1);
    coBefore ??= await this.cases.coDepartmentIds(c.id);
    if (change.coDepartmentIds && (change.coDepartmentIds.length > 0 || coBefore.length > 0)) {
      await this.cases.replaceCoDepartments(c.id, change.coDepartmentIds);
    }
    const deadlines = deadlinesSet(c, updated);
    await this.record(c, step, actor, now, {
      toOwner,
      note: change.note,
      public: change.public,
      data: {
        ...change.data,
        ...(change.publicNote ? { publicNote: change.publicNote } : {}),
        ...(Object.keys(deadlines).length > 0 ? { deadlines } : {}),
      },
      // Co-handlers before and after: a return that ends their co-handling still reaches them.
      coDepartmentIds: [...new Set([...coBefore, ...(change.coDepartmentIds ?? [])])],
    });
    await this.facts.record(action, c, updated, now);
    await this.remindIfOverdueAtOnce(updated, now);
    return updated;
  }

  /**
   * A change that leaves its case past a new deadline at once — a refused return gives the department
   * back its old deadlines, and the review's time is not given back — is marked overdue now, in the same
   * transaction: the sweep looks only at deadlines that pass after its horizon, and this one passed
   * before. The claim on `case_reminders` keeps the sweep from writing it a second time (and this from
   * writing it again for a case the sweep reminded already).
   */
  private async remindIfOverdueAtOnce(after: Case, now: Date): Promise<void> {
    const deadline = after.currentDeadline;
    if (after.status === 'closed' || !deadline || deadline > now) return;
    if (!(await this.cases.claimReminders([after.id], 'overdue', now)).has(after.id)) return;
    await this.annotate(after, 'markOverdue', SYSTEM, now, overdueNote(after), reminderData(after));
  }

  /**
   * An event that changes nothing on the case (a reminder, an overdue mark), inside the caller's
   * transaction, which must have written something first (see `CasesRepository.appendEvent`).
   */
  async annotate(c: Case, action: CaseAction, actor: Actor, now: Date, note: string, data: Record<string, unknown>): Promise<void> {
    await this.record(c, transition(action, c.status), actor, now, { note, data });
  }

  /**
   * `apply` for many cases at once (the sweep's automatic supervision), inside the caller's transaction,
   * each case locked by the caller: one UPDATE of the rows, one INSERT of their events, the figures'
   * facts and the messages each event causes, as `apply` does them. Only for steps that keep a case's
   * status and owner, and with the same columns `set` on every case; each case once.
   */
  async applyMany(action: CaseAction, actor: Actor, now: Date, set: Partial<Case>, items: BatchItem[]): Promise<Case[]> {
    if (items.length === 0) return [];
    const steps = items.map(({ c }) => transition(action, c.status));
    if (steps.some((step, i) => step.toStatus !== items[i].c.status)) throw new Error(`${action} changes a case's status: use apply, one case at a time`);
    const written = await this.cases.updateManyIfVersion(
      items.map(({ c }) => ({ id: c.id, version: c.version })),
      { ...set, updatedAt: now },
    );
    if (written.length !== items.length) throw stale(items[0].c.version, items[0].c.version + 1);
    const after = new Map(written.map((c) => [c.id, c]));
    const co = await this.cases.coDepartmentsOf(items.map(({ c }) => c.id));
    await this.recordMany(
      items.map(({ c, note, data }, i) => {
        const deadlines = deadlinesSet(c, after.get(c.id)!);
        return {
          c,
          step: steps[i],
          details: { note, data: { ...data, ...(Object.keys(deadlines).length > 0 ? { deadlines } : {}) }, coDepartmentIds: co.get(c.id) ?? [] },
        };
      }),
      actor,
      now,
    );
    for (const { c } of items) await this.facts.record(action, c, after.get(c.id)!, now);
    return items.map(({ c }) => after.get(c.id)!);
  }

  /**
   * `annotate` for many cases at once (the sweep's reminders and overdue marks): one INSERT of their
   * events, inside the caller's transaction, which must have written something first.
   */
  async annotateMany(action: CaseAction, actor: Actor, now: Date, items: BatchItem[]): Promise<void> {
    await this.recordMany(
      items.map(({ c, note, data }) => ({ c, step: transition(action, c.status), details: { note, data } })),
      actor,
      now,
    );
  }

  private async decideAndApply(c: Case, action: CaseAction, actor: Actor, coDepartmentIds: string[], decide: Decide): Promise<Case> {
    const guards = await this.guards.load();
    assertCanStart(action, c, guards);
    const change = await decide(c, { now: guards.now, coDepartmentIds });
    return this.apply(c, change.action ?? action, actor, change, guards.now, coDepartmentIds);
  }

  private async record(c: Case, step: ResolvedTransition, actor: Actor, now: Date, details: EventDetails): Promise<void> {
    const event = eventOf(c, step, actor, now, details, await this.departments.hierarchy());
    const seq = await this.cases.appendEvent({ caseId: c.id, ...event });
    // The messages it causes, in the same transaction: they exist exactly when the event does.
    await this.outbox.eventRecorded(c, seq, { ...event, data: event.data ?? {} }, now);
    // Committed: only now may the live relay publish it.
    this.db.afterCommit(this.notifier.committed);
  }

  /** `record` for many events in one statement: the same events, the same messages, the same wake-up. */
  private async recordMany(items: { c: Case; step: ResolvedTransition; details: EventDetails }[], actor: Actor, now: Date): Promise<void> {
    if (items.length === 0) return;
    const departments = await this.departments.hierarchy();
    const events = items.map(({ c, step, details }) => ({ caseId: c.id, ...eventOf(c, step, actor, now, details, departments) }));
    const seqs = await this.cases.appendEvents(events);
    for (const [i, { c }] of items.entries()) await this.outbox.eventRecorded(c, seqs[i], { ...events[i], data: events[i].data ?? {} }, now);
    this.db.afterCommit(this.notifier.committed);
  }
}

/** One case of a batched step, with what its event records. */
export interface BatchItem {
  c: Case;
  note: string | null;
  data: Record<string, unknown>;
}

interface EventDetails {
  toOwner?: string | null;
  note?: string | null;
  public?: boolean;
  data?: Record<string, unknown>;
  coDepartmentIds?: string[];
}

/**
 * The one builder of timeline events: what happened, by whom, from which state to which — with the
 * names of the actor and the departments as they are now, kept in `data` (inside the event's hash).
 */
function eventOf(
  c: Case | null,
  step: ResolvedTransition,
  actor: Actor,
  at: Date,
  details: EventDetails,
  departments: DepartmentTree | null,
): Omit<NewEvent, 'caseId'> {
  const fromOwner = c?.ownerDepartmentId ?? null;
  const toOwner = details.toOwner === undefined ? fromOwner : details.toOwner;
  const nameOf = (id: string | null) => (id === null ? undefined : departments?.get(id)?.name);
  const names = { actorName: actor.name, fromOwnerName: nameOf(fromOwner), toOwnerName: nameOf(toOwner) };
  return {
    type: step.event,
    at,
    actorKind: actor.kind,
    actorId: actor.userId ?? null,
    fromStatus: step.fromStatus,
    toStatus: step.toStatus,
    fromOwnerDepartmentId: fromOwner,
    toOwnerDepartmentId: toOwner,
    note: details.note ?? null,
    public: details.public ?? step.public,
    coDepartmentIds: details.coDepartmentIds ?? [],
    data: { ...withoutUndefined(names), ...details.data },
  };
}

const withoutUndefined = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));

/**
 * The deadlines a step set or moved, by stage (an ISO instant, or null when it cleared one): the
 * timeline alone then says what each stage was judged against.
 */
function deadlinesSet(before: Partial<Case> | null, after: Partial<Case>): Record<string, string | null> {
  const set: Record<string, string | null> = {};
  for (const [stage, column] of Object.entries(DEADLINES)) {
    const was = before?.[column] ?? null;
    const is = after[column] ?? null;
    if (is?.getTime() !== was?.getTime()) set[stage] = is?.toISOString() ?? null;
  }
  return set;
}
