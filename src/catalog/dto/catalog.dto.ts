import { ApiProperty } from '@nestjs/swagger';

export class CatalogNodeDto {
  @ApiProperty({ example: 'environment.noise' }) code: string;
  @ApiProperty({ example: '噪音扰民' }) name: string;
  @ApiProperty({ nullable: true, type: String }) parentCode: string | null;
  @ApiProperty({ type: () => [CatalogNodeDto] }) children: CatalogNodeDto[];
}

export class CatalogRowDto {
  @ApiProperty({ example: 'environment.noise' }) code: string;
  @ApiProperty({ example: '噪音扰民' }) name: string;
  @ApiProperty({ nullable: true, type: String }) parentCode: string | null;
}
