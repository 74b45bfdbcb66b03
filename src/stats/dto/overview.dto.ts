import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsRealDate } from '../../common/text';
import { HotspotDto } from '../../hotspots/dto/hotspot.dto';

export class OverviewQuery {
  @ApiPropertyOptional({ example: '2026-11-29', description: 'The day (Asia/Shanghai); default today' })
  @IsOptional()
  @IsRealDate()
  date?: string;
}

export class ChannelCountsDto {
  @ApiProperty() hotline: number;
  @ApiProperty() mailbox: number;
  @ApiProperty() web: number;
  @ApiProperty() app: number;
  @ApiProperty() open311: number;
}

export class OpenStatusCountsDto {
  @ApiProperty() received: number;
  @ApiProperty() dispatched: number;
  @ApiProperty() returned: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() replied: number;
}

export class OverdueDepartmentDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() name: string;
  @ApiProperty() count: number;
}

export class RegionCountDto {
  @ApiProperty({ example: '441802', description: 'A county-level region' }) regionCode: string;
  @ApiProperty({ example: '清城区' }) name: string;
  @ApiProperty() count: number;
}

export class OverviewDto {
  @ApiProperty({ example: '2026-11-29' }) date: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: [Number], description: 'The day’s intake per hour (Asia/Shanghai), 24 numbers' }) intakeByHour: number[];
  @ApiProperty({ type: [Number], description: 'The mean of the same weekday over the previous 4 weeks, per hour, 24 numbers' })
  intakeByHourBaseline: number[];
  @ApiProperty({ type: ChannelCountsDto, description: 'The day’s intake per channel' }) byChannel: ChannelCountsDto;
  @ApiProperty({ type: OpenStatusCountsDto, description: 'Open cases now, per status' }) byStatus: OpenStatusCountsDto;
  @ApiProperty({ type: [OverdueDepartmentDto], description: 'Open overdue cases now per owning department, most first' })
  overdueByDepartment: OverdueDepartmentDto[];
  @ApiProperty({ type: [RegionCountDto], description: 'The day’s intake per county-level region (every one, zeros too)' }) byRegion: RegionCountDto[];
  @ApiProperty({ type: [HotspotDto] }) activeHotspots: HotspotDto[];
  @ApiProperty({ description: 'Open cases at the centre now that are overdue (not in overdueByDepartment)' }) overdueAtCentre: number;
}
