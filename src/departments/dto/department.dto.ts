import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/user.entity';

export class DepartmentNodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'qcq' }) code: string;
  @ApiProperty({ example: '清城区人民政府' }) name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ type: () => [DepartmentNodeDto] }) children: DepartmentNodeDto[];
}

export class DepartmentUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}
