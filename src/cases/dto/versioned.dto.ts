import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Every state-changing call may carry the version the caller saw; a stale one is refused with 409. */
export class VersionedDto {
  @ApiPropertyOptional({ minimum: 1, description: "The case's version as last loaded; 409 when it has changed since" })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
