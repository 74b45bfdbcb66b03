import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { MaxLength, trim } from '../../common/text';
import { KINDS, type Kind } from '../category.entity';

const CATEGORY_CODE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const REGION_CODE = /^[0-9]{6}$/;

class NodeName {
  @ApiProperty({ maxLength: 100, example: '噪音扰民' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class CreateCategoryDto extends NodeName {
  @ApiProperty({ example: 'environment.noise', description: 'A dotted path: the parent’s code, a dot, then its own part' })
  @Matches(CATEGORY_CODE, { message: 'code must be lower-case words joined by dots, e.g. environment.noise' })
  @MaxLength(100)
  code: string;

  @ApiPropertyOptional({ example: 'environment' })
  @IsOptional()
  @Matches(CATEGORY_CODE, { message: 'parentCode must be a category code' })
  @MaxLength(100)
  parentCode?: string;

  @ApiPropertyOptional({ enum: KINDS, nullable: true, description: 'The kind of request a call in this category usually is (the console preselects it)' })
  @IsOptional()
  @IsIn(KINDS)
  defaultKind?: Kind | null;
}

export class CreateRegionDto extends NodeName {
  @ApiProperty({ example: '441802', description: 'The GB/T 2260 code' })
  @Matches(REGION_CODE, { message: 'code must be the 6-digit GB/T 2260 code' })
  code: string;

  @ApiPropertyOptional({ example: '441800' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'parentCode must be a 6-digit region code' })
  parentCode?: string;
}

export class RenameCatalogNodeDto extends NodeName {}

/** A category's name and the kind of request it implies; send either or both (`defaultKind: null` clears it). */
export class UpdateCategoryDto {
  @ApiPropertyOptional({ maxLength: 100, example: '政策咨询' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: KINDS, nullable: true, description: 'The kind of request a call in this category usually is; null: none' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsIn(KINDS)
  defaultKind?: Kind | null;
}
