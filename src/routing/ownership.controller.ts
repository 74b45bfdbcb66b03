import { Body, Controller, Param, ParseUUIDPipe } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CaseActionRoute } from '../cases/case-action.route';
import { CaseDto } from '../cases/dto/case.dto';
import { AssignDto, DecideOwnerDto, DispatchDto, RejectReturnDto, ReturnDto, SignDto } from './dto/ownership.dto';
import { OwnershipService } from './ownership.service';

@ApiTags('cases')
@ApiBearerAuth()
@ApiOkResponse({ type: CaseDto, description: 'The updated case' })
@ApiForbiddenResponse({ description: 'Your role or department may not do this' })
@ApiNotFoundResponse({ description: 'No such case, or not yours to see' })
@ApiConflictResponse({ description: 'A stale version, or the case’s status does not allow this now' })
@Controller('api/cases/:id')
export class OwnershipController {
  constructor(private readonly ownership: OwnershipService) {}

  /** The centre dispatches a received or returned case; a dept_lead passes its own case to a child unit. */
  @CaseActionRoute('dispatch', ['dispatch', 'subDispatch'])
  dispatch(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DispatchDto): Promise<CaseDto> {
    return this.ownership.dispatch(user, id, dto);
  }

  @CaseActionRoute('sign', ['sign'])
  sign(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SignDto): Promise<CaseDto> {
    return this.ownership.sign(user, id, dto.version);
  }

  @CaseActionRoute('return', ['return'])
  return(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReturnDto): Promise<CaseDto> {
    return this.ownership.return(user, id, dto);
  }

  /**
   * 派单异议审核: the centre refuses a department's return. The case goes back to that department exactly
   * as it was when returned (its deadlines ran on meanwhile), and that department cannot return it again.
   */
  @CaseActionRoute('reject-return', ['rejectReturn'])
  rejectReturn(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectReturnDto): Promise<CaseDto> {
    return this.ownership.rejectReturn(user, id, dto);
  }

  @CaseActionRoute('assign', ['assign'])
  assign(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignDto): Promise<CaseDto> {
    return this.ownership.assign(user, id, dto);
  }

  /** A supervisor's binding choice of owner after returns: that department cannot return it again. */
  @CaseActionRoute('decide-owner', ['decideOwner'])
  decideOwner(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideOwnerDto): Promise<CaseDto> {
    return this.ownership.decideOwner(user, id, dto);
  }
}
