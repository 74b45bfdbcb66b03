import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from './auth/auth.decorators';

export class HealthReport {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: 'ok' | 'unavailable';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ enum: ['current', 'pending', 'unknown'] }) migrations: 'current' | 'pending' | 'unknown';
}

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 once the database answers and every migration has run; 503 otherwise. */
  @Get()
  @ApiOkResponse({ type: HealthReport })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'The database is unreachable or not migrated' })
  async check(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthReport> {
    let report: HealthReport;
    try {
      const pending = await this.dataSource.showMigrations();
      report = { status: pending ? 'unavailable' : 'ok', database: 'up', migrations: pending ? 'pending' : 'current' };
    } catch {
      report = { status: 'unavailable', database: 'down', migrations: 'unknown' };
    }
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
