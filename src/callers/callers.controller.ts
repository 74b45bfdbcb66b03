import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminAudited } from '../audit/admin-audit.interceptor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CallersService } from './callers.service';
import { CallerFlagDto, CallerHistoryDto, CallerPhoneDto, LiftedFlagDto, SetCallerFlagDto } from './dto/callers.dto';

/** The caller on the line: a POST with the number in the body, so that no number appears in a URL or a log. */
@ApiTags('callers')
@ApiBearerAuth()
@Controller('api/callers')
export class CallersController {
  constructor(private readonly callers: CallersService) {}

  /** That number's cases of the last 365 days (newest first, at most 20), their counts, and its flag. */
  @Post('history')
  @HttpCode(200)
  @Roles('operator', 'supervisor', 'admin')
  @ApiOkResponse({ type: CallerHistoryDto })
  history(@Body() dto: CallerPhoneDto): Promise<CallerHistoryDto> {
    return this.callers.history(dto.phone);
  }

  /** Marks a number abusive (恶意骚扰) or vulnerable (needs care); replaces its flag. Intake is never refused for it. */
  @Put('flag')
  @AdminAudited()
  @Roles('supervisor')
  @ApiOkResponse({ type: CallerFlagDto })
  setFlag(@CurrentUser() user: AuthUser, @Body() dto: SetCallerFlagDto): Promise<CallerFlagDto> {
    return this.callers.setFlag(user, dto);
  }

  @Post('flag/lift')
  @AdminAudited()
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOkResponse({ type: LiftedFlagDto })
  @ApiNotFoundResponse({ description: 'The number has no flag' })
  lift(@Body() dto: CallerPhoneDto): Promise<LiftedFlagDto> {
    return this.callers.liftFlag(dto.phone);
  }
}
