import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ALL_STAFF, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CasesService } from './cases.service';
import { CaseListDto, CaseWithTimelineDto } from './dto/case.dto';
import { ListCasesQuery } from './dto/list-cases.query';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: CaseListDto, description: 'Newest first; department staff see only their own cases' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery): Promise<CaseListDto> {
    const { cursor, limit, ...filter } = query;
    return this.cases.list(user, filter, cursor, limit);
  }

  @Get(':id')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: CaseWithTimelineDto })
  @ApiNotFoundResponse({ description: 'No such case, or not yours to see' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CaseWithTimelineDto> {
    return this.cases.get(user, id);
  }
}
