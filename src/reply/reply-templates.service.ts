import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { CatalogService } from '../catalog/catalog.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { CreateReplyTemplateDto, ReplyTemplateDto, UpdateReplyTemplateDto } from './dto/reply-template.dto';
import { ReplyTemplatesRepository, type ReplyTemplateRow } from './reply-templates.repository';

/**
 * Reply templates (常用语), inserted into replies, callbacks and closings: each department keeps its own
 * (its dept_lead), supervisors keep the centre's. Staff read their department's and the centre's.
 */
@Injectable()
export class ReplyTemplatesService {
  constructor(
    private readonly templates: ReplyTemplatesRepository,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser): Promise<ReplyTemplateDto[]> {
    return (await this.templates.list(user.departmentId)).map(toDto);
  }

  /** A dept_lead's template is its department's; a supervisor's is the centre's. */
  async create(user: AuthUser, dto: CreateReplyTemplateDto): Promise<ReplyTemplateDto> {
    await this.checkCategories(dto.categoryCodes ?? []);
    return toDto(
      await this.templates.insert(
        { departmentId: keeperOf(user), title: dto.title, body: dto.body, categoryCodes: dto.categoryCodes ?? [], createdBy: user.id },
        this.clock.now(),
      ),
    );
  }

  async update(user: AuthUser, id: string, dto: UpdateReplyTemplateDto): Promise<ReplyTemplateDto> {
    await this.mayKeep(user, id);
    if (dto.title === undefined && dto.body === undefined && dto.categoryCodes === undefined) {
      throw DomainError.invalid(ErrorCode.NOTHING_TO_CHANGE, 'Give at least one field to change');
    }
    await this.checkCategories(dto.categoryCodes ?? []);
    const row = await this.templates.update(id, dto, this.clock.now());
    if (!row) throw DomainError.notFound('Reply template');
    return toDto(row);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.mayKeep(user, id);
    if (!(await this.templates.remove(id))) throw DomainError.notFound('Reply template');
  }

  /** 404 for a template the user cannot read; 403 for one they read but do not keep (the centre's, for a dept_lead). */
  private async mayKeep(user: AuthUser, id: string): Promise<ReplyTemplateRow> {
    const row = await this.templates.find(id);
    if (!row || (row.departmentId !== null && row.departmentId !== user.departmentId)) throw DomainError.notFound('Reply template');
    if (row.departmentId !== keeperOf(user)) {
      throw DomainError.forbidden(ErrorCode.NOT_YOUR_DEPARTMENT, row.departmentId === null ? "Only supervisors keep the centre's templates" : "Only the department's dept_lead keeps its templates");
    }
    return row;
  }

  private async checkCategories(codes: string[]): Promise<void> {
    const unknown: string[] = [];
    for (const code of codes) if (!(await this.catalog.categoryExists(code))) unknown.push(code);
    if (unknown.length > 0) throw DomainError.invalid(ErrorCode.UNKNOWN_REFERENCE, `categoryCodes: ${unknown.map((c) => `'${c}'`).join(', ')} not known`);
  }
}

/** Whose templates a writer keeps: a dept_lead its department's, a supervisor the centre's (null). */
function keeperOf(user: AuthUser): string | null {
  return user.role === 'dept_lead' ? user.departmentId : null;
}

function toDto(r: ReplyTemplateRow): ReplyTemplateDto {
  return { id: r.id, departmentId: r.departmentId, title: r.title, body: r.body, categoryCodes: r.categoryCodes, updatedAt: r.updatedAt.toISOString() };
}
