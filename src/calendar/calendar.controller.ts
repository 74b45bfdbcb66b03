import { Body, Controller, Delete, Get, Param, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { DomainError, ErrorCode } from '../common/domain-error';
import { YEARS } from '../common/text';
import { CalendarService } from './calendar.service';
import {
  CalendarDayDto,
  CalendarRangeQuery,
  CalendarYearDto,
  isRealDate,
  SetCalendarDayDto,
  SlaPolicyDto,
  UpdateSlaPolicyDto,
} from './dto/calendar.dto';
import { SlaPolicyService } from './sla-policy.service';
import { AdminAudited } from '../audit/admin-audit.interceptor';

function realDate(value: string, field: string): string {
  if (!isRealDate(value)) throw DomainError.invalid(ErrorCode.INVALID_DATE, `${field} must be a real date as YYYY-MM-DD`);
  return value;
}

@ApiTags('administration')
@ApiBearerAuth()
@Roles('admin')
@AdminAudited()
@Controller('api/admin')
export class CalendarAdminController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly sla: SlaPolicyService,
  ) {}

  /** Every date in the range with its effective kind: official schedule, admin changes, weekday default. */
  @Get('calendar')
  @ApiOkResponse({
    type: [CalendarDayDto],
    headers: { 'X-Calendar-Warning': { description: 'Set when a year in the range has no holidays loaded', schema: { type: 'string' } } },
  })
  async range(@Query() query: CalendarRangeQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<CalendarDayDto[]> {
    const days = await this.calendar.range(realDate(query.from, 'from'), realDate(query.to, 'to'));
    const missing: number[] = [];
    for (let year = Number(query.from.slice(0, 4)); year <= Number(query.to.slice(0, 4)); year++) {
      if (!(await this.calendar.yearStatus(year)).loaded) missing.push(year);
    }
    if (missing.length > 0) {
      res.header('X-Calendar-Warning', `No holiday calendar loaded for ${missing.join(', ')}: weekends off, weekdays on assumed`);
    }
    return days;
  }

  /** Whether each year has its holidays loaded; a year that has not runs on weekdays-on, weekends-off. */
  @Get('calendar/years/:year')
  @ApiOkResponse({ type: CalendarYearDto })
  year(@Param('year') year: string): Promise<CalendarYearDto> {
    if (!/^\d{4}$/.test(year) || Number(year) < YEARS.from || Number(year) > YEARS.to) {
      throw DomainError.invalid(ErrorCode.INVALID_YEAR, `year must be four digits, from ${YEARS.from} to ${YEARS.to}`);
    }
    return this.calendar.yearStatus(Number(year));
  }

  @Put('calendar/:date')
  @ApiOkResponse({ type: CalendarDayDto })
  set(@Param('date') date: string, @Body() dto: SetCalendarDayDto): Promise<CalendarDayDto> {
    return this.calendar.set(realDate(date, 'date'), dto.kind, dto.name ?? null);
  }

  /** Returns the date to the default: weekdays on, weekends off. */
  @Delete('calendar/:date')
  @ApiOkResponse({ type: CalendarDayDto })
  reset(@Param('date') date: string): Promise<CalendarDayDto> {
    return this.calendar.reset(realDate(date, 'date'));
  }

  @Get('sla-policy')
  @ApiOkResponse({ type: SlaPolicyDto })
  getSla(): Promise<SlaPolicyDto> {
    return this.sla.get();
  }

  @Put('sla-policy')
  @ApiOkResponse({ type: SlaPolicyDto })
  updateSla(@Body() dto: UpdateSlaPolicyDto): Promise<SlaPolicyDto> {
    return this.sla.update(dto);
  }
}
