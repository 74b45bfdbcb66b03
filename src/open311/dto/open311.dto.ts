import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsLatitude, IsLongitude, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, Matches } from 'class-validator';
import { IsChinesePhone, toNormalizedPhone } from '../../common/phone';
import { MaxLength, trim } from '../../common/text';

const W3_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const optionalText = ({ value }: { value: unknown }) => (value === '' ? undefined : trim({ value }));

/**
 * `POST requests.json|xml`, form-encoded as Open311 clients send it (GeoReport v2). "Optional" in the
 * spec means an empty value is the same as none.
 */
export class PostServiceRequestDto {
  @ApiProperty({ description: 'The client app’s key, from POST /api/admin/open311-clients' })
  @IsString()
  @IsNotEmpty({ message: 'api_key is required' })
  @MaxLength(200)
  api_key: string;

  @ApiPropertyOptional({ description: 'Ignored: this endpoint serves one jurisdiction' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jurisdiction_id?: string;

  @ApiProperty({ example: 'environment.noise', description: 'A service_code from services.json (a category code)' })
  @IsString()
  @IsNotEmpty({ message: 'service_code is required' })
  @MaxLength(100)
  service_code: string;

  @ApiPropertyOptional({ example: '23.6818', description: 'WGS-84; with long, or give address_string' })
  @Transform(optionalText)
  @IsOptional()
  @IsLatitude({ message: 'lat must be a latitude (WGS-84, -90 to 90)' })
  lat?: string;

  @ApiPropertyOptional({ example: '113.0561' })
  @Transform(optionalText)
  @IsOptional()
  @IsLongitude({ message: 'long must be a longitude (WGS-84, -180 to 180)' })
  long?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address_string?: string;

  @ApiPropertyOptional()
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address_id?: string;

  @ApiPropertyOptional()
  @Transform(optionalText)
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  device_id?: string;

  @ApiPropertyOptional()
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  account_id?: string;

  @ApiPropertyOptional()
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(50)
  first_name?: string;

  @ApiPropertyOptional()
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(50)
  last_name?: string;

  @ApiPropertyOptional({ description: 'A mainland mobile or a landline with its area code' })
  @Transform(({ value }) => (value === '' ? undefined : toNormalizedPhone({ value })))
  @IsOptional()
  @IsChinesePhone()
  phone?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ description: 'A link to a photo: stored as a link, never fetched' })
  @Transform(optionalText)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'media_url must be an http(s) URL' })
  @MaxLength(2000)
  media_url?: string;

  @ApiPropertyOptional({ type: Object, description: 'attribute[code]=value: these services define no attributes; ignored' })
  @IsOptional()
  @IsObject()
  attribute?: Record<string, unknown>;
}

export class ListServiceRequestsQuery {
  @ApiPropertyOptional({ description: 'Comma-separated; overrides the other filters' })
  @IsOptional()
  @Matches(/^SR\d{4}-\d{6,}(,SR\d{4}-\d{6,}){0,99}$/, { message: 'service_request_id must be ids like SR2026-000123, comma-separated' })
  service_request_id?: string;

  @ApiPropertyOptional({ description: 'Comma-separated' })
  @IsOptional()
  @Matches(/^[a-z0-9_.]{1,100}(,[a-z0-9_.]{1,100}){0,49}$/, { message: 'service_code must be service codes, comma-separated' })
  service_code?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @Matches(W3_DATETIME, { message: 'start_date must be a w3 datetime such as 2010-01-01T00:00:00Z' })
  start_date?: string;

  @ApiPropertyOptional({ example: '2026-11-30T00:00:00Z' })
  @IsOptional()
  @Matches(W3_DATETIME, { message: 'end_date must be a w3 datetime such as 2010-01-01T00:00:00Z' })
  end_date?: string;

  @ApiPropertyOptional({ example: 'open', description: 'open, closed, or both comma-separated' })
  @IsOptional()
  @IsIn(['open', 'closed', 'open,closed', 'closed,open'], { message: 'status must be open, closed, or both' })
  status?: string;

  @ApiPropertyOptional({ description: 'Ignored: this endpoint serves one jurisdiction' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jurisdiction_id?: string;
}

export class JurisdictionQuery {
  @ApiPropertyOptional({ description: 'Ignored: this endpoint serves one jurisdiction' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jurisdiction_id?: string;
}

export class CreateOpen311ClientDto {
  @ApiProperty({ example: '清远市民通小程序', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class UpdateOpen311ClientDto {
  @ApiProperty({ description: 'false: its api_key stops working at once' })
  @IsBoolean()
  active: boolean;
}

export class Open311ClientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedOpen311ClientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Shown once: only its hash is kept' }) apiKey: string;
}
