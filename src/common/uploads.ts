import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { DomainError, ErrorCode } from './domain-error';
import { HttpStatus } from '@nestjs/common';

/** A file of a multipart request, read whole (at most MAX_FILE_BYTES). */
export interface Upload {
  field: string;
  filename: string;
  buffer: Buffer;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The files of a multipart request (its text fields are the body). */
    uploads?: Upload[];
  }
}

/** CONTRACT.md: up to 5 files of 10 MB each; every other field keeps the 1 MB limit. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;
const MAX_FIELD_BYTES = 1024 * 1024;

/**
 * The routes that take multipart bodies (`routeOptions.url` as Fastify registers it). Any other route
 * refuses one with 415 before reading it: JSON stays the API's language.
 */
const MULTIPART_ROUTES = new Set(['/api/public/letters', '/api/cases/:id/attachments']);

const tooLarge = (code: ErrorCode, message: string) => new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, code, message);

/**
 * Multipart bodies (@fastify/multipart): the text fields become the body, validated by the route's DTO
 * like JSON; the files are read into `req.uploads`. Limits are checked while reading, so an oversized
 * upload is refused without being kept whole.
 */
export async function acceptUploads(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', async (req) => {
    // Before the body is read: by its declared type.
    if (/^\s*multipart\//i.test(req.headers['content-type'] ?? '') && !MULTIPART_ROUTES.has(req.routeOptions.url ?? '')) {
      throw new DomainError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.MULTIPART_NOT_ACCEPTED, 'This route takes a JSON body, not multipart/form-data');
    }
  });
  await fastify.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fieldSize: MAX_FIELD_BYTES, fields: 30, parts: MAX_FILES + 30, headerPairs: 100 },
    // Files go to `req.uploads`, never into the body (the DTO would not know them).
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) throw tooLarge(ErrorCode.FILE_TOO_LARGE, `${part.filename || 'A file'} is larger than 10 MB`);
      (this.uploads ??= []).push({ field: part.fieldname, filename: part.filename, buffer: Buffer.concat(chunks) });
    },
  });
}

/** The multipart plugin's own refusals, in the API's words (for the error filter). */
export const MULTIPART_MESSAGES: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: ErrorCode.FILE_TOO_LARGE, message: 'A file is larger than 10 MB' },
  FST_FILES_LIMIT: { status: 413, code: ErrorCode.TOO_MANY_FILES, message: `At most ${MAX_FILES} files per request` },
  FST_PARTS_LIMIT: { status: 413, code: ErrorCode.TOO_MANY_FILES, message: 'Too many parts in the multipart body' },
  FST_FIELDS_LIMIT: { status: 413, code: ErrorCode.TOO_MANY_FILES, message: 'Too many fields in the multipart body' },
  FST_PROTO_VIOLATION: { status: 400, code: ErrorCode.INVALID_FILE, message: 'The multipart body names a forbidden field' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 400, code: ErrorCode.INVALID_FILE, message: 'The body is not multipart/form-data' },
};
