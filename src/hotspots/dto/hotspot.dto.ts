import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { HOTSPOT_STATUSES, type HotspotStatus } from '../hotspot.entity';

export class HotspotDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'water.supply' }) categoryCode: string;
  @ApiProperty({ example: '供水' }) categoryName: string;
  @ApiProperty({ example: '441802', description: 'A county-level region (区、县、县级市)' }) regionCode: string;
  @ApiProperty({ example: '清城区' }) regionName: string;
  @ApiProperty({ format: 'date-time', description: 'Start of the window that made it a hotspot' }) windowStart: string;
  @ApiProperty({ format: 'date-time', description: 'End of the last window in which it stood out' }) windowEnd: string;
  @ApiProperty({ description: 'Cases in the hotspot: those of the detecting window and every one that joined while it was active' })
  count: number;
  @ApiProperty({ description: 'Mean count of the same clock-time window on the history days (the previous 28 by default), at detection' })
  baseline: number;
  @ApiProperty({ description: 'Their standard deviation' }) spread: number;
  @ApiProperty({ description: 'The count the window had to exceed: max(threshold − 1, baseline + sigmas × spread)' }) threshold: number;
  @ApiProperty({ enum: HOTSPOT_STATUSES }) status: HotspotStatus;
  @ApiProperty({ type: [String], description: 'Its cases, in the order they joined' }) caseIds: string[];
  @ApiProperty({ format: 'date-time' }) detectedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When its window fell back' }) endedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The incident a supervisor made of it' }) incidentId: string | null;
}

/**
 * `hotspot.detected` and `hotspot.updated` on `/live` (to operators, supervisors and admins; not
 * replayed): the hotspot without its full case list, and the cases that joined with this change
 * (for `hotspot.detected`, the cases that made it). `GET /api/hotspots/:id` has the rest.
 */
export class HotspotMessageDto {
  @ApiProperty({ enum: ['hotspot.detected', 'hotspot.updated'] }) type: 'hotspot.detected' | 'hotspot.updated';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty() categoryName: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ format: 'date-time' }) windowStart: string;
  @ApiProperty({ format: 'date-time' }) windowEnd: string;
  @ApiProperty() count: number;
  @ApiProperty() baseline: number;
  @ApiProperty() threshold: number;
  @ApiProperty({ enum: HOTSPOT_STATUSES }) status: HotspotStatus;
  @ApiProperty({ format: 'date-time' }) detectedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ type: [String], description: 'The cases that joined with this change (at most 100; `joined` counts them all)' })
  joinedCaseIds: string[];
  @ApiProperty() joined: number;
}

export class HotspotQuery {
  @ApiPropertyOptional({ enum: ['active', 'all'], default: 'active', description: '`all`: the latest 100 of every status, newest first' })
  @IsOptional()
  @IsIn(['active', 'all'])
  status?: 'active' | 'all';
}

export class HotspotPolicyDto {
  @ApiProperty({ minimum: 10, maximum: 1440, description: 'The sliding window, minutes (default 120)' }) windowMinutes: number;
  @ApiProperty({ minimum: 2, maximum: 100000, description: 'The fewest cases in the window that make a hotspot (default 5)' }) threshold: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: 'Standard deviations above the history’s mean the window must exceed (default 3)' })
  sigmas: number;
  @ApiProperty({ minimum: 1, maximum: 90, description: 'Previous days whose same clock-time window make the history (default 28)' })
  historyDays: number;
  @ApiProperty({ description: 'Detection runs (when off, active hotspots end at the next run)' }) enabled: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** Any subset of the policy's fields. */
export class UpdateHotspotPolicyDto {
  @ApiPropertyOptional({ minimum: 10, maximum: 1440 })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(1440)
  windowMinutes?: number;

  @ApiPropertyOptional({ minimum: 2, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100000)
  threshold?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  sigmas?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  historyDays?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
