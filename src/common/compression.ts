import fastifyCompress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { constants } from 'node:zlib';

/**
 * Compresses the API's answers (JSON, CSV, Open311's XML, the OpenAPI document) with Brotli or gzip,
 * whichever the client's `Accept-Encoding` prefers; answers under 1 KB, images, PDFs, and answers that
 * are already encoded (the console's files, served precompressed by `serveWebConsole`) go as they are.
 * Registered before any route, since the plugin hooks each route as it is added.
 *
 * Not touched: socket.io (`/live` and its polling transport are answered by engine.io before Fastify
 * sees the request); the security headers, 304s (no body) and HEAD (the same headers as GET). Request
 * bodies are never inflated (`globalDecompression: false`): a compressed body is not JSON and is refused
 * like any other, so the body limit (413) stays a limit on what arrives.
 */
export async function compressResponses(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Per request, so fast rather than smallest (quality 11 is for the build's own files).
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}
