import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { IsCategoryCode, IsRegionCode } from '../../catalog/catalog-code.decorators';
import { PageLimit } from '../../common/page-limit';
import { IsRealDate, MaxLength, trim } from '../../common/text';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class KnowledgeQuery {
  @ApiPropertyOptional({ maxLength: 200, description: 'What the caller asks, in their words: entries ranked by relevance (Chinese bigram search)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Entries filed under this category, one of its parents or one of its children' })
  @IsOptional()
  @IsCategoryCode()
  categoryCode?: string;

  @ApiPropertyOptional({ description: 'Entries for this region or a region above it (the whole city)' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Entries owned by this department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ description: 'true: entries whose review date (reviewDueAt) has come, oldest first' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  reviewDue?: boolean;

  @PageLimit(10)
  limit?: number;
}

export class KnowledgeDepartmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

/** An entry as search results list it. */
export class KnowledgeItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The start of the body' }) snippet: string;
  @ApiProperty({ type: [String] }) categoryCodes: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Null: the whole city' }) regionCode: string | null;
  @ApiProperty({ type: KnowledgeDepartmentDto, description: 'The department that owns and answers for it' }) department: KnowledgeDepartmentDto;
  @ApiProperty({ type: String, nullable: true, description: 'The document it rests on (文号)' }) sourceRef: string | null;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) expiresAt: string | null;
  @ApiProperty({ format: 'date', description: 'When its owner must check it is still right' }) reviewDueAt: string;
  @ApiProperty() version: number;
}

export class KnowledgeListDto {
  @ApiProperty({ type: [KnowledgeItemDto], description: 'Most relevant first when q is given; never retired or expired entries' })
  items: KnowledgeItemDto[];
}

export class KnowledgeEntryDto extends KnowledgeItemDto {
  @ApiProperty() body: string;
  @ApiProperty({ description: 'Words callers use for it (常见说法), searched like the title' }) keywords: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retiredAt: string | null;
  @ApiProperty({ description: 'In force today: not retired, effective, not expired' }) inForce: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** Category codes, each checked like a category code in a request; whether they exist is checked later. */
const CategoryCodeList = () =>
  applyDecorators(IsArray(), ArrayMaxSize(10), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(100, { each: true }));

export class CreateKnowledgeEntryDto {
  @ApiProperty({ maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ maxLength: 10000, description: 'The answer, as an operator reads it out' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  body: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Words callers use for it (常见说法), space-separated' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  keywords?: string;

  @ApiProperty({ type: [String], maxItems: 10, example: ['consultation.housing_fund'] })
  @CategoryCodeList()
  categoryCodes: string[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Null or absent: the whole city' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string | null;

  @ApiProperty({ format: 'uuid', description: 'The owning department' })
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ maxLength: 200, description: '文号: the document it rests on' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  sourceRef?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Default: today' })
  @IsOptional()
  @IsRealDate()
  effectiveFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'The last day it applies; none: until retired' })
  @IsOptional()
  @IsRealDate()
  expiresAt?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Default: 180 days from today' })
  @IsOptional()
  @IsRealDate()
  reviewDueAt?: string;
}

export class UpdateKnowledgeEntryDto {
  @ApiProperty({ description: 'The version you read: a stale one is a 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  body?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  keywords?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 10 })
  @IsOptional()
  @CategoryCodeList()
  categoryCodes?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: the whole city' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  sourceRef?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsRealDate()
  effectiveFrom?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'null: no expiry' })
  @IsOptional()
  @IsRealDate()
  expiresAt?: string | null;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsRealDate()
  reviewDueAt?: string;
}

/** The version guard of a retirement (optional). */
export class RetireKnowledgeEntryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

