import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CASE_POLICY } from '../cases/case-policy';
import { CaseDto } from '../cases/dto/case.dto';
import { AssignDto, DecideOwnerDto, DispatchDto, ReturnDto, SignDto } from './dto/ownership.dto';
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
  @Post('dispatch')
  @HttpCode(200)
  @Roles(...CASE_POLICY.dispatch.roles, ...CASE_POLICY.subDispatch.roles)
  dispatch(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DispatchDto): Promise<CaseDto> {
    return this.ownership.dispatch(user, id, dto);
  }

  @Post('sign')
  @HttpCode(200)
  @Roles(...CASE_POLICY.sign.roles)
  sign(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SignDto): Promise<CaseDto> {
    return this.ownership.sign(user, id, dto.version);
  }

  @Post('return')
  @HttpCode(200)
  @Roles(...CASE_POLICY.return.roles)
  return(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReturnDto): Promise<CaseDto> {
    return this.ownership.return(user, id, dto);
  }

  @Post('assign')
  @HttpCode(200)
  @Roles(...CASE_POLICY.assign.roles)
  assign(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignDto): Promise<CaseDto> {
    return this.ownership.assign(user, id, dto);
  }

  /** A supervisor's binding choice of owner after returns: that department cannot return it again. */
  @Post('decide-owner')
  @HttpCode(200)
  @Roles(...CASE_POLICY.decideOwner.roles)
  decideOwner(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideOwnerDto): Promise<CaseDto> {
    return this.ownership.decideOwner(user, id, dto);
  }
}
