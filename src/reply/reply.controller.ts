import { Body, Controller, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CaseActionRoute } from '../cases/case-action.route';
import { CaseDto } from '../cases/dto/case.dto';
import { CallbackDto, CloseDto, ReplyDto } from './dto/reply.dto';
import { ReplyService } from './reply.service';

@ApiTags('cases')
@ApiBearerAuth()
@ApiOkResponse({ type: CaseDto, description: 'The updated case' })
@Controller('api/cases/:id')
export class ReplyController {
  constructor(private readonly replies: ReplyService) {}

  /** 答复: the owning department's public answer. */
  @CaseActionRoute('reply', ['reply'])
  reply(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReplyDto): Promise<CaseDto> {
    return this.replies.reply(user, id, dto);
  }

  /** 回访: closes the case, or reopens it (重办) when the citizen is unsatisfied and it is not resolved. */
  @CaseActionRoute('callback', ['callback'])
  callback(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CallbackDto): Promise<CaseDto> {
    return this.replies.callback(user, id, dto);
  }

  /** The centre closes a case it holds: answered on the spot, not accepted, or merged into an open case. */
  @CaseActionRoute('close', ['close'])
  close(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseDto): Promise<CaseDto> {
    return this.replies.close(user, id, dto);
  }
}
