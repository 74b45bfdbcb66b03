import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { formBoolean, formInteger } from '../../common/form-values';

/** The text fields of `POST /api/cases/:id/attachments` (multipart; the file is the part `file`). */
export class AttachmentFormDto {
  @ApiPropertyOptional({ description: '市民可见 — the citizen may download it; default false (internal)' })
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ minimum: 1, description: "The case's version as last loaded; 409 when it has changed since" })
  @IsOptional()
  @Transform(formInteger)
  @IsInt()
  @Min(1)
  version?: number;
}

/** The multipart body as the OpenAPI document describes it. */
export const ATTACHMENT_UPLOAD_SCHEMA = {
  type: 'object',
  required: ['file'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'JPEG, PNG, WebP or PDF, ≤ 10 MB (checked by content)' },
    public: { type: 'boolean', description: '市民可见 — the citizen may download it' },
    version: { type: 'integer', minimum: 1 },
  },
};

export class DownloadQuery {
  @ApiPropertyOptional({ description: 'The small preview of an image (WebP) instead of the file' })
  @IsOptional()
  @Transform(formBoolean)
  @IsIn([true, false])
  thumbnail?: boolean;
}
