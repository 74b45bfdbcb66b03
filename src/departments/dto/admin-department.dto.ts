import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, ValidateIf } from 'class-validator';
import { MaxLength, trim } from '../../common/text';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'qcq.hbjd', description: 'Lower case letters, digits, _ . -; a unit usually extends its parent’s code' })
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: 'code must be 1–64 lower-case letters, digits, _ . or -' })
  code: string;

  @ApiProperty({ example: '横荷街道办事处' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The parent unit (分级负责); absent for a city bureau' })
  @ValidateIf((o: CreateDepartmentDto) => o.parentId !== undefined && o.parentId !== null)
  @IsUUID()
  parentId?: string | null;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o: UpdateDepartmentDto) => o.parentId !== undefined && o.parentId !== null)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ description: 'false: no longer offered for routing and dispatch; refused (409 DEPARTMENT_HOLDS_CASES) while it owns open cases' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class AdminDepartmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty() active: boolean;
}
