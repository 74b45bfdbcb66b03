import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module';
import { DomainError, ErrorCode } from './common/domain-error';
import { ErrorResponseDto } from './common/error-response.dto';
import { HttpErrorFilter } from './common/http-error.filter';
import { nulCharacterAt } from './common/text';
import { guardedJsonParser, MAX_JSON_BODY_BYTES } from './common/json-body';
import { requestId } from './common/request-id';
import { acceptUploads } from './common/uploads';
import { formParser } from './common/forms';
import { logRequests } from './common/request-log';
import { pino, type DestinationStream } from 'pino';
import { serveWebConsole } from './common/web-console';
import { compressResponses } from './common/compression';
import { cacheValidationMetadata } from './common/validation-metadata';
import { LIVE_MESSAGE_MODELS } from './live/dto/live-messages.dto';

export interface CreateAppOptions extends Omit<AppOptions, 'logger'> {
  /** Where request and application logs go; stdout when unset. Tests capture them here. */
  logStream?: DestinationStream;
}

/** Builds the whole application, configured the same way for `npm start` and for the tests. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const logger = pino({ level: options.config.logLevel }, options.logStream);
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_JSON_BODY_BYTES,
    trustProxy: options.config.trustProxy,
    genReqId: requestId,
    // Nest's own logger (pino) writes one line per request; Fastify's is off.
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...options, logger }), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // helmet's defaults, built into Nest, with a policy the console runs under: its own scripts only (no
  // inline script, no eval), antd's runtime <style> tags, ECharts' canvas, the live socket to this origin,
  // and never inside another site's frame.
  app.useSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Behind TLS the proxy upgrades; on a plain-HTTP install this would break every request.
        upgradeInsecureRequests: null,
      },
    },
    xFrameOptions: { action: 'deny' },
  });
  await compressResponses(app);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
  });
  logRequests(fastify, logger);
  // PostgreSQL cannot store a NUL character: refuse it wherever it comes, before anything reads it.
  fastify.addHook('preHandler', async (req) => {
    const at = nulCharacterAt({ path: req.params, query: req.query, body: req.body });
    if (at) throw DomainError.invalid(ErrorCode.NUL_CHARACTER, `${at} contains a NUL character (\\u0000)`);
  });
  // Bodies are JSON (or, for Open311, form-encoded; for files, multipart): plain text would reach the
  // validation as a string.
  fastify.removeContentTypeParser('text/plain');
  await acceptUploads(fastify);
  // Refused before they become objects when nested too deeply (a stack overflow blocks the event loop).
  app.useBodyParser('application/json', { bodyLimit: MAX_JSON_BODY_BYTES }, guardedJsonParser(fastify));
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: MAX_JSON_BODY_BYTES }, formParser);

  if (serveWebConsole(app, options.config.webDir) === 'not-built') {
    app.get(Logger).warn(`No web console in ${options.config.webDir}: run \`npm run build:web\` to serve it at / and /citizen`, 'WebConsole');
  }
  cacheValidationMetadata();
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter());

  const document = SwaggerModule.createDocument(
    app as INestApplication,
    new DocumentBuilder()
      .setTitle('12345 hotline & mayor’s mailbox')
      .setDescription(
        'Case management for the 12345 government-service hotline (政务服务便民热线) and the mayor’s mailbox.\n\n' +
          'Live updates are not HTTP: socket.io namespace `/live`, `auth: {token}` (staff) or `auth: {trackingCode, verify}` ' +
          '(citizen); server → client `case.event` (schema `CaseEventMessageDto`) and `resync`; client → server `resume` ' +
          '`{afterSeq}` (acknowledged with `ResumeAckDto`). See the README, "Live updates".',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [...LIVE_MESSAGE_MODELS, ErrorResponseDto] },
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** Lets Fastify finish registering its plugins and routes: after `init()`, before the server is used. */
export async function ready(app: NestFastifyApplication): Promise<void> {
  await app.getHttpAdapter().getInstance().ready();
}
