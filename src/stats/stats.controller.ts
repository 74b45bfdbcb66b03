import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { figuresCsv } from './csv';
import { CentreFiguresDto, DepartmentFiguresDto, PeriodQuery } from './dto/stats.dto';
import { StatsService } from './stats.service';
import { OverviewDto, OverviewQuery } from './dto/overview.dto';
import { OverviewService } from './overview.service';

/** Sends the rows as JSON, or as CSV when asked by `Accept: text/csv` or by a `.csv` path. */
export function sendFigures(req: FastifyRequest, res: FastifyReply, rows: DepartmentFiguresDto[], from: string, to: string): void {
  if (!wantsCsv(req)) {
    res.type('application/json; charset=utf-8').send(JSON.stringify(rows));
    return;
  }
  res.type('text/csv; charset=utf-8');
  // An ASCII name for old clients, the Chinese one (RFC 6266 / 5987) for the rest.
  const name = `12345考核-${from}-${to}.csv`;
  res.header('Content-Disposition', `attachment; filename="figures-${from}-${to}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.send(figuresCsv(rows));
}

/** A `.csv` path, or an Accept header that prefers CSV to JSON (equal preference: JSON). */
function wantsCsv(req: FastifyRequest): boolean {
  if (req.url.split('?')[0].endsWith('.csv')) return true;
  const ranges = (req.headers.accept ?? '').split(',').map((part) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { range: range.trim(), q: q ? Number(q.slice(2)) || 0 : 1 };
  });
  const quality = (type: string) =>
    Math.max(0, ...ranges.filter(({ range }) => range === type || range === `${type.split('/')[0]}/*` || range === '*/*').map(({ q }) => q));
  return quality('text/csv') > quality('application/json');
}

@ApiTags('figures')
@ApiBearerAuth()
@Controller('api/stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly overviews: OverviewService,
  ) {}

  /** 全市态势: the day's intake by hour against the last four same weekdays, open and overdue cases, channels, counties, hotspots. */
  @Get('overview')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: OverviewDto })
  overview(@Query() q: OverviewQuery): Promise<OverviewDto> {
    return this.overviews.overview(q.date);
  }

  /** The 12345 centre's own figures for a period (Asia/Shanghai dates, `to` inclusive). */
  @Get('centre')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CentreFiguresDto })
  centre(@Query() q: PeriodQuery): Promise<CentreFiguresDto> {
    return this.stats.centreFigures(q.from, q.to);
  }

  /** Per-department figures for a period (Asia/Shanghai dates, `to` inclusive); a dept_lead gets its own row. */
  @Get(['departments', 'departments.csv'])
  @Roles('supervisor', 'admin', 'dept_lead')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: [DepartmentFiguresDto] })
  async departments(@CurrentUser() user: AuthUser, @Query() q: PeriodQuery, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    sendFigures(req, res, await this.stats.forUser(user, q.from, q.to), q.from, q.to);
  }
}
