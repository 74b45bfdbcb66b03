import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID } from 'class-validator';
import { CaseDto, TimelineEventDto } from '../../cases/dto/case.dto';
import { CaseStatus, STATUSES } from '../../cases/case.enums';
import { MaxLength, trim } from '../../common/text';
import { INCIDENT_ROLES, type IncidentRole } from '../incident.entity';

export const MAX_INCIDENT_CASES = 500;

export class CreateIncidentDto {
  @ApiProperty({ maxLength: 200, example: '凤城街道片区停水' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Make the incident of this hotspot’s cases (give this or `caseIds`)' })
  @IsOptional()
  @IsUUID()
  hotspotId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Or of these cases', maxItems: MAX_INCIDENT_CASES })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INCIDENT_CASES)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  caseIds?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The case that answers for all (default: the earliest one a department holds, else the earliest open one); must be open',
  })
  @IsOptional()
  @IsUUID()
  masterCaseId?: string;
}

export class AttachCasesDto {
  @ApiProperty({ type: [String], maxItems: MAX_INCIDENT_CASES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INCIDENT_CASES)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  caseIds: string[];
}

export class IncidentListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The incident this case belongs to (as a member, or merged into its master)' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class IncidentClockDto {
  @ApiProperty({ format: 'date-time', description: 'When the first of its cases came in' }) startedAt: string;
  @ApiProperty({ enum: STATUSES, description: 'The master case’s status' }) status: CaseStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The master case’s current deadline' }) deadline: string | null;
  @ApiProperty() overdue: boolean;
}

export class IncidentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid', description: 'The one case that answers: its owner is the incident’s owner, its reply every merged citizen’s' })
  masterCaseId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) hotspotId: string | null;
  @ApiProperty({ type: [String], description: 'Every case of the incident, the master first' }) caseIds: string[];
  @ApiProperty({ description: 'Cases merged into the master (their citizens follow it)' }) merged: number;
  @ApiProperty({ description: 'Cases departments held already: open, linked, counted for their own department' }) linked: number;
  @ApiProperty({ enum: ['open', 'closed'], description: 'Closed once the master is' }) status: 'open' | 'closed';
  @ApiProperty({ type: IncidentClockDto }) clock: IncidentClockDto;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class IncidentCaseDto {
  @ApiProperty({ enum: INCIDENT_ROLES }) role: IncidentRole;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
  @ApiProperty({ type: CaseDto }) case: CaseDto;
}

export class IncidentEventDto extends TimelineEventDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() trackingCode: string;
}

export class IncidentDetailDto extends IncidentDto {
  @ApiProperty({ type: [IncidentCaseDto], description: 'The master first, then in the order they joined' }) cases: IncidentCaseDto[];
  @ApiProperty({ type: [IncidentEventDto], description: 'The latest 300 events of all its cases, oldest first' }) timeline: IncidentEventDto[];
}
