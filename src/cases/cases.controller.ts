import { Body, Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ALL_STAFF, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CaseActionRoute } from './case-action.route';
import { CaseWorkflow } from './case-workflow.service';
import { CasesService } from './cases.service';
import { NoteDto } from './dto/note.dto';
import { CaseDto, CaseListDto, CaseWithTimelineDto, ChainReportDto, SimilarCasesDto } from './dto/case.dto';
import { SimilarCasesQuery } from './dto/similar-cases.query';
import { ListCasesQuery } from './dto/list-cases.query';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflow,
  ) {}

  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: CaseListDto, description: 'Newest first; department staff see only their own cases' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery): Promise<CaseListDto> {
    const { cursor, limit, order, ...filter } = query;
    return this.cases.list(user, filter, { cursor, limit, order });
  }

  /** Possible duplicates of a call being logged: open cases like it, most similar first. */
  @Get('similar')
  @Roles('operator', 'supervisor')
  @ApiOkResponse({ type: SimilarCasesDto })
  similar(@Query() query: SimilarCasesQuery): Promise<SimilarCasesDto> {
    return this.cases.similar(query);
  }

  @Get(':id')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: CaseWithTimelineDto })
  @ApiNotFoundResponse({ description: 'No such case, or not yours to see' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CaseWithTimelineDto> {
    return this.cases.get(user, id);
  }

  /** Checks the case's hash-chained timeline (the record as evidence). */
  @Get(':id/verify')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: ChainReportDto })
  @ApiNotFoundResponse({ description: 'No such case' })
  verify(@Param('id', ParseUUIDPipe) id: string): Promise<ChainReportDto> {
    return this.cases.verify(id);
  }

  /** An internal note (staff only) by the centre, the owning or a co-handling department. */
  @CaseActionRoute('notes', ['note'], ':id/')
  note(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: NoteDto): Promise<CaseDto> {
    return this.workflow.act(user, id, 'note', dto.version, () => ({ note: dto.content }));
  }
}
