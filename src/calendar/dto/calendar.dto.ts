import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { IsRealDate, MaxLength, trim } from '../../common/text';
import { DURATION_UNITS, type DurationUnit } from '../sla-policy.entity';

export { isRealDate } from '../../common/text';

export class CalendarRangeQuery {
  @ApiProperty({ example: '2026-09-28' })
  @IsRealDate()
  from: string;

  @ApiProperty({ example: '2026-10-11' })
  @IsRealDate()
  to: string;
}

export class SetCalendarDayDto {
  @ApiProperty({ enum: ['workday', 'holiday'] })
  @IsIn(['workday', 'holiday'])
  kind: 'workday' | 'holiday';

  @ApiPropertyOptional({ example: '国庆节' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class CalendarDayDto {
  @ApiProperty({ example: '2026-10-01' }) date: string;
  @ApiProperty({ enum: ['workday', 'holiday'] }) kind: 'workday' | 'holiday';
  @ApiPropertyOptional() name?: string;
}

export class CalendarYearDto {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'false: no holidays entered; weekends off and weekdays on are assumed' }) loaded: boolean;
  @ApiProperty() entries: number;
}

export class DurationDto {
  @ApiProperty({ minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  amount: number;

  @ApiProperty({ enum: DURATION_UNITS })
  @IsIn(DURATION_UNITS)
  unit: DurationUnit;
}

export class StagePolicyDto {
  @ApiProperty({ type: DurationDto, description: 'The centre dispatches within' })
  @IsObject()
  @ValidateNested()
  @Type(() => DurationDto)
  dispatchWithin: DurationDto;

  @ApiProperty({ type: DurationDto, description: 'The department signs for it within' })
  @IsObject()
  @ValidateNested()
  @Type(() => DurationDto)
  signWithin: DurationDto;

  @ApiProperty({ type: DurationDto, description: 'The department replies within' })
  @IsObject()
  @ValidateNested()
  @Type(() => DurationDto)
  replyWithin: DurationDto;

  @ApiProperty({ type: DurationDto, description: 'The centre calls the citizen back within' })
  @IsObject()
  @ValidateNested()
  @Type(() => DurationDto)
  callbackWithin: DurationDto;
}

export class SlaPolicyDto {
  @ApiProperty({ type: StagePolicyDto }) normal: StagePolicyDto;
  @ApiProperty({ type: StagePolicyDto }) urgent: StagePolicyDto;
  @ApiProperty({ type: StagePolicyDto }) emergency: StagePolicyDto;
}

/** Any subset of priorities; each given priority is replaced whole. */
export class UpdateSlaPolicyDto {
  @ApiPropertyOptional({ type: StagePolicyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StagePolicyDto)
  normal?: StagePolicyDto;

  @ApiPropertyOptional({ type: StagePolicyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StagePolicyDto)
  urgent?: StagePolicyDto;

  @ApiPropertyOptional({ type: StagePolicyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StagePolicyDto)
  emergency?: StagePolicyDto;
}

