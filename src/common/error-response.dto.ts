import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-codes';

/** Every error the API answers, whatever the status (CONTRACT.md, "Errors"). */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 }) statusCode: number;
  @ApiProperty({ example: 'Conflict' }) error: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What went wrong; for invalid input, one message per problem, naming the field',
  })
  message: string | string[];
  @ApiPropertyOptional({ enum: ErrorCode, enumName: 'ErrorCode', description: 'Stable: clients may switch on it' }) code?: ErrorCode;
  @ApiProperty({ description: 'Also in the X-Request-Id header and the server log' }) correlationId: string;
}
