import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IsCategoryCode, IsRegionCode } from '../../catalog/catalog-code.decorators';
import { KINDS, PRIORITIES, type Kind, type Priority } from '../../cases/case.enums';
import { VersionedDto } from '../../cases/dto/versioned.dto';
import { MaxLength, trim } from '../../common/text';

/** The centre corrects what a letter (or a hurried call) says it is about, before dispatching it. */
export class ReclassifyDto extends VersionedDto {
  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
  kind?: Kind;

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

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  address?: string;
}
