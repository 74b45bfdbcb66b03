import { Inject, Injectable } from '@nestjs/common';
import { type AuthUser, seesAllCases } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { CatalogService } from '../catalog/catalog.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DeadlinesService } from '../calendar/deadlines.service';
import { DepartmentsService } from '../departments/departments.service';
import { AttachmentsRepository } from './attachments.repository';
import { CaseAccess } from './case-access';
import { GuardContexts } from './case-guard-context';
import type { GuardContext } from './case-state-machine';
import type { Case } from './case.entity';
import { type DepartmentsById, type PendingExtension, toCaseDto, toOwnerDto, toTimelineEventDto, type ViewContext } from './case.mapper';
import { type CaseFilter, type CaseOrder, CasesRepository, keysetOf } from './cases.repository';
import { decodeCursor, encodeCursor } from './cursor';
import { type ChainReport, verifyChain } from './timeline-chain';
import type { CaseDto, CaseListDto, CaseWithTimelineDto, SimilarCasesDto } from './dto/case.dto';
import type { SimilarCasesQuery } from './dto/similar-cases.query';

export const DEFAULT_PAGE_SIZE = 20;
/** Similar cases are looked for among the open cases of this many days, at most this many offered. */
export const SIMILAR_WINDOW_DAYS = 30;
export const SIMILAR_LIMIT = 10;
/**
 * At most this many open cases of the family, the newest, are compared: the bound of the work at a
 * capital's volume (a family of one county rarely has a few hundred open cases in a month in 清远).
 */
export const SIMILAR_CANDIDATES = 2000;

/** Reading cases as a staff member may see them. */
@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly departments: DepartmentsService,
    private readonly access: CaseAccess,
    private readonly guards: GuardContexts,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly attachments: AttachmentsRepository,
    private readonly deadlines: DeadlinesService,
  ) {}

  /**
   * Open cases of the last 30 days like the words typed, in the category's family (itself, its parent,
   * its siblings) and the region or below it: possible duplicates (重复诉求) to merge a new call into.
   */
  async similar(query: SimilarCasesQuery): Promise<SimilarCasesDto> {
    const [categories, regions] = [await this.catalog.categoryFamily(query.categoryCode), await this.catalog.regionAndBelow(query.regionCode)];
    const since = new Date(this.clock.now().getTime() - SIMILAR_WINDOW_DAYS * 86_400_000);
    const rows = await this.cases.similar(query.text, categories, regions, since, this.config.similarThreshold, SIMILAR_LIMIT, SIMILAR_CANDIDATES);
    const departments = await this.departmentsById(rows.map((r) => r.ownerDepartmentId));
    return {
      items: rows.map((r) => ({
        id: r.id,
        trackingCode: r.trackingCode,
        title: r.title,
        status: r.status,
        owner: toOwnerDto(r.ownerDepartmentId, departments),
        createdAt: r.createdAt.toISOString(),
        similarity: Math.round(r.similarity * 1000) / 1000,
        mergedCount: r.mergedCount,
      })),
    };
  }

  async list(user: AuthUser, filter: CaseFilter, paging: { cursor?: string; limit?: number; order?: CaseOrder } = {}): Promise<CaseListDto> {
    const limit = paging.limit ?? DEFAULT_PAGE_SIZE;
    const after = paging.cursor ? decodeCursor(paging.cursor) : null;
    const order = paging.order ?? 'newest';
    const guards = await this.guards.load();
    const rows = await this.cases.list(filter, await this.access.scopeOf(user), { after, limit: limit + 1, order }, guards.now);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const ctx = await this.viewContext(user, page, guards);
    return {
      items: page.map((c) => toCaseDto(c, ctx)),
      nextCursor: rows.length > limit && last ? encodeCursor(keysetOf(last, order)) : null,
    };
  }

  /** The case with its full timeline, or 404 — also when it exists but is not the caller's to see. */
  async get(user: AuthUser, id: string): Promise<CaseWithTimelineDto> {
    const found = await this.cases.findVisible(id, await this.access.scopeOf(user));
    if (!found) throw DomainError.notFound();
    const timeline = await this.cases.timeline(found.id, { publicOnly: false });
    const merged = found.mergedCount > 0 ? await this.cases.mergedInto(found.id) : [];
    const departmentIds = timeline.flatMap((e) => [e.fromOwnerDepartmentId, e.toOwnerDepartmentId]);
    const ctx = await this.viewContext(user, [found], await this.guards.load(), departmentIds);
    return {
      ...toCaseDto(found, ctx),
      timeline: timeline.map((e) => toTimelineEventDto(e, ctx.departments)),
      mergedCases: merged.map((m) => ({ id: m.id, trackingCode: m.trackingCode, title: m.title, createdAt: m.createdAt.toISOString() })),
    };
  }

  /** Whether the case's timeline is intact: every event's hash follows from its fields and its predecessor's. */
  async verify(id: string): Promise<ChainReport> {
    if (!(await this.cases.findById(id))) throw DomainError.notFound();
    return verifyChain(await this.cases.chain(id));
  }

  /** Renders a case the caller has just written (no scope check: the writer decided who may). */
  async render(user: AuthUser, c: Case): Promise<CaseDto> {
    return toCaseDto(c, await this.viewContext(user, [c], await this.guards.load()));
  }

  /** Renders cases the caller may see (the caller checked), in the order given. */
  async renderMany(user: AuthUser, cases: Case[]): Promise<CaseDto[]> {
    const ctx = await this.viewContext(user, cases, await this.guards.load());
    return cases.map((c) => toCaseDto(c, ctx));
  }

  /**
   * Renders a case created in the caller's still-open transaction without a query: a new case has no
   * co-handling departments or extension requests yet, and the caller loaded the departments it names
   * and the guards beforehand.
   */
  renderNew(user: AuthUser, c: Case, departments: DepartmentsById, guards: GuardContext): CaseDto {
    return toCaseDto(c, { user, guards, fullAccess: seesAllCases(user), departments, coDepartments: new Map(), pendingExtensions: new Map(), openPauses: new Map(), lastReturns: new Map(), attachments: new Map() });
  }

  async departmentsById(ids: (string | null)[]): Promise<DepartmentsById> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    const rows = await this.departments.findByIds(unique);
    return new Map(rows.map((d) => [d.id, d]));
  }

  /**
   * The pending extension requests of these cases, each with the reply deadline that granting 1, 2, … of
   * its days would set: the decision's own arithmetic (`SupervisionService.decideExtension`), so the
   * supervisor's dialog shows the date the approval will write, and the console never counts working days.
   */
  private async withReplyDeadlines(cases: Case[]): Promise<Map<string, PendingExtension>> {
    if (cases.length === 0) return new Map();
    const [requests, calculator] = await Promise.all([this.cases.pendingExtensionsOf(cases.map((c) => c.id)), this.deadlines.calculator()]);
    const byId = new Map(cases.map((c) => [c.id, c]));
    return new Map(
      [...requests].map(([caseId, request]) => {
        const from = byId.get(caseId)?.replyDeadline ?? null;
        const replyDeadlines = from ? Array.from({ length: request.requestedDays }, (_, i) => calculator.after(from, { amount: i + 1, unit: 'working_days' })) : [];
        return [caseId, Object.assign(request, { replyDeadlines })] as const;
      }),
    );
  }

  private async viewContext(user: AuthUser, cases: Case[], guards: GuardContext, moreDepartmentIds: (string | null)[] = []): Promise<ViewContext> {
    const [coDepartments, pendingExtensions, openPauses, lastReturns, attachments] = await Promise.all([
      this.cases.coDepartmentsOf(cases.map((c) => c.id)),
      this.withReplyDeadlines(cases.filter((c) => c.extensionPending)),
      this.cases.openPausesOf(cases.filter((c) => c.pausePending || c.pausedAt).map((c) => c.id)),
      this.cases.lastReturnsOf(cases.filter((c) => c.status === 'returned').map((c) => c.id)),
      this.attachments.ofCases(cases.map((c) => c.id)),
    ]);
    const departmentIds = [
      ...cases.flatMap((c) => [c.ownerDepartmentId, c.suggestedDepartmentId]),
      ...[...coDepartments.values()].flat(),
      ...[...lastReturns.values()].flatMap((r) => [r.departmentId, r.suggestedDepartmentId]),
      ...moreDepartmentIds,
    ];
    return { user, guards, fullAccess: seesAllCases(user), departments: await this.departmentsById(departmentIds), coDepartments, pendingExtensions, openPauses, lastReturns, attachments };
  }
}
