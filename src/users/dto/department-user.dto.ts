import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../auth/roles';

export class DepartmentUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}
