import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { addDays, shanghaiDate } from '../calendar/deadline-math';
import { CatalogService } from '../catalog/catalog.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { DepartmentsService } from '../departments/departments.service';
import type { CreateKnowledgeEntryDto, KnowledgeEntryDto, KnowledgeItemDto, KnowledgeListDto, KnowledgeQuery, UpdateKnowledgeEntryDto } from './dto/knowledge.dto';
import { KnowledgeRepository, type KnowledgeRow, type KnowledgeWrite } from './knowledge.repository';

/** An entry is checked again this many days after it is written, unless its author says when. */
export const REVIEW_AFTER_DAYS = 180;
const SNIPPET_LENGTH = 120;

/**
 * The knowledge base (知识库): answers departments stand behind, searched in the caller's words. Only
 * entries in force are ever suggested (never a retired or expired one); each has one owning department,
 * whose dept_lead keeps it (with supervisors and admins).
 */
@Injectable()
export class KnowledgeService {
  constructor(
    private readonly entries: KnowledgeRepository,
    private readonly catalog: CatalogService,
    private readonly departments: DepartmentsService,
    private readonly clock: Clock,
  ) {}

  async search(query: KnowledgeQuery): Promise<KnowledgeListDto> {
    const rows = await this.entries.search({
      today: this.today(),
      q: query.q || undefined,
      categoryCodes: query.categoryCode ? await this.catalog.categoryLine(query.categoryCode) : undefined,
      regionCodes: query.regionCode ? await this.catalog.regionAndAbove(query.regionCode) : undefined,
      departmentId: query.departmentId,
      reviewDue: query.reviewDue,
      limit: query.limit ?? 10,
    });
    return { items: await this.render(rows, (row, department) => this.item(row, department)) };
  }

  async get(id: string): Promise<KnowledgeEntryDto> {
    const row = await this.entries.find(id);
    if (!row) throw DomainError.notFound('Knowledge entry');
    const [entry] = await this.render([row], (r, department) => this.full(r, department));
    return entry;
  }

  async create(user: AuthUser, dto: CreateKnowledgeEntryDto): Promise<KnowledgeEntryDto> {
    this.mayKeep(user, dto.departmentId);
    await this.checkReferences(dto);
    const today = this.today();
    const effectiveFrom = dto.effectiveFrom ?? today;
    checkDates(effectiveFrom, dto.expiresAt ?? null);
    const row = await this.entries.insert(
      {
        title: dto.title,
        keywords: dto.keywords ?? '',
        body: dto.body,
        categoryCodes: dto.categoryCodes,
        regionCode: dto.regionCode ?? null,
        departmentId: dto.departmentId,
        sourceRef: dto.sourceRef ?? null,
        effectiveFrom,
        expiresAt: dto.expiresAt ?? null,
        reviewDueAt: dto.reviewDueAt ?? addDays(today, REVIEW_AFTER_DAYS),
        createdBy: user.id,
      },
      this.clock.now(),
    );
    return this.get(row.id);
  }

  async update(user: AuthUser, id: string, dto: UpdateKnowledgeEntryDto): Promise<KnowledgeEntryDto> {
    const current = await this.entries.find(id);
    if (!current) throw DomainError.notFound('Knowledge entry');
    this.mayKeep(user, current.departmentId);
    if (dto.departmentId !== undefined) this.mayKeep(user, dto.departmentId);
    if (current.retiredAt) throw DomainError.conflict(ErrorCode.KNOWLEDGE_ENTRY_RETIRED, 'This entry is retired: write a new one');
    const { version, ...changes } = dto;
    if (Object.values(changes).every((v) => v === undefined)) throw DomainError.invalid(ErrorCode.NOTHING_TO_CHANGE, 'Give at least one field to change');
    await this.checkReferences(changes);
    checkDates(changes.effectiveFrom ?? current.effectiveFrom, changes.expiresAt === undefined ? current.expiresAt : changes.expiresAt);
    const written: KnowledgeWrite = { ...changes };
    const updated = await this.entries.update(id, version, written, this.clock.now());
    if (!updated) throw stale(version, current.version);
    return this.get(id);
  }

  /** Retired entries stay readable by id (a closed case names them) but are never suggested again. */
  async retire(user: AuthUser, id: string, version?: number): Promise<KnowledgeEntryDto> {
    const current = await this.entries.find(id);
    if (!current) throw DomainError.notFound('Knowledge entry');
    this.mayKeep(user, current.departmentId);
    if (current.retiredAt) throw DomainError.conflict(ErrorCode.KNOWLEDGE_ENTRY_RETIRED, 'This entry is retired already');
    const at = version ?? current.version;
    if (!(await this.entries.update(id, at, { retiredAt: this.clock.now() }, this.clock.now()))) throw stale(at, current.version);
    return this.get(id);
  }

  /**
   * 400 unless every id names an entry in force today: an answer given from the knowledge base cites
   * only what stands (used by direct answers, at intake and on close).
   */
  async assertInForce(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.entries.inForce([...new Set(ids)], this.today());
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0) throw DomainError.invalid(ErrorCode.UNKNOWN_KNOWLEDGE_ENTRY, `knowledgeEntryIds: no entry ${missing.join(', ')}`);
    const stale = found.filter((f) => !f.inForce).map((f) => f.id);
    if (stale.length > 0) {
      throw DomainError.invalid(ErrorCode.KNOWLEDGE_ENTRY_NOT_IN_FORCE, `knowledgeEntryIds: ${stale.join(', ')} retired, expired or not yet in force`);
    }
  }

  /** Today in Asia/Shanghai. */
  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** The owning department's dept_lead, a supervisor or an admin keeps an entry. */
  private mayKeep(user: AuthUser, departmentId: string): void {
    if (user.role === 'supervisor' || user.role === 'admin') return;
    if (user.role === 'dept_lead' && user.departmentId === departmentId) return;
    throw DomainError.forbidden(
      user.role === 'dept_lead' ? ErrorCode.NOT_YOUR_DEPARTMENT : ErrorCode.ROLE_MAY_NOT,
      user.role === 'dept_lead' ? "A dept_lead keeps only their own department's entries" : `A ${user.role} may not change the knowledge base`,
    );
  }

  private async checkReferences(dto: { categoryCodes?: string[]; regionCode?: string | null; departmentId?: string }): Promise<void> {
    const problems: string[] = [];
    for (const code of dto.categoryCodes ?? []) {
      if (!(await this.catalog.categoryExists(code))) problems.push(`categoryCodes: '${code}' is not a known category`);
    }
    if (dto.regionCode && !(await this.catalog.regionExists(dto.regionCode))) problems.push(`regionCode '${dto.regionCode}' is not a known region`);
    if (dto.departmentId && !(await this.departments.findById(dto.departmentId))) problems.push(`departmentId is not a known department`);
    if (problems.length > 0) throw DomainError.invalid(ErrorCode.UNKNOWN_REFERENCE, problems.join('; '));
  }

  private async render<T>(rows: KnowledgeRow[], map: (row: KnowledgeRow, department: { id: string; code: string; name: string }) => T): Promise<T[]> {
    const departments = new Map((await this.departments.findByIds([...new Set(rows.map((r) => r.departmentId))])).map((d) => [d.id, d]));
    return rows.map((r) => {
      const d = departments.get(r.departmentId);
      return map(r, { id: r.departmentId, code: d?.code ?? '', name: d?.name ?? '' });
    });
  }

  private item(r: KnowledgeRow, department: { id: string; code: string; name: string }): KnowledgeItemDto {
    const chars = [...r.body];
    return {
      id: r.id,
      title: r.title,
      snippet: chars.length > SNIPPET_LENGTH ? `${chars.slice(0, SNIPPET_LENGTH).join('')}…` : r.body,
      categoryCodes: r.categoryCodes,
      regionCode: r.regionCode,
      department,
      sourceRef: r.sourceRef,
      effectiveFrom: r.effectiveFrom,
      expiresAt: r.expiresAt,
      reviewDueAt: r.reviewDueAt,
      version: r.version,
    };
  }

  private full(r: KnowledgeRow, department: { id: string; code: string; name: string }): KnowledgeEntryDto {
    const today = this.today();
    return {
      ...this.item(r, department),
      body: r.body,
      keywords: r.keywords,
      retiredAt: r.retiredAt?.toISOString() ?? null,
      inForce: !r.retiredAt && r.effectiveFrom <= today && (r.expiresAt === null || r.expiresAt >= today),
      updatedAt: r.updatedAt.toISOString(),
    };
  }
}

function checkDates(effectiveFrom: string, expiresAt: string | null): void {
  if (expiresAt !== null && expiresAt < effectiveFrom) {
    throw DomainError.invalid(ErrorCode.INVALID_DATES, 'expiresAt must not be before effectiveFrom');
  }
}

const stale = (sent: number, current: number) =>
  DomainError.conflict(ErrorCode.STALE_VERSION, `The entry has changed since you loaded it (version ${current}, you sent ${sent}); reload it`);
