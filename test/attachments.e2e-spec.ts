import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import S3rver from 's3rver';
import sharp from 'sharp';
import { FileStore } from '../src/attachments/file-store';
import { asUser, createDepartment, login, staff } from './factories';
import { GPS, hasGps, pdf, photoWithGps, png } from './support/files';
import { startApp, type TestApp } from './setup/test-app';

/** Collects a binary response body (supertest leaves unknown types unparsed). */
const binary = (res: { on(e: string, f: (c?: Buffer) => void): void }, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('attachments', () => {
  let t: TestApp;
  let operator: string;
  let ours: { id: string };
  let theirs: { id: string };
  let handler: { token: string };
  let stranger: { token: string };
  let gpsPhoto: Buffer;
  let photo2: Buffer;

  beforeAll(async () => {
    gpsPhoto = await photoWithGps();
    photo2 = await png();
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
    ours = await createDepartment(t.dataSource);
    theirs = await createDepartment(t.dataSource);
    handler = await staff(t, 'handler', ours.id);
    stranger = await staff(t, 'handler', theirs.id);
  });
  afterAll(() => t.close());

  /** A citizen's letter with photos, dispatched to our department. */
  async function letterWithPhotos(files: [Buffer, string][] = [[gpsPhoto, 'IMG_0001.jpg'], [photo2, '现场.png']]) {
    let req = t.http().post('/api/public/letters').field('title', '道路破损').field('content', '路面坑洼，雨天积水').field('phone', '13912345678').field('publicConsent', 'true');
    for (const [body, name] of files) req = req.attach('files', body, name);
    const letter = await req.expect(201);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM cases WHERE tracking_code = $1`, [letter.body.trackingCode]);
    await asUser(t, operator).patch(`/api/cases/${id}`, { categoryCode: 'urban.management', regionCode: '441802' }).expect(200);
    await asUser(t, operator).post(`/api/cases/${id}/dispatch`, { departmentId: ours.id }).expect(200);
    return { id: id as string, ...(letter.body as { trackingCode: string; queryCode: string }) };
  }

  const download = (token: string, path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);

  it('takes a letter with a photo retried with the same Idempotency-Key once: one case, the photo once, the retry’s copies removed', async () => {
    const store = t.app.get(FileStore, { strict: false });
    const put = jest.spyOn(store, 'put');
    const removed = jest.spyOn(store, 'delete');
    try {
      const key = randomUUID();
      const send = () =>
        t.http().post('/api/public/letters').set('Idempotency-Key', key).field('title', '重复提交').field('content', '同一封信发了两次').field('phone', '13912345678').attach('files', photo2, 'a.png');
      const first = await send().expect(201);
      const putByFirst = put.mock.calls.length;
      expect(removed).not.toHaveBeenCalled();
      const again = await send().expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const putByRetry = put.mock.calls.slice(putByFirst).map(([k]) => k);
      expect(putByRetry.length).toBeGreaterThan(0);
      expect(removed.mock.calls.map(([k]) => k).sort()).toEqual(putByRetry.sort());
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.tracking_code = $1`, [
        first.body.trackingCode,
      ]);
      expect(n).toBe(1);
    } finally {
      put.mockRestore();
      removed.mockRestore();
    }
  });

  it('keeps a letter’s photos, re-encoded without GPS, for the owning department and no other', async () => {
    expect(hasGps((await sharp(gpsPhoto).metadata()).exif)).toBe(true);
    const letter = await letterWithPhotos();
    const c = await asUser(t, handler.token).get(`/api/cases/${letter.id}`).expect(200);
    expect(c.body.attachments).toEqual([
      expect.objectContaining({ name: 'IMG_0001.jpg', type: 'image/jpeg', public: true, thumbnail: true, uploadedBy: { type: 'citizen' } }),
      expect.objectContaining({ name: '现场.png', type: 'image/png', public: true, thumbnail: true }),
    ]);
    const [jpeg] = c.body.attachments;
    const file = await download(handler.token, `/api/cases/${letter.id}/attachments/${jpeg.id}`).expect(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['content-disposition']).toContain("inline; filename*=UTF-8''IMG_0001.jpg");
    const meta = await sharp(file.body as Buffer).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 640, height: 480 });
    expect(meta.exif).toBeUndefined();
    expect(hasGps(meta.exif)).toBe(false);
    expect((file.body as Buffer).includes(Buffer.from('TestPhone'))).toBe(false);
    expect((file.body as Buffer).includes(Buffer.from(GPS.GPSLatitude))).toBe(false);
    expect(file.body.length).toBe(jpeg.size);
    const thumb = await download(handler.token, `/api/cases/${letter.id}/attachments/${jpeg.id}?thumbnail=true`).expect(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect((await sharp(thumb.body as Buffer).metadata()).width).toBe(320);

    // Another department: the case is not theirs, nor is the file — by its case or by one of their own.
    await download(stranger.token, `/api/cases/${letter.id}/attachments/${jpeg.id}`).expect(404);
    await download(stranger.token, `/api/cases/${letter.id}/attachments/${jpeg.id}?thumbnail=true`).expect(404);
    const own = await asUser(t, operator).post('/api/cases', { channel: 'hotline', kind: 'request', categoryCode: 'water.supply', regionCode: '441802', title: '停水', content: '停水', citizen: { phone: '13812345678' } }).expect(201);
    await asUser(t, operator).post(`/api/cases/${own.body.id}/dispatch`, { departmentId: theirs.id }).expect(200);
    await download(stranger.token, `/api/cases/${own.body.id}/attachments/${jpeg.id}`).expect(404);
    await download(operator, `/api/cases/${letter.id}/attachments/${jpeg.id}`).expect(200);
  });

  it('checks the type by content, the size and the count, and takes multipart only where files belong', async () => {
    const letter = await letterWithPhotos([]);
    const upload = (body: Buffer, name: string, token = handler.token) =>
      t.http().post(`/api/cases/${letter.id}/attachments`).set('Authorization', `Bearer ${token}`).attach('file', body, name);
    const text = await upload(Buffer.from('这不是PDF，是一段文字'), '答复函.pdf').expect(415);
    expect(text.body).toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE', statusCode: 415 });
    const disguised = await upload(photo2, '答复函.pdf').expect(200);
    expect(disguised.body.attachments.at(-1)).toMatchObject({ name: '答复函.pdf', type: 'image/png', public: false });
    // Up to 10 MB goes through (the 1 MB limit is for JSON and form fields); one byte more does not.
    const nearlyTen = Buffer.concat([pdf(), Buffer.alloc(10 * 1024 * 1024 - pdf().length)]);
    expect((await upload(nearlyTen, '卷宗.pdf').expect(200)).body.attachments.at(-1)).toMatchObject({ type: 'application/pdf', size: 10 * 1024 * 1024 });
    const big = Buffer.concat([nearlyTen, Buffer.alloc(1)]);
    expect((await upload(big, 'big.pdf').expect(413)).body.code).toBe('FILE_TOO_LARGE');
    expect((await asUser(t, handler.token).post(`/api/cases/${letter.id}/attachments`, {}).expect(400)).body.code).toBe('FILE_REQUIRED');
    await upload(pdf(), 'x.pdf', stranger.token).expect(404);
    let six = t.http().post('/api/public/letters').field('title', '六张').field('content', '照片').field('phone', '13912345678');
    for (let i = 0; i < 6; i++) six = six.attach('files', photo2, `${i}.png`);
    expect((await six.expect(413)).body.code).toBe('TOO_MANY_FILES');
    const notHere = await t.http().post(`/api/cases/${letter.id}/notes`).set('Authorization', `Bearer ${handler.token}`).field('content', '备注').expect(415);
    expect(notHere.body.code).toBe('MULTIPART_NOT_ACCEPTED');
  });

  it('never answers 500 to hostile files: random bytes, truncated images, disguised headers', async () => {
    const letter = await letterWithPhotos([]);
    const jpeg = await photoWithGps();
    const hostile = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
      fc.integer({ min: 2, max: jpeg.length - 1 }).map((n) => jpeg.subarray(0, n)),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(b)])),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(b)])),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(b)])),
    );
    const names = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('../../etc/passwd', 'a\u0000b.jpg', '照片.jpg', '', '.', 'x'.repeat(400)));
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(hostile, names, async (body, name) => {
        const res = await t.http().post(`/api/cases/${letter.id}/attachments`).set('Authorization', `Bearer ${handler.token}`).attach('file', body, name || 'x');
        statuses.push(res.status);
        return [200, 400, 413, 415].includes(res.status);
      }),
      { numRuns: 40 },
    );
    expect(statuses).toContain(415);
  });

  it('publishes the department’s PDF with its reply: the citizen downloads it, never an internal file', async () => {
    const letter = await letterWithPhotos([[photo2, '现场.png']]);
    await asUser(t, handler.token).post(`/api/cases/${letter.id}/sign`).expect(200);
    const internal = await t.http().post(`/api/cases/${letter.id}/attachments`).set('Authorization', `Bearer ${handler.token}`).attach('file', pdf(), '内部勘查记录.pdf').expect(200);
    const answer = await t.http().post(`/api/cases/${letter.id}/attachments`).set('Authorization', `Bearer ${handler.token}`).attach('file', pdf(), '答复函.pdf').expect(200);
    const internalId = internal.body.attachments.find((a: { name: string }) => a.name === '内部勘查记录.pdf').id;
    const answerId = answer.body.attachments.find((a: { name: string }) => a.name === '答复函.pdf').id;
    expect(answer.body.version).toBe(internal.body.version + 1);
    const foreign = await asUser(t, handler.token).post(`/api/cases/${letter.id}/reply`, { content: '已修复。', resolution: 'resolved', attachmentIds: ['00000000-0000-4000-8000-000000000000'] }).expect(400);
    expect(foreign.body.code).toBe('UNKNOWN_ATTACHMENT');
    await asUser(t, handler.token).post(`/api/cases/${letter.id}/reply`, { content: '已修复路面，详见答复函。', resolution: 'resolved', attachmentIds: [answerId] }).expect(200);

    const view = await t.http().get(`/api/public/cases/${letter.trackingCode}`).query({ verify: '5678' }).expect(200);
    expect(view.body.attachments.map((a: { name: string }) => a.name)).toEqual(['现场.png', '答复函.pdf']);
    expect(JSON.stringify(view.body.attachments)).not.toContain('displayName');
    const got = await t.http().get(`/api/public/cases/${letter.trackingCode}/attachments/${answerId}`).query({ verify: letter.queryCode }).buffer(true).parse(binary).expect(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    expect((got.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    await t.http().get(`/api/public/cases/${letter.trackingCode}/attachments/${internalId}`).query({ verify: letter.queryCode }).expect(404);
    await t.http().get(`/api/public/cases/${letter.trackingCode}/attachments/${answerId}`).query({ verify: '0000' }).expect(404);
  });
});

describe('attachments in an S3-compatible bucket', () => {
  let dir: string;
  let s3: S3rver;
  let t: TestApp;
  let endpoint: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3rver-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
    t = await startApp({ s3: { endpoint, bucket: 'hotline-files', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' } });
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the cleaned file and its thumbnail in the bucket and serves them back', async () => {
    const letter = await t.http().post('/api/public/letters').field('title', '积水').field('content', '路口积水').field('phone', '13912345678').attach('files', await photoWithGps(), 'p.jpg').expect(201);
    const view = await t.http().get(`/api/public/cases/${letter.body.trackingCode}`).query({ verify: letter.body.queryCode }).expect(200);
    const [a] = view.body.attachments;
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'hotline-files' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(expect.arrayContaining([expect.stringMatching(/\.thumb\.webp$/)]));
    expect(listed.Contents).toHaveLength(2);
    const got = await t.http().get(`/api/public/cases/${letter.body.trackingCode}/attachments/${a.id}`).query({ verify: letter.body.queryCode }).buffer(true).parse(binary).expect(200);
    expect(got.body.length).toBe(a.size);
    expect(hasGps((await sharp(got.body as Buffer).metadata()).exif)).toBe(false);
    client.destroy();
  });
});
