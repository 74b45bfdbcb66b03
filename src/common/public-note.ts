import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { MaxLength, trim } from './text';

/**
 * `publicNote`: the one free text of a staff action the citizen reads (市民可见) on their case's
 * timeline — every other note is internal. At most 10,000 characters.
 */
export const PublicNote = (what: string) =>
  applyDecorators(
    ApiPropertyOptional({ maxLength: 10000, description: `市民可见 — shown to the citizen on their timeline: ${what}. Every other note is internal.` }),
    IsOptional(),
    Transform(trim),
    IsString(),
    MaxLength(10000),
  );
