import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { OwnerDto } from '../../cases/dto/case.dto';
import { CaseStatus, STATUSES } from '../../cases/case.enums';
import { IsChinesePhone, toNormalizedPhone } from '../../common/phone';
import { IsInstant, MaxLength, trim } from '../../common/text';

export const FLAG_KINDS = ['abusive', 'vulnerable'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** A phone number in a body (never in a URL: no number lands in a log), normalised as at intake. */
export class CallerPhoneDto {
  @ApiProperty({ example: '13812345678', description: 'Mobile or landline with area code; spaces, dashes, +86 allowed' })
  @Transform(toNormalizedPhone)
  @IsChinesePhone()
  phone: string;
}

export class SetCallerFlagDto extends CallerPhoneDto {
  @ApiProperty({ enum: FLAG_KINDS, description: 'abusive: 恶意骚扰; vulnerable: needs care (elderly, disabled …)' })
  @IsIn(FLAG_KINDS)
  kind: FlagKind;

  @ApiProperty({ maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the flag stops showing; none: until lifted' })
  @IsOptional()
  @IsInstant()
  expiresAt?: string;
}

export class CallerFlagDto {
  @ApiProperty({ enum: FLAG_KINDS }) kind: FlagKind;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) setAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who set it (display name)' }) setBy: string | null;
}

export class CallerCountsDto {
  @ApiProperty({ description: 'Cases of the last 365 days' }) total: number;
  @ApiProperty({ description: 'Of those, not closed' }) open: number;
  @ApiProperty({ description: 'Of those, logged in the last 30 days' }) last30Days: number;
}

export class CallerCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: STATUSES }) status: CaseStatus;
  @ApiProperty({ type: String, nullable: true }) categoryCode: string | null;
  @ApiProperty({ type: OwnerDto }) owner: OwnerDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CallerHistoryDto {
  @ApiProperty({ type: CallerCountsDto }) counts: CallerCountsDto;
  @ApiProperty({ type: [CallerCaseDto], description: 'Newest first, at most 20, of the last 365 days' }) cases: CallerCaseDto[];
  @ApiProperty({ type: CallerFlagDto, nullable: true, description: 'The number’s flag in force, or null' }) flag: CallerFlagDto | null;
}

export class LiftedFlagDto {
  @ApiProperty({ description: 'Always true: the number has no flag now' }) lifted: boolean;
}
