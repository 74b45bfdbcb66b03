import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppModule, type AppOptions, requestId } from './app.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { serveWebConsole } from './common/web-console';
import { LIVE_MESSAGE_MODELS } from './live/dto/live-messages.dto';

/** Builds the whole application, configured the same way for `npm start` and for the tests. */
export async function createApp(options: AppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    requestId(req, res);
    next();
  });
  app.useBodyParser('json', { limit: '1mb' });
  app.set('trust proxy', options.config.trustProxy);
  app.disable('x-powered-by');
  if (serveWebConsole(app, options.config.webDir) === 'not-built') {
    app.get(Logger).warn(`No web console in ${options.config.webDir}: run \`npm run build:web\` to serve it at / and /citizen`, 'WebConsole');
  }
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
    app,
    new DocumentBuilder()
      .setTitle('12345 hotline & mayor’s mailbox')
      .setDescription(
        'Case management for the 12345 government-service hotline (政务服务便民热线) and the mayor’s mailbox.\n\n' +
          'Live updates are not HTTP: socket.io namespace `/live`, `auth: {token}` (staff) or `auth: {trackingCode, verify}` ' +
          '(citizen); server → client `case.event` `{seq, type, caseId, trackingCode, status, owner, at}` and `resync`; ' +
          'client → server `resume` `{afterSeq}`. See the README, "Live updates".',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: LIVE_MESSAGE_MODELS },
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
