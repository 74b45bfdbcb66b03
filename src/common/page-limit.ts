import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/** An optional `limit` query parameter: a whole number from 1 to 100 (a string in the URL). */
export const PageLimit = (defaultSize: number) =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: defaultSize }),
    IsOptional(),
    Transform(({ value }) => (/^\d+$/.test(String(value)) ? Number(value) : value)),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );
