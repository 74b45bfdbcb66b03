import { GetObjectCommand, PutObjectCommand, DeleteObjectCommand, S3Client, CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { AppConfig, S3Config } from '../config/app-config';

/** Where the bytes of attachments live: the local disk, or an S3-compatible bucket. */
export abstract class FileStore {
  abstract put(key: string, body: Buffer, type: string): Promise<void>;
  abstract get(key: string): Promise<Readable>;
  abstract delete(key: string): Promise<void>;
}

/** Files under one folder (`FILES_DIR`, default `./.data/files`). */
export class LocalFileStore extends FileStore {
  constructor(private readonly dir: string) {
    super();
  }

  private path(key: string): string {
    const path = resolve(this.dir, key);
    if (!path.startsWith(resolve(this.dir) + sep)) throw new Error('A storage key left the files folder');
    return path;
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body, { flag: 'wx' });
  }

  async get(key: string): Promise<Readable> {
    const stream = createReadStream(this.path(key));
    await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/** An S3-compatible bucket (MinIO, Aliyun OSS, Tencent COS, AWS S3), path-style addressing. */
export class S3FileStore extends FileStore {
  private readonly client: S3Client;
  private readonly logger = new Logger(S3FileStore.name);
  private bucketChecked?: Promise<void>;

  constructor(private readonly s3: S3Config) {
    super();
    this.client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
  }

  /** Creates the bucket on first use when it is missing (a fresh MinIO). */
  private ensureBucket(): Promise<void> {
    this.bucketChecked ??= this.client.send(new HeadBucketCommand({ Bucket: this.s3.bucket })).then(
      () => undefined,
      async () => {
        this.logger.warn(`Creating the bucket ${this.s3.bucket}`);
        await this.client.send(new CreateBucketCommand({ Bucket: this.s3.bucket }));
      },
    );
    return this.bucketChecked.catch((error: unknown) => {
      this.bucketChecked = undefined;
      throw error;
    });
  }

  async put(key: string, body: Buffer, type: string): Promise<void> {
    await this.ensureBucket();
    await this.client.send(new PutObjectCommand({ Bucket: this.s3.bucket, Key: key, Body: body, ContentType: type }));
  }

  async get(key: string): Promise<Readable> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.s3.bucket, Key: key }));
    return object.Body as Readable;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.s3.bucket, Key: key }));
  }
}

export function fileStoreFor(config: AppConfig): FileStore {
  return config.s3 ? new S3FileStore(config.s3) : new LocalFileStore(config.filesDir);
}

/** A new storage key: by month, then a random name (never the uploaded name). */
export function newStorageKey(id: string, now: Date, suffix = ''): string {
  return join(now.toISOString().slice(0, 7), `${id}${suffix}`).split(sep).join('/');
}
