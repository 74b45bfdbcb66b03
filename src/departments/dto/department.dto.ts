import { ApiProperty } from '@nestjs/swagger';

export class DepartmentNodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'qcq' }) code: string;
  @ApiProperty({ example: '清城区人民政府' }) name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ type: () => [DepartmentNodeDto] }) children: DepartmentNodeDto[];
}
