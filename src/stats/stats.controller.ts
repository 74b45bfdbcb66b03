import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { toCsv } from './csv';
import { DepartmentFiguresDto, PeriodQuery } from './dto/stats.dto';
import { StatsService } from './stats.service';

export const FIGURE_COLUMNS: (keyof DepartmentFiguresDto)[] = [
  'departmentId',
  'code',
  'name',
  'received',
  'signOnTimeRate',
  'replyOnTimeRate',
  'resolutionRate',
  'satisfactionRate',
  'returnRate',
  'reopenRate',
  'overdueOpen',
  'avgReplyHours',
  'score',
];

/** Sends the rows as JSON, or as CSV when asked by `Accept: text/csv` or by a `.csv` path. */
export function sendFigures(req: Request, res: Response, rows: DepartmentFiguresDto[], from: string, to: string): void {
  const csv = req.path.endsWith('.csv') || req.accepts(['application/json', 'text/csv']) === 'text/csv';
  if (!csv) {
    res.json(rows);
    return;
  }
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="figures-${from}-${to}.csv"`);
  res.send(toCsv(FIGURE_COLUMNS, rows));
}

@ApiTags('figures')
@ApiBearerAuth()
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /** Per-department figures for a period (Asia/Shanghai dates, `to` inclusive); a dept_lead gets its own row. */
  @Get(['departments', 'departments.csv'])
  @Roles('supervisor', 'admin', 'dept_lead')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: [DepartmentFiguresDto] })
  async departments(@CurrentUser() user: AuthUser, @Query() q: PeriodQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFigures(req, res, await this.stats.forUser(user, q.from, q.to), q.from, q.to);
  }
}
