import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

/** A point in WGS-84 degrees, as phones report it (not GCJ-02: the server converts for its boundaries). */
export class LocationDto {
  @ApiProperty({ minimum: -90, maximum: 90, example: 23.6906, description: 'Latitude, WGS-84 degrees' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: 113.0474, description: 'Longitude, WGS-84 degrees' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;
}
