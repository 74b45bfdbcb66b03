import { Body, Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CaseActionRoute } from '../cases/case-action.route';
import { CaseDto } from '../cases/dto/case.dto';
import { DecideExtensionDto, DecidePauseDto, OverdueOwnerDto, RequestExtensionDto, RequestPauseDto, ResumeDto, SuperviseDto } from './dto/supervision.dto';
import { PauseService } from './pause.service';
import { SupervisionService } from './supervision.service';

@ApiTags('cases')
@ApiBearerAuth()
@ApiOkResponse({ type: CaseDto, description: 'The updated case' })
@Controller('api/cases/:id')
export class CaseSupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly pauses: PauseService,
  ) {}

  /** 督办: flag the case for supervision with the facts and the rectification demanded. */
  @CaseActionRoute('supervise', ['supervise'])
  supervise(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SuperviseDto): Promise<CaseDto> {
    return this.supervision.supervise(user, id, dto);
  }

  /** 延期: the owning dept_lead asks for more working days to reply. */
  @CaseActionRoute('extension', ['requestExtension'])
  @ApiConflictResponse({ description: 'A request is pending, or two extensions were granted already' })
  requestExtension(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RequestExtensionDto): Promise<CaseDto> {
    return this.supervision.requestExtension(user, id, dto);
  }

  @CaseActionRoute('extension/decision', ['decideExtension'])
  decideExtension(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideExtensionDto): Promise<CaseDto> {
    return this.supervision.decideExtension(user, id, dto);
  }

  /** 挂起: the owning dept_lead asks to stop the reply clock of an in-progress case that is not overdue. */
  @CaseActionRoute('pause', ['requestPause'])
  @ApiConflictResponse({ description: 'Paused already, overdue, a request pending, or two pauses granted already' })
  requestPause(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RequestPauseDto): Promise<CaseDto> {
    return this.pauses.request(user, id, dto);
  }

  /** A supervisor approves (the clock stops now) or refuses a pause request. */
  @CaseActionRoute('pause/decision', ['approvePause', 'refusePause'])
  decidePause(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecidePauseDto): Promise<CaseDto> {
    return this.pauses.decide(user, id, dto);
  }

  /** Ends a pause: the reply deadline moves later by the paused time. */
  @CaseActionRoute('resume', ['resume'])
  resume(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResumeDto): Promise<CaseDto> {
    return this.pauses.resume(user, id, dto);
  }
}

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  /**
   * Overdue open cases per owner (the centre's own and each department's), the longest overdue first.
   * The cases themselves: `GET /api/cases?overdue=true&order=deadline&departmentId=…` (or `atCentre=true`).
   */
  @Get('overdue')
  @Roles('supervisor', 'admin', 'operator')
  @ApiOkResponse({ type: [OverdueOwnerDto] })
  overdue(): Promise<OverdueOwnerDto[]> {
    return this.supervision.overdueByOwner();
  }
}
