import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AdminAuditRepository } from './admin-audit.repository';
import { AuditPageDto, AuditQuery } from './dto/admin-audit.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AdminAuditRepository) {}

  /** Every administrative change (calendar, SLA, routing, categories, regions, departments, users), newest first. */
  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: AuditQuery): Promise<AuditPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.audit.page(query.cursor ?? null, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actorId ? { id: r.actorId, displayName: r.actorName ?? '' } : null,
        entity: r.entity,
        entityId: r.entityId,
        action: r.action,
        before: r.before,
        after: r.after,
      })),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }
}
