import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { CHANNELS, KINDS, PRIORITIES, type Channel, type Kind, type Priority } from '../../cases/case.enums';
import { LocationDto } from '../../cases/dto/location.dto';
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

/** A question answered while the caller is on the line (直办), from knowledge-base entries. */
export class AnsweredOnTheSpotDto {
  @ApiProperty({ type: [String], maxItems: 10, description: 'The knowledge-base entries the answer came from (each in force)' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  knowledgeEntryIds: string[];

  @ApiProperty({ maxLength: 10000, description: '市民可见 — the answer given, on the citizen’s timeline' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  answer: string;
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

  @ApiPropertyOptional({ example: '441802', description: 'Required unless `location` is given: then the county-level region containing the point' })
  @ValidateIf((o: CreateCaseDto) => o.location === undefined || o.regionCode !== undefined)
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ type: LocationDto, description: 'Where the problem is (WGS-84, as phones report it); a point outside the city is a 400' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

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

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An open case this call repeats (并单): the new case is created and, in the same transaction, closed as merged into it. The caller still gets their own codes.',
  })
  @IsOptional()
  @IsUUID()
  mergeIntoId?: string;

  @ApiPropertyOptional({
    type: AnsweredOnTheSpotDto,
    description: 'Answered while on the line (直办): the case is created and closed as answered in one transaction',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AnsweredOnTheSpotDto)
  answeredOnTheSpot?: AnsweredOnTheSpotDto;
}
