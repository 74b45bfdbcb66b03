import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageLimit } from '../../common/page-limit';

export const AUDITED_ENTITIES = [
  'calendar_days',
  'sla_policies',
  'routing_rules',
  'categories',
  'regions',
  'departments',
  'users',
  'knowledge_entries',
  'caller_flags',
  'reply_templates',
  'open311_clients',
  'hotspot_policy',
] as const;

export class AuditActorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The name they had then' }) displayName: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'Null: not made through the API (a migration, the demo seed, the database directly)' })
  actor: AuditActorDto | null;
  @ApiProperty({ enum: AUDITED_ENTITIES, description: 'The table' }) entity: string;
  @ApiProperty({ description: 'The row: its id, code, date or priority' }) entityId: string;
  @ApiProperty({ enum: ['insert', 'update', 'delete'] }) action: 'insert' | 'update' | 'delete';
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The row before (null for an insert); never a password hash' })
  before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The row after (null for a delete); `passwordReset: true` when the password changed' })
  after: Record<string, unknown> | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AuditQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @PageLimit(50)
  limit?: number;
}
