import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { IsCategoryCode, IsRegionCode } from '../../catalog/catalog-code.decorators';

export class SuggestQuery {
  @ApiProperty({ example: 'environment.noise' })
  @IsCategoryCode()
  categoryCode: string;

  @ApiProperty({ example: '441802' })
  @IsRegionCode()
  regionCode: string;
}

export class SuggestionDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ example: 'qcq' }) code: string;
  @ApiProperty({ example: '清城区人民政府' }) name: string;
  @ApiProperty({ description: 'Whether intake dispatches such cases at once' }) autoDispatch: boolean;
  @ApiProperty({ format: 'uuid' }) ruleId: string;
}

export class CreateRoutingRuleDto {
  @ApiProperty({ example: 'environment.noise' })
  @IsCategoryCode()
  categoryCode: string;

  @ApiPropertyOptional({ example: '441802', nullable: true, type: String, description: 'Omit (or null) for "anywhere"' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string | null;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId: string;

  @ApiProperty()
  @IsBoolean()
  autoDispatch: boolean;
}

export class RoutingRuleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() autoDispatch: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
