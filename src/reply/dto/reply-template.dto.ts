import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { MaxLength, trim } from '../../common/text';

const CategoryCodeList = () =>
  applyDecorators(IsArray(), ArrayMaxSize(10), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(100, { each: true }));

export class CreateReplyTemplateDto {
  @ApiProperty({ maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title: string;

  @ApiProperty({ maxLength: 10000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  body: string;

  @ApiPropertyOptional({ type: [String], maxItems: 10, description: 'The categories it suits (empty: any)' })
  @IsOptional()
  @CategoryCodeList()
  categoryCodes?: string[];
}

export class UpdateReplyTemplateDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  body?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 10 })
  @IsOptional()
  @CategoryCodeList()
  categoryCodes?: string[];
}

export class ReplyTemplateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null: the 12345 centre’s' }) departmentId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: [String] }) categoryCodes: string[];
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
