import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString } from 'class-validator';
import { IsCategoryCode, IsRegionCode } from '../../catalog/catalog-code.decorators';
import { MaxLength, trim } from '../../common/text';

/** What the operator knows so far of a new call: its category, its region and the words typed. */
export class SimilarCasesQuery {
  @ApiProperty({ example: 'environment.noise', description: 'Open cases in this category, its parent or its siblings' })
  @IsCategoryCode()
  categoryCode: string;

  @ApiProperty({ example: '441802', description: 'Open cases in this region or below it' })
  @IsRegionCode()
  regionCode: string;

  @ApiProperty({ maxLength: 2000, example: '晚上工地打桩太吵', description: 'The title and the first words of the content, as typed' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;
}
