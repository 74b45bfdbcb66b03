import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsString } from 'class-validator';
import { MaxLength } from '../common/text';

/** A category code in a request (dotted, e.g. `environment.noise`); whether it exists is checked later. */
export const IsCategoryCode = () => applyDecorators(IsString(), IsNotEmpty(), MaxLength(100));

/** A region code in a request (six digits, e.g. `441802`); whether it exists is checked later. */
export const IsRegionCode = () => applyDecorators(IsString(), IsNotEmpty(), MaxLength(12));
