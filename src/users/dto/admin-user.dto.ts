import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MinLength, ValidateIf } from 'class-validator';
import { MaxLength, trim } from '../../common/text';
import { ROLES, type Role } from '../../auth/roles';

export class CreateUserDto {
  @ApiProperty({ example: 'h.swj2', description: 'Lower case letters, digits, _ . -' })
  @Matches(/^[a-z0-9][a-z0-9_.-]{1,63}$/, { message: 'username must be 2–64 lower-case letters, digits, _ . or -' })
  username: string;

  @ApiProperty({ example: '王五' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Required for handler and dept_lead; absent for centre roles' })
  @ValidateIf((o: CreateUserDto) => o.departmentId !== undefined && o.departmentId !== null)
  @IsUUID()
  departmentId?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ minLength: 8, maxLength: 256 })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o: UpdateUserDto) => o.departmentId !== undefined && o.departmentId !== null)
  @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates: no more logins, and existing tokens stop working at once' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class AdminUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) departmentId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
