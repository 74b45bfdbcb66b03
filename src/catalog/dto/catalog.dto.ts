import { ApiProperty } from '@nestjs/swagger';
import { KINDS, type Kind } from '../category.entity';

const DEFAULT_KIND = 'The kind of request (诉求类型) a call in this category usually is, for the console to preselect (a subcategory without its own takes its parent’s); null: none';

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

export class CategoryNodeDto {
  @ApiProperty({ example: 'consultation.policy' }) code: string;
  @ApiProperty({ example: '政策咨询' }) name: string;
  @ApiProperty({ nullable: true, type: String }) parentCode: string | null;
  @ApiProperty({ enum: KINDS, nullable: true, description: DEFAULT_KIND }) defaultKind: Kind | null;
  @ApiProperty({ type: () => [CategoryNodeDto] }) children: CategoryNodeDto[];
}

export class CategoryRowDto extends CatalogRowDto {
  @ApiProperty({ enum: KINDS, nullable: true, description: DEFAULT_KIND }) defaultKind: Kind | null;
}
