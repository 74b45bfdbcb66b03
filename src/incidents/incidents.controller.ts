import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { AttachCasesDto, CreateIncidentDto, IncidentDetailDto, IncidentDto, IncidentListQuery } from './dto/incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  /** 立为事件: a hotspot (or chosen cases) becomes one incident with one master case. */
  @Post()
  @Roles('supervisor')
  @ApiCreatedResponse({ type: IncidentDetailDto })
  @ApiConflictResponse({ description: 'A case is in an incident already, the hotspot is one already, or the master is closed' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateIncidentDto): Promise<IncidentDetailDto> {
    return this.incidents.create(user, dto);
  }

  /** More cases: the centre's are merged into the master, the departments' are linked. */
  @Post(':id/cases')
  @Roles('supervisor')
  @ApiCreatedResponse({ type: IncidentDetailDto })
  attach(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AttachCasesDto): Promise<IncidentDetailDto> {
    return this.incidents.attach(user, id, dto);
  }

  /** Newest first (at most 100), or the incident of one case (`caseId`). */
  @Get()
  @Roles('operator', 'supervisor', 'admin')
  @ApiOkResponse({ type: [IncidentDto] })
  list(@Query() q: IncidentListQuery): Promise<IncidentDto[]> {
    return this.incidents.list(q.caseId);
  }

  /** Its cases, their timeline, and the master's clock. */
  @Get(':id')
  @Roles('operator', 'supervisor', 'admin')
  @ApiOkResponse({ type: IncidentDetailDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<IncidentDetailDto> {
    return this.incidents.get(user, id);
  }
}
