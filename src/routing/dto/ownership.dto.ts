import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID } from 'class-validator';
import { VersionedDto } from '../../cases/dto/versioned.dto';
import { PublicNote } from '../../common/public-note';
import { MaxLength, trim } from '../../common/text';

export class DispatchDto extends VersionedDto {
  @ApiProperty({ format: 'uuid', description: 'The owning department; for a dept_lead, one of its child units' })
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ type: [String], description: 'Co-handling departments (协办), centre dispatch only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  coDepartmentIds?: string[];

  @ApiPropertyOptional({ maxLength: 10000, description: 'Internal: the dispatch opinion for the department (派单意见)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(10000)
  note?: string;

  @PublicNote('what the citizen is told about where the case went')
  publicNote?: string;
}

export class SignDto extends VersionedDto {}

export class ReturnDto extends VersionedDto {
  @ApiProperty({ maxLength: 10000, example: '该事项不属于本单位职责，建议转市水务局' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  reason: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Who the department thinks is in charge' })
  @IsOptional()
  @IsUUID()
  suggestedDepartmentId?: string;
}

export class RejectReturnDto extends VersionedDto {
  @ApiProperty({ maxLength: 10000, example: '经核查，该事项属于本单位职责范围，退回理由不成立', description: 'Internal: why the return does not stand; shown to the department' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  note: string;
}

export class AssignDto extends VersionedDto {
  @ApiProperty({ format: 'uuid', description: 'A handler or the dept_lead of the owning department' })
  @IsUUID()
  assigneeId: string;
}

export class DecideOwnerDto extends VersionedDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId: string;

  @ApiProperty({ maxLength: 10000, description: 'Internal: why this department is in charge; shown to it' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  note: string;

  @PublicNote('what the citizen is told about who now answers for the case')
  publicNote?: string;
}
