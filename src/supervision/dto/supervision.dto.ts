import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { PAUSE_REASONS, type PauseReason } from '../../cases/case-pause.entity';
import { VersionedDto } from '../../cases/dto/versioned.dto';
import { PageLimit } from '../../common/page-limit';
import { OwnerDto } from '../../cases/dto/case.dto';
import { PublicNote } from '../../common/public-note';
import { IsInstant, MaxLength, trim } from '../../common/text';

export class SuperviseDto extends VersionedDto {
  @ApiProperty({ maxLength: 10000, description: '公开 — the facts of poor follow-through, published on the supervision list (督查公开) as `facts`' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  note: string;

  @ApiProperty({ maxLength: 10000, description: '公开 — the rectification demanded (整改要求), published on the supervision list as `requirement`' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  requirement: string;
}

export class RequestExtensionDto extends VersionedDto {
  @ApiProperty({ minimum: 1, maximum: 60 })
  @IsInt()
  @Min(1)
  @Max(60)
  workingDays: number;

  @ApiProperty({ maxLength: 10000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  reason: string;
}

export class DecideExtensionDto extends VersionedDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 60, description: 'Grant fewer days than asked; defaults to all of them' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  workingDays?: number;

  @ApiPropertyOptional({ maxLength: 10000, description: 'Internal: the reason for the decision, for the department' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(10000)
  note?: string;

  @PublicNote('what the citizen is told with an approved extension (the new deadline is shown anyway)')
  publicNote?: string;
}

export class RequestPauseDto extends VersionedDto {
  @ApiProperty({ enum: PAUSE_REASONS, description: 'The citizen reads this category (暂停办理), never the note' })
  @IsIn(PAUSE_REASONS)
  reason: PauseReason;

  @ApiProperty({ maxLength: 10000, description: 'Internal: what the case waits for, for the supervisor' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  note: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The pause ends by itself then (the sweep resumes it)' })
  @IsOptional()
  @IsInstant()
  until?: string;
}

export class DecidePauseDto extends VersionedDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional({ maxLength: 10000, description: 'Internal: the reason for the decision, for the department' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(10000)
  note?: string;
}

export class ResumeDto extends VersionedDto {
  @ApiPropertyOptional({ maxLength: 10000, description: 'Internal' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(10000)
  note?: string;
}

export class OverdueOwnerDto {
  @ApiProperty({ type: OwnerDto }) owner: OwnerDto;
  @ApiProperty() overdue: number;
  @ApiProperty({ format: 'date-time' }) oldestDeadline: string;
}

export class PublicSupervisionDto {
  @ApiProperty({ example: 'DB2026-000042', description: 'The public reference (never the tracking code)' }) ref: string;
  @ApiProperty({ description: 'The case title with the citizen’s consent, otherwise its category' }) title: string;
  @ApiProperty({ nullable: true, type: String, description: 'The responsible unit' }) department: string | null;
  @ApiProperty({ nullable: true, type: String }) responsiblePerson: string | null;
  @ApiProperty({ description: 'The facts of poor follow-through' }) facts: string;
  @ApiProperty({ description: 'The rectification demanded' }) requirement: string;
  @ApiProperty({ description: 'The case’s status now' }) status: string;
  @ApiProperty({ format: 'date-time' }) supervisedAt: string;
}

export class PublicSupervisionQuery {
  @PageLimit(50)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `X-Next-Cursor` header of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
