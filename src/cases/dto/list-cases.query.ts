import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { MaxLength } from '../../common/text';
import { IsCategoryCode, IsRegionCode } from '../../catalog/catalog-code.decorators';
import { PageLimit } from '../../common/page-limit';
import { PRIORITIES, STATUSES, type CaseStatus, type Priority } from '../case.enums';
import type { CaseOrder } from '../cases.repository';

/** `true`/`false` in a query string; anything else stays a string and fails @IsBoolean with a 400. */
export const QueryBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ListCasesQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this case: the page holds it if it passes the other filters (how a live client learns whether a changed case belongs in its list)',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'true: every status but closed; false: closed only' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ description: 'Held by the 12345 centre (received or returned)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  atCentre?: boolean;

  @ApiPropertyOptional({ description: 'An extension request waits for a supervisor' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  pendingExtension?: boolean;

  @ApiPropertyOptional({ description: 'A pause request (挂起) waits for a supervisor' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  pendingPause?: boolean;

  @ApiPropertyOptional({ description: 'Paused (挂起): the reply clock stands still' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Cases owned by this department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ description: "The current stage's deadline has passed" })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCategoryCode()
  categoryCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  supervised?: boolean;

  @ApiPropertyOptional({ description: 'Returned more than twice: only a supervisor may decide the owner' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  awaitingDecision?: boolean;

  @ApiPropertyOptional({ description: 'Replied and waiting for the centre to call the citizen back' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  callbackDue?: boolean;

  @ApiPropertyOptional({ description: 'A tracking code exactly, or a substring of the title or address' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: ['newest', 'oldest', 'deadline'],
    default: 'newest',
    description: 'By intake time, or by the current stage’s deadline, earliest first (the overdue board)',
  })
  @IsOptional()
  @IsIn(['newest', 'oldest', 'deadline'])
  order?: CaseOrder;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @PageLimit(20)
  limit?: number;
}
