import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminAudited } from '../audit/admin-audit.interceptor';
import { ALL_STAFF, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import {
  CreateKnowledgeEntryDto,
  KnowledgeEntryDto,
  KnowledgeListDto,
  KnowledgeQuery,
  RetireKnowledgeEntryDto,
  UpdateKnowledgeEntryDto,
} from './dto/knowledge.dto';
import { KnowledgeService } from './knowledge.service';

/** Who may write the knowledge base; a dept_lead only its own department's entries (checked by the service). */
const KEEPERS = ['dept_lead', 'supervisor', 'admin'] as const;

@ApiTags('knowledge')
@ApiBearerAuth()
@AdminAudited()
@Controller('api/knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  /** Entries in force, most relevant to `q` first (the caller's words, Chinese). */
  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: KnowledgeListDto })
  search(@Query() query: KnowledgeQuery): Promise<KnowledgeListDto> {
    return this.knowledge.search(query);
  }

  @Get(':id')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: KnowledgeEntryDto })
  @ApiNotFoundResponse({ description: 'No such entry' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<KnowledgeEntryDto> {
    return this.knowledge.get(id);
  }

  @Post()
  @Roles(...KEEPERS)
  @ApiCreatedResponse({ type: KnowledgeEntryDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateKnowledgeEntryDto): Promise<KnowledgeEntryDto> {
    return this.knowledge.create(user, dto);
  }

  @Patch(':id')
  @Roles(...KEEPERS)
  @ApiOkResponse({ type: KnowledgeEntryDto })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateKnowledgeEntryDto): Promise<KnowledgeEntryDto> {
    return this.knowledge.update(user, id, dto);
  }

  /** Never suggested again; still readable by id. */
  @Post(':id/retire')
  @HttpCode(200)
  @Roles(...KEEPERS)
  @ApiOkResponse({ type: KnowledgeEntryDto })
  retire(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RetireKnowledgeEntryDto): Promise<KnowledgeEntryDto> {
    return this.knowledge.retire(user, id, dto.version);
  }
}
