import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { trim } from '../../common/text';
import { DURATION_UNITS, type DurationUnit } from '../sla-policy.entity';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_MESSAGE = (field: string) => `${field} must be a date as YYYY-MM-DD`;

/** A real calendar date (rejects 2026-02-30). */
export const isRealDate = (value: string) => DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export class CalendarRangeQuery {
  @ApiProperty({ example: '2026-09-28' })
  @Matches(DATE, { message: DATE_MESSAGE('from') })
  from: string;

  @ApiProperty({ example: '2026-10-11' })
  @Matches(DATE, { message: DATE_MESSAGE('to') })
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

