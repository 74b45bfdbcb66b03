import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString } from 'class-validator';
import { MaxLength, trim } from '../../common/text';
import { VersionedDto } from './versioned.dto';

export class NoteDto extends VersionedDto {
  @ApiProperty({ maxLength: 10000, description: 'Internal: staff only, never on the citizen’s timeline' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  content: string;
}
