import { HttpStatus } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { ATTACHMENT_TYPES, type AttachmentType } from '../cases/attachment.entity';
import { DomainError, ErrorCode } from '../common/domain-error';
import { MAX_FILE_BYTES, type Upload } from '../common/uploads';

/** A file ready to store: its type read from the content, images re-encoded without metadata. */
export interface ProcessedFile {
  name: string;
  type: AttachmentType;
  body: Buffer;
  /** A small WebP of an image, for lists and the citizen's page. */
  thumbnail: Buffer | null;
}

const THUMBNAIL_PX = 320;
/** Larger images are refused before they are decoded (a "decompression bomb" is a small file). */
const MAX_PIXELS = 50_000_000;

/** A file name fit to show and to send in Content-Disposition: no path, no control characters, ≤ 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = [...base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '').trim()].slice(0, 255).join('');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

/**
 * Checks a file by its content (JPEG, PNG, WebP or PDF, whatever its name or declared type says) and
 * re-encodes images without their metadata: EXIF (GPS position, camera, time), XMP and ICC profiles are
 * dropped, the EXIF orientation applied first so the picture stays upright.
 */
export async function processUpload(upload: Upload): Promise<ProcessedFile> {
  const name = cleanFileName(upload.filename);
  if (upload.buffer.length === 0) throw DomainError.invalid(ErrorCode.INVALID_FILE, `${name} is empty`);
  if (upload.buffer.length > MAX_FILE_BYTES) throw new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.FILE_TOO_LARGE, `${name} is larger than 10 MB`);
  const detected = await fileTypeFromBuffer(upload.buffer);
  const type = detected?.mime as AttachmentType | undefined;
  if (!type || !ATTACHMENT_TYPES.includes(type)) {
    throw new DomainError(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      ErrorCode.UNSUPPORTED_FILE_TYPE,
      `${name}: only JPEG, PNG, WebP photos and PDF documents are accepted (its content is ${detected?.mime ?? 'not a known file type'})`,
    );
  }
  if (type === 'application/pdf') return { name, type, body: upload.buffer, thumbnail: null };
  try {
    const image = sharp(upload.buffer, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    const body = await (type === 'image/jpeg' ? image.jpeg({ quality: 85 }) : type === 'image/png' ? image.png() : image.webp({ quality: 85 })).toBuffer();
    const thumbnail = await sharp(body).resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
    if (body.length > MAX_FILE_BYTES) throw new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.FILE_TOO_LARGE, `${name} is larger than 10 MB`);
    return { name, type, body, thumbnail };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw DomainError.invalid(ErrorCode.INVALID_FILE, `${name} could not be read as an image`);
  }
}
