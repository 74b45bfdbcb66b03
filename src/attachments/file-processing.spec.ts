import sharp from 'sharp';
import { cleanFileName, processUpload } from './file-processing';

describe('uploads', () => {
  it.each([
    ['现场照片.jpg', '现场照片.jpg'],
    ['C:\\Users\\张三\\Desktop\\照片.png', '照片.png'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\u0007c.pdf', 'abc.pdf'],
    ['   ', 'file'],
    ['..', 'file'],
    ['"<tag>".jpg', 'tag.jpg'],
  ])('names %j %j', (input, expected) => expect(cleanFileName(input)).toBe(expected));

  it('cuts a long name at 255 characters as PostgreSQL counts them', () => expect([...cleanFileName('😀'.repeat(300))]).toHaveLength(255));

  it('drops EXIF (GPS included) and keeps the picture upright', async () => {
    const sideways = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#123456' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Make: 'Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '23/1 41/1 0/1' } })
      .toBuffer();
    const done = await processUpload({ field: 'file', filename: 'p.jpg', buffer: sideways });
    const meta = await sharp(done.body).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([20, 40]);
    expect(done.type).toBe('image/jpeg');
    expect((await sharp(done.thumbnail!).metadata()).format).toBe('webp');
  });

  it('goes by the content, not the name', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    await expect(processUpload({ field: 'file', filename: 'letter.pdf', buffer: png })).resolves.toMatchObject({ type: 'image/png', name: 'letter.pdf' });
    await expect(processUpload({ field: 'file', filename: 'x.jpg', buffer: Buffer.from('<html>') })).rejects.toMatchObject({ status: 415 });
    await expect(processUpload({ field: 'file', filename: 'x.gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') })).rejects.toMatchObject({ status: 415 });
    await expect(processUpload({ field: 'file', filename: 'x.jpg', buffer: Buffer.alloc(0) })).rejects.toMatchObject({ status: 400 });
  });
});
