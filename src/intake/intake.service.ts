import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AttachmentsService } from '../attachments/attachments.service';
import type { Upload } from '../common/uploads';
import type { AuthUser } from '../auth/auth-user';
import { DeadlinesService } from '../calendar/deadlines.service';
import { GuardContexts } from '../cases/case-guard-context';
import type { GuardContext } from '../cases/case-state-machine';
import { type CaseChange, CaseWorkflow, SYSTEM, userActor } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import type { Channel, Kind, Priority } from '../cases/case.enums';
import type { DepartmentsById } from '../cases/case.mapper';
import { CasesRepository, type KeyClaim } from '../cases/cases.repository';
import { CasesService } from '../cases/cases.service';
import type { CaseDto, CreatedCaseDto } from '../cases/dto/case.dto';
import { CatalogService } from '../catalog/catalog.service';
import { RegionLocator } from '../catalog/region-locator';
import { HotspotDetector } from '../hotspots/hotspot-detector.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Db } from '../database/db';
import { ReferenceData } from '../database/reference-data';
import type { SuggestionDto } from '../routing/dto/routing.dto';
import { OwnershipService } from '../routing/ownership.service';
import { RoutingService } from '../routing/routing.service';
import { ReplyService } from '../reply/reply.service';
import { newQueryCode, newTrackingCode } from '../cases/codes';
import type { ReclassifyDto } from './dto/reclassify.dto';
import { type Claimed, hashRequest, Idempotency, type StoredResponse } from './idempotency';

/** Everything intake needs to know about a new case, whoever sends it. */
export interface NewCase {
  channel: Channel;
  kind: Kind;
  priority: Priority;
  categoryCode: string | null;
  regionCode: string | null;
  address: string | null;
  title: string;
  content: string;
  citizen: { name: string | null; phone: string | null; email: string | null; confidential: boolean };
  publicConsent: boolean;
  /** The citizen agreed to SMS and e-mail about the case (opt-out: false). */
  notify: boolean;
  /** Where the problem is (WGS-84), when the citizen's app said. */
  location?: { lat: number; lng: number } | null;
  /** An Open311 client's link to a photo: stored, never fetched. */
  mediaUrl?: string | null;
  /** The Open311 client app that submitted it. */
  open311ClientId?: string | null;
}

/** What becomes of a call at once, in intake's transaction: merged into an open case, or answered. */
export interface IntakeOutcome {
  mergeIntoId?: string;
  answeredOnTheSpot?: { knowledgeEntryIds: string[]; answer: string };
}

export interface LetterReceipt {
  trackingCode: string;
  queryCode: string;
}

const MAX_TRACKING_CODE_DRAWS = 5;

/** What intake reads before its transaction: the routing suggestion, deadlines, the departments to render. */
interface IntakePlan {
  now: Date;
  suggestion: SuggestionDto | null;
  dispatchDeadline: Date;
  /** The auto-dispatch to apply right after intake, when a rule says so. */
  dispatch: CaseChange | null;
  departments: DepartmentsById;
  /** For the new case's `allowedActions`. */
  guards: GuardContext;
}

/** The claim on a request's Idempotency-Key, when it came with one. */
function claimOf(scope: string, key: string | undefined, request: object): KeyClaim | null {
  return key === undefined ? null : { scope, key, requestHash: hashRequest(request) };
}

const receiptOf = (c: Case): LetterReceipt => ({ trackingCode: c.trackingCode, queryCode: c.queryCode });

/** Intake (受理): a case is born `received`, owned by the centre, with its first timeline event. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly idempotency: Idempotency,
    private readonly casesService: CasesService,
    private readonly catalog: CatalogService,
    private readonly deadlines: DeadlinesService,
    private readonly routing: RoutingService,
    private readonly ownership: OwnershipService,
    private readonly workflow: CaseWorkflow,
    private readonly clock: Clock,
    private readonly referenceData: ReferenceData,
    private readonly guards: GuardContexts,
    private readonly replies: ReplyService,
    private readonly attachments: AttachmentsService,
    private readonly locator: RegionLocator,
    private readonly hotspots: HotspotDetector,
    private readonly cases: CasesRepository,
    private readonly db: Db,
  ) {}

  /**
   * An operator logs a hotline call or types in a letter; with an `outcome`, the new case is closed at
   * once in the same transaction — merged into an open case (并单) or answered on the spot (直办).
   */
  async logCase(user: AuthUser, given: NewCase, idempotencyKey?: string, outcome?: IntakeOutcome): Promise<StoredResponse<CreatedCaseDto>> {
    if (outcome?.mergeIntoId && outcome.answeredOnTheSpot) {
      throw DomainError.invalid(ErrorCode.CONFLICTING_INTAKE_OUTCOMES, 'Give mergeIntoId or answeredOnTheSpot, not both');
    }
    const input = this.located(given);
    await this.checkClassification(input);
    const plan = await this.plan(input, outcome !== undefined);
    const claim = claimOf(`user:${user.id}`, idempotencyKey, outcome ? { ...input, outcome } : input);
    const stored = await this.idempotency.once(
      claim,
      () =>
        this.atomically(outcome !== undefined, async () => {
          const born = await this.create(input, user, plan, claim);
          return 'created' in born && outcome ? { created: await this.closeAtOnce(born.created, user, outcome, plan.now) } : born;
        }),
      {
        created: (c): CreatedCaseDto => ({ ...this.casesService.renderNew(user, c, plan.departments, plan.guards), queryCode: c.queryCode }),
        replay: async (caseId): Promise<CreatedCaseDto> => {
          const c = await this.existing(caseId);
          return { ...(await this.casesService.render(user, c)), queryCode: c.queryCode };
        },
      },
    );
    // Committed: a spike of this category in this county may have begun (at most one run a second).
    this.hotspots.poke();
    return stored;
  }

  /** A citizen sends a letter to the mayor's mailbox (市长信箱). */
  async receiveLetter(given: NewCase, idempotencyKey?: string, uploads: Upload[] = []): Promise<StoredResponse<LetterReceipt>> {
    const input = this.located(given);
    // Classification, routing and deadlines read reference data: no staff request reported its version.
    await this.referenceData.refresh();
    await this.checkClassification(input);
    // The photos are checked and cleaned first: a refused file refuses the letter, and nothing is stored.
    const files = await this.attachments.prepare(uploads);
    const plan = await this.plan(input);
    const request = { ...input, files: uploads.map((u) => createHash('sha256').update(u.buffer).digest('hex')) };
    const claim = claimOf('public', idempotencyKey, request);
    const receipt = await this.idempotency.once(
      claim,
      async () => {
        const stored = await this.attachments.storeAll(files);
        try {
          const born = await this.atomically(stored.length > 0, async () => {
            const b = await this.create(input, null, plan, claim);
            // The citizen's own files: public to them.
            if ('created' in b) await this.attachments.record(b.created.id, stored, { userId: null, name: null }, true, plan.now);
            return b;
          });
          if (!('created' in born)) await this.attachments.discard(stored);
          return born;
        } catch (error) {
          await this.attachments.discard(stored);
          throw error;
        }
      },
      { created: receiptOf, replay: async (caseId) => receiptOf(await this.existing(caseId)) },
    );
    this.hotspots.poke();
    return receipt;
  }

  /**
   * A case with a location must be in the city (else 400); without a region, it takes the county-level
   * region containing the point. A region given with the point stays as given (the operator knows best).
   */
  private located(input: NewCase): NewCase {
    if (!input.location) return input;
    const county = this.locator.countyAt(input.location);
    if (!county) {
      throw DomainError.invalid(
        ErrorCode.LOCATION_OUTSIDE_CITY,
        `location (${input.location.lat}, ${input.location.lng}) is outside 清远市: give a point in the city (WGS-84 degrees) or leave it out`,
      );
    }
    return input.regionCode === null ? { ...input, regionCode: county } : input;
  }

  /** Merges the case just created into an open one, or closes it as answered: the state machine's merge or close. */
  private async closeAtOnce(c: Case, user: AuthUser, outcome: IntakeOutcome, now: Date): Promise<Case> {
    const change = outcome.mergeIntoId
      ? await this.replies.mergeChange(c, outcome.mergeIntoId, null, null)
      : await this.replies.answeredChange(outcome.answeredOnTheSpot!.knowledgeEntryIds, outcome.answeredOnTheSpot!.answer, null);
    return this.workflow.apply(c, change.action ?? 'close', userActor(user), change, now, []);
  }

  /**
   * A report from another app through Open311: a letter by another door (channel `open311`), answered
   * with the case as created (its public reference is the request's id).
   */
  async receiveReport(given: NewCase): Promise<Case> {
    const input = this.located(given);
    await this.referenceData.refresh();
    await this.checkClassification(input);
    const plan = await this.plan(input);
    const born = await this.create(input, null, plan, null);
    // Without an Idempotency-Key there is no key to refuse it.
    if (!('created' in born)) throw new Error('An Open311 report was refused an Idempotency-Key it does not have');
    this.hotspots.poke();
    return born.created;
  }

  /**
   * Runs `work` in a transaction when it writes more than one statement (joining the caller's, if any);
   * a single statement is atomic on its own, and needs no BEGIN and COMMIT.
   */
  private atomically<T>(severalStatements: boolean, work: () => Promise<T>): Promise<T> {
    return severalStatements ? this.db.transaction(work) : work();
  }

  /** The case an Idempotency-Key stands for (the key's foreign key keeps it there). */
  private async existing(caseId: string): Promise<Case> {
    const c = await this.cases.findById(caseId);
    if (!c) throw new Error(`The case ${caseId} of a stored Idempotency-Key is missing`);
    return c;
  }

  /**
   * What the new case needs from outside its transaction, read before the transaction opens: inside it,
   * a query through the pool would wait for a second connection while holding one, and more concurrent
   * intakes than the pool has connections would wait for each other until the pool's timeout.
   */
  private async plan(input: NewCase, closesAtOnce = false): Promise<IntakePlan> {
    const now = this.clock.now();
    const suggestion = await this.routing.suggest(input.categoryCode, input.regionCode);
    return {
      now,
      suggestion,
      dispatchDeadline: await this.deadlines.deadline('dispatch', input.priority, now),
      // A case merged or answered at intake is never dispatched, whatever the rules say.
      dispatch: suggestion?.autoDispatch && !closesAtOnce ? await this.ownership.dispatchChange(input, suggestion.departmentId, [], now, null) : null,
      departments: await this.casesService.departmentsById([suggestion?.departmentId ?? null]),
      guards: await this.guards.load(),
    };
  }

  /**
   * Born `received` with the centre, with its first event; then, when a routing rule with auto-dispatch
   * matches, dispatched at once in the same transaction (two events: created, dispatched).
   */
  private async create(input: NewCase, actor: AuthUser | null, plan: IntakePlan, claim: KeyClaim | null): Promise<Claimed> {
    const { now, suggestion } = plan;
    const values = {
      channel: input.channel,
      kind: input.kind,
      priority: input.priority,
      categoryCode: input.categoryCode,
      regionCode: input.regionCode,
      address: input.address,
      title: input.title,
      content: input.content,
      citizenName: input.citizen.name,
      citizenPhone: input.citizen.phone,
      citizenEmail: input.citizen.email,
      confidential: input.citizen.confidential,
      publicConsent: input.publicConsent,
      notify: input.notify,
      latitude: input.location?.lat ?? null,
      longitude: input.location?.lng ?? null,
      mediaUrl: input.mediaUrl ?? null,
      open311ClientId: input.open311ClientId ?? null,
      suggestedDepartmentId: suggestion?.departmentId ?? null,
      dispatchDeadline: plan.dispatchDeadline,
      queryCode: newQueryCode(),
      createdBy: actor?.id ?? null,
      createdAt: now,
    };
    const change = suggestion ? plan.dispatch : null;
    // Born is one statement; born and dispatched, a transaction.
    return this.atomically(change !== null, async () => {
      let born: Claimed | null = null;
      for (let draw = 0; !born && draw < MAX_TRACKING_CODE_DRAWS; draw++) {
        const inserted = await this.workflow.create({ ...values, trackingCode: newTrackingCode() }, actor ? userActor(actor) : { kind: 'citizen' }, claim ?? undefined);
        if (!('codeTaken' in inserted)) born = inserted;
      }
      if (!born) throw new Error('Could not draw an unused tracking code');
      if (!('created' in born) || !suggestion || !change) return born;
      // A case just born has no co-handling departments yet.
      return { created: await this.workflow.apply(born.created, 'dispatch', SYSTEM, { ...change, data: { ...change.data, ruleId: suggestion.ruleId } }, now, []) };
    });
  }

  /** An operator corrects kind, priority, category, region, title or address while the centre holds the case. */
  async reclassify(user: AuthUser, caseId: string, dto: ReclassifyDto): Promise<CaseDto> {
    const { version, ...fields } = dto;
    const given = Object.entries(fields).filter(([, value]) => value !== undefined);
    if (given.length === 0) throw DomainError.invalid(ErrorCode.NOTHING_TO_CHANGE, 'Give at least one field to change');
    const updated = await this.workflow.act(user, caseId, 'reclassify', version, async (c, { now }) => {
      const next = { categoryCode: c.categoryCode, regionCode: c.regionCode, ...fields };
      await this.checkClassification({ categoryCode: fields.categoryCode ?? null, regionCode: fields.regionCode ?? null });
      const changes = Object.fromEntries(
        given
          .map(([field, value]) => [field, [c[field as keyof Case], value]] as const)
          .filter(([, [before, after]]) => before !== after),
      );
      const suggestion = await this.routing.suggest(next.categoryCode, next.regionCode);
      const set: Partial<Case> = { ...fields, suggestedDepartmentId: suggestion?.departmentId ?? null };
      // A new priority sets a new dispatch deadline, counted from now: the centre learned it only now.
      if (fields.priority && fields.priority !== c.priority) {
        set.dispatchDeadline = await this.deadlines.deadline('dispatch', fields.priority, now);
      }
      return { set, data: { changes } };
    });
    // Another category or region moves the case into another key's window.
    if (fields.categoryCode !== undefined || fields.regionCode !== undefined) this.hotspots.poke();
    return updated;
  }

  private async checkClassification(input: Pick<NewCase, 'categoryCode' | 'regionCode'>): Promise<void> {
    const problems: string[] = [];
    if (input.categoryCode !== null && !(await this.catalog.categoryExists(input.categoryCode))) {
      problems.push(`categoryCode '${input.categoryCode}' is not a known category`);
    }
    if (input.regionCode !== null && !(await this.catalog.regionExists(input.regionCode))) {
      problems.push(`regionCode '${input.regionCode}' is not a known region`);
    }
    if (problems.length > 0) throw new DomainError(HttpStatus.BAD_REQUEST, ErrorCode.UNKNOWN_REFERENCE, problems.join('; '));
  }
}
