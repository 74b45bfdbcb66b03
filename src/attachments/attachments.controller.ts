import { Body, Controller, Get, Param, ParseUUIDPipe, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ALL_STAFF, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CaseActionRoute } from '../cases/case-action.route';
import type { CaseDto } from '../cases/dto/case.dto';
import { AttachmentsService } from './attachments.service';
import { ATTACHMENT_UPLOAD_SCHEMA, AttachmentFormDto, DownloadQuery } from './dto/attachment.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Adds a file to a case (multipart, part `file`): a photo, a document, the written answer to publish with the reply. */
  @CaseActionRoute('attachments', ['attach'], ':id/')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: ATTACHMENT_UPLOAD_SCHEMA })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE: more than 10 MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_FILE_TYPE: not JPEG, PNG, WebP or PDF by its content' })
  add(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() form: AttachmentFormDto, @Req() req: FastifyRequest): Promise<CaseDto> {
    return this.attachments.add(user, id, req.uploads, form);
  }

  /** The file, to whoever may see the case (404 otherwise, as for the case itself). */
  @Get(':id/attachments/:aid')
  @Roles(...ALL_STAFF)
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'application/pdf')
  @ApiOkResponse({ description: 'The file (images inline, PDFs as a download); `thumbnail=true`: a small WebP of an image' })
  @ApiNotFoundResponse({ description: 'No such file on this case, or the case is not yours to see' })
  download(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('aid', ParseUUIDPipe) aid: string,
    @Query() q: DownloadQuery,
  ): Promise<StreamableFile> {
    return this.attachments.download(user, id, aid, q.thumbnail ?? false);
  }
}
