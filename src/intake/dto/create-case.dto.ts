import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CHANNELS, KINDS, PRIORITIES, type Channel, type Kind, type Priority } from '../../cases/case.enums';
import { IsCategoryCode, IsRegionCode } from '../../catalog/catalog-code.decorators';
import { IsChinesePhone, toNormalizedPhone } from '../../common/phone';
import { MaxLength, trim } from '../../common/text';


export class CitizenInputDto {
  @ApiPropertyOptional({ example: '张先生', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: '13812345678', description: 'Mobile or landline with area code' })
  @IsOptional()
  @Transform(toNormalizedPhone)
  @IsChinesePhone()
  phone?: string;

  @ApiPropertyOptional({ example: 'zhang@example.com' })
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: '保密: departments see neither name nor phone; the citizen gets only the codes by SMS/e-mail' })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ default: true, description: 'Tell the citizen of progress by SMS and e-mail; false: nothing is sent' })
  @IsOptional()
  @IsBoolean()
  notify?: boolean;
}

export class CreateCaseDto {
  @ApiProperty({ enum: CHANNELS, example: 'hotline' })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ enum: KINDS, example: 'complaint' })
  @IsIn(KINDS)
  kind: Kind;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiProperty({ example: 'environment.noise' })
  @IsCategoryCode()
  categoryCode: string;

  @ApiProperty({ example: '441802' })
  @IsRegionCode()
  regionCode: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiProperty({ maxLength: 200, example: '夜间施工噪音扰民' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ maxLength: 10000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  content: string;

  @ApiProperty({ type: CitizenInputDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CitizenInputDto)
  citizen: CitizenInputDto;

  @ApiPropertyOptional({ description: 'The citizen agrees to publish the title on public pages' })
  @IsOptional()
  @IsBoolean()
  publicConsent?: boolean;
}
