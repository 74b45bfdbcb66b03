import sharp from 'sharp';

/** Where the problem was photographed: 清远, as a phone writes it into the photo (EXIF GPS). */
export const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '23/1 41/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '113/1 3/1 0/1' };

/** A JPEG as a phone makes one: with EXIF, GPS position included. */
export function photoWithGps(color = '#3a7bd5', width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone', Artist: '市民手机' }, IFD3: GPS })
    .toBuffer();
}

export function png(color = '#d53a3a', width = 300, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
}

/** A small, valid PDF (one empty page). */
export function pdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Whether an EXIF block (as sharp's metadata gives it) holds a GPS directory (tag 0x8825 in IFD0). */
export function hasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const tiff = exif.indexOf('II') >= 0 && exif.indexOf('II') < 8 ? exif.indexOf('II') : exif.indexOf('MM');
  const little = exif.toString('latin1', tiff, tiff + 2) === 'II';
  const u16 = (at: number) => (little ? exif.readUInt16LE(tiff + at) : exif.readUInt16BE(tiff + at));
  const u32 = (at: number) => (little ? exif.readUInt32LE(tiff + at) : exif.readUInt32BE(tiff + at));
  const ifd0 = u32(4);
  const count = u16(ifd0);
  for (let i = 0; i < count; i++) if (u16(ifd0 + 2 + i * 12) === 0x8825) return true;
  return false;
}
