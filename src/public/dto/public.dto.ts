import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { IsCategoryCode, IsRegionCode } from '../../catalog/catalog-code.decorators';
import { CaseEventType, EVENT_TYPES } from '../../cases/case-event.entity';
import { KINDS, RESOLUTIONS, STATUSES, type CaseStatus, type Kind, type Resolution } from '../../cases/case.enums';
import { LocationDto } from '../../cases/dto/location.dto';
import { IsChinesePhone, toNormalizedPhone } from '../../common/phone';
import { MaxLength, trim } from '../../common/text';
import { formBoolean } from '../../common/form-values';
import { AttachmentDto } from '../../cases/dto/case.dto';

export class SendLetterDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiProperty({ example: '13812345678', description: 'Its last four digits, or the query code, unlock the status page' })
  @Transform(toNormalizedPhone)
  @IsChinesePhone()
  phone: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: KINDS, default: 'complaint', description: 'The centre may correct it' })
  @IsOptional()
  @IsIn(KINDS)
  kind?: Kind;

  @ApiProperty({ maxLength: 200 })
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

  @ApiPropertyOptional({ example: '441802' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ example: 'environment.noise' })
  @IsOptional()
  @IsCategoryCode()
  categoryCode?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ description: 'Agree to publish the title on public pages (never contact details)' })
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean()
  publicConsent?: boolean;

  @ApiPropertyOptional({ default: true, description: 'Be told of progress by SMS and e-mail; false: nothing is sent' })
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean()
  notify?: boolean;

  @ApiPropertyOptional({ type: LocationDto, description: 'Where the problem is (WGS-84, e.g. the phone’s position); without `regionCode`, it gives the county' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;
}

/** The letter as a multipart body, as the OpenAPI document describes it: the fields above, and up to 5 files. */
export const LETTER_MULTIPART_SCHEMA = {
  allOf: [
    { $ref: '#/components/schemas/SendLetterDto' },
    {
      type: 'object',
      properties: { files: { type: 'array', maxItems: 5, items: { type: 'string', format: 'binary' }, description: 'Photos (JPEG, PNG, WebP) or PDF, ≤ 10 MB each' } },
    },
  ],
};

export class LetterReceiptDto {
  @ApiProperty({ example: 'K7RM4XQ2PA' }) trackingCode: string;
  @ApiProperty({ example: '482913' }) queryCode: string;
}

export class LookupQuery {
  @ApiProperty({ description: 'The last four digits of the phone given, or the six-digit query code' })
  @IsString()
  @Matches(/^(\d{4}|\d{6})$/, { message: 'verify must be the last 4 digits of the phone or the 6-digit query code' })
  verify: string;
}

export class PublicDownloadQuery extends LookupQuery {
  @ApiPropertyOptional({ description: 'The small preview of an image (WebP) instead of the file' })
  @IsOptional()
  @Transform(formBoolean)
  @IsIn([true, false])
  thumbnail?: boolean;
}

export class PublicEventDto {
  @ApiProperty({ enum: EVENT_TYPES }) type: CaseEventType;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: STATUSES }) status: CaseStatus;
  @ApiProperty({ description: 'Who holds the case after this step' }) ownerName: string;
  @ApiProperty({ example: '已派单至市水务局', description: 'The standard sentence for this step' }) summary: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The one free text written for the citizen with this step (the answer, a word from the centre); staff notes never appear',
  })
  note: string | null;
}

export class PublicOwnerDto {
  @ApiProperty({ example: '市人力资源和社会保障局' }) name: string;
}

export class PublicReplyDto {
  @ApiProperty() content: string;
  @ApiProperty({ enum: RESOLUTIONS }) resolution: Resolution;
  @ApiProperty({ format: 'date-time' }) repliedAt: string;
  @ApiProperty({ description: 'The answering department' }) department: string;
}

export class MergedIntoDto {
  @ApiProperty({ enum: STATUSES }) status: CaseStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PublicCaseDto {
  @ApiProperty() trackingCode: string;
  @ApiProperty({ enum: STATUSES }) status: CaseStatus;
  @ApiProperty({ enum: KINDS }) kind: Kind;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: PublicOwnerDto }) owner: PublicOwnerDto;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: "The current stage's deadline" })
  deadline: string | null;
  @ApiProperty({ type: [PublicEventDto] }) timeline: PublicEventDto[];
  @ApiPropertyOptional({ type: PublicReplyDto, description: 'The answer, once the department has replied' })
  reply?: PublicReplyDto;
  @ApiProperty({ type: [AttachmentDto], description: 'The files the citizen may see: their own, and those published with the answer' })
  attachments: AttachmentDto[];
  @ApiPropertyOptional({
    type: MergedIntoDto,
    description: 'Set when the centre merged this case into another reporting the same problem: status, timeline and reply are that case’s',
  })
  mergedInto?: MergedIntoDto;
}
