import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, ValidateIf } from 'class-validator';
import { CLOSE_REASONS, RESOLUTIONS, SATISFACTIONS, TRANSFER_TARGETS, type Resolution, type Satisfaction, type TransferTarget } from '../../cases/case.enums';
import { VersionedDto } from '../../cases/dto/versioned.dto';
import { PublicNote } from '../../common/public-note';
import { MaxLength, trim } from '../../common/text';

export class ReplyDto extends VersionedDto {
  @ApiProperty({ maxLength: 10000, description: '市民可见 — the answer (答复) the citizen reads, on their page and timeline' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  content: string;

  @ApiProperty({ enum: RESOLUTIONS })
  @IsIn(RESOLUTIONS)
  resolution: Resolution;

  @ApiPropertyOptional({ maxLength: 10000, description: 'Required when the resolution is unresolvable' })
  @ValidateIf((o: ReplyDto) => o.resolution === 'unresolvable' || o.reason !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason is required when the resolution is unresolvable' })
  @MaxLength(10000)
  reason?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 5,
    description: '市民可见 — files of this case (uploaded with POST /api/cases/{id}/attachments) published with the answer',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class CallbackDto extends VersionedDto {
  @ApiProperty({ enum: SATISFACTIONS })
  @IsIn(SATISFACTIONS)
  satisfaction: Satisfaction;

  @ApiProperty({ description: 'Whether the citizen says the problem is resolved' })
  @IsBoolean()
  resolved: boolean;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(10000)
  note?: string;
}

const CENTRE_CLOSE_REASONS = CLOSE_REASONS.filter((r) => r === 'answered' || r === 'not_accepted' || r === 'merged' || r === 'transferred');

export class CloseDto extends VersionedDto {
  @ApiProperty({
    enum: CENTRE_CLOSE_REASONS,
    description: 'answered on the spot (直办), not accepted, merged into another case (并单), or transferred to 110/119/120/122',
  })
  @IsIn(CENTRE_CLOSE_REASONS)
  reason: 'answered' | 'not_accepted' | 'merged' | 'transferred';

  @ApiProperty({ maxLength: 10000, description: 'Internal: what was done, or why it is not accepted, for the record' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  note: string;

  @PublicNote('the answer given on the spot, or why the request is not accepted')
  publicNote?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The open case this one repeats; required for merged' })
  @ValidateIf((o: CloseDto) => o.reason === 'merged' || o.mergedIntoId !== undefined)
  @IsUUID()
  mergedIntoId?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 10, description: 'answered: the knowledge-base entries the answer came from (each in force); publicNote is then required' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  knowledgeEntryIds?: string[];

  @ApiPropertyOptional({ enum: TRANSFER_TARGETS, description: 'transferred: the line that takes the call over (required for it)' })
  @ValidateIf((o: CloseDto) => o.reason === 'transferred' || o.transferTo !== undefined)
  @IsIn(TRANSFER_TARGETS)
  transferTo?: TransferTarget;

  @ApiPropertyOptional({ maxLength: 100, description: 'transferred: the counterpart’s reference for the call (接警编号)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  counterpartRef?: string;
}

export class RatingDto {
  @ApiProperty({ description: 'The six-digit query code given at intake (the phone digits only open the lookup: 403 QUERY_CODE_REQUIRED)' })
  @IsString()
  @Matches(/^(\d{4}|\d{6})$/, { message: 'verify must be the 6-digit query code' })
  verify: string;

  @ApiProperty({ enum: SATISFACTIONS })
  @IsIn(SATISFACTIONS)
  satisfaction: Satisfaction;

  @ApiPropertyOptional({ description: 'Defaults to satisfaction != unsatisfied' })
  @IsOptional()
  @IsBoolean()
  resolved?: boolean;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
