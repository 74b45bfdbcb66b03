import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user';
import type { Attachment } from '../cases/attachment.entity';
import { AttachmentsRepository } from '../cases/attachments.repository';
import { CaseAccess } from '../cases/case-access';
import { CaseWorkflow } from '../cases/case-workflow.service';
import { CasesRepository } from '../cases/cases.repository';
import type { CaseDto } from '../cases/dto/case.dto';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { Upload } from '../common/uploads';
import type { AttachmentFormDto } from './dto/attachment.dto';
import { processUpload, type ProcessedFile } from './file-processing';
import { FileStore, newStorageKey } from './file-store';

/** A processed file in the store, not yet recorded against a case. */
export interface StoredFile extends ProcessedFile {
  storageKey: string;
  thumbnailKey: string | null;
}

export interface Uploader {
  userId: string | null;
  name: string | null;
}

/**
 * Files of cases: a staff member's upload to a case they may act on (an event on its timeline, through
 * the workflow), a citizen's photos with their letter, and every download under the case's visibility
 * rules — staff through their scope, a citizen only the public files of their own case.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    private readonly workflow: CaseWorkflow,
    private readonly attachments: AttachmentsRepository,
    private readonly cases: CasesRepository,
    private readonly access: CaseAccess,
    private readonly clock: Clock,
    @Inject(FileStore) private readonly store: FileStore,
  ) {}

  /** Checks and re-encodes uploads before anything is stored (a refusal stores nothing). */
  prepare(uploads: Upload[]): Promise<ProcessedFile[]> {
    return Promise.all(uploads.map(processUpload));
  }

  /** Puts processed files into the store (outside any transaction where the caller can). */
  async storeAll(files: ProcessedFile[]): Promise<StoredFile[]> {
    const now = this.clock.now();
    const stored: StoredFile[] = [];
    try {
      for (const f of files) {
        const id = randomUUID();
        const storageKey = newStorageKey(id, now);
        await this.store.put(storageKey, f.body, f.type);
        const thumbnailKey = f.thumbnail ? newStorageKey(id, now, '.thumb.webp') : null;
        stored.push({ ...f, storageKey, thumbnailKey });
        if (thumbnailKey) await this.store.put(thumbnailKey, f.thumbnail!, 'image/webp');
      }
      return stored;
    } catch (error) {
      await this.discard(stored);
      throw error;
    }
  }

  /**
   * Records stored files against a case, in the caller's transaction. Files sent together keep their
   * order (a millisecond apart: a case's files are listed by time).
   */
  async record(caseId: string, files: StoredFile[], uploader: Uploader, isPublic: boolean, at: Date): Promise<Attachment[]> {
    const recorded: Attachment[] = [];
    for (const [i, f] of files.entries()) {
      recorded.push(
        await this.attachments.insert({
          caseId,
          name: f.name,
          type: f.type,
          size: f.body.length,
          public: isPublic,
          uploadedBy: uploader.userId,
          uploadedByName: uploader.name,
          storageKey: f.storageKey,
          thumbnailKey: f.thumbnailKey,
          createdAt: new Date(at.getTime() + i),
        }),
      );
    }
    return recorded;
  }

  /** Removes stored files whose case was not written after all (best effort: an orphan file harms nobody). */
  async discard(files: StoredFile[]): Promise<void> {
    for (const key of files.flatMap((f) => [f.storageKey, f.thumbnailKey])) {
      if (key) await this.store.delete(key).catch((error: unknown) => this.logger.warn({ err: error }, 'could not remove an unused file'));
    }
  }

  /** A staff member adds one file to a case they may act on (`attachments` in its `allowedActions`). */
  async add(user: AuthUser, caseId: string, uploads: Upload[] | undefined, form: AttachmentFormDto): Promise<CaseDto> {
    const files = (uploads ?? []).filter((u) => u.field === 'file');
    if (files.length !== 1 || (uploads ?? []).length !== 1) {
      throw DomainError.invalid(ErrorCode.FILE_REQUIRED, 'Send exactly one file, in the multipart field `file`');
    }
    const [stored] = await this.storeAll(await this.prepare(files));
    try {
      return await this.workflow.act(user, caseId, 'attach', form.version, async (c, { now }) => {
        const [a] = await this.record(c.id, [stored], { userId: user.id, name: user.displayName }, form.public ?? false, now);
        return { public: a.public, data: { attachmentId: a.id, name: a.name, type: a.type, public: a.public } };
      });
    } catch (error) {
      await this.discard([stored]);
      throw error;
    }
  }

  /** A staff member's download: 404 unless they may see the case and the file is one of its own. */
  async download(user: AuthUser, caseId: string, attachmentId: string, thumbnail: boolean): Promise<StreamableFile> {
    const visible = await this.cases.findVisible(caseId, await this.access.scopeOf(user));
    const a = visible ? await this.attachments.find(caseId, attachmentId) : null;
    if (!a) throw DomainError.notFound('Attachment');
    return this.stream(a, thumbnail);
  }

  /** A citizen's download: only a public file of one of the cases they may follow (their own, its master). */
  async downloadPublic(caseIds: string[], attachmentId: string, thumbnail: boolean): Promise<StreamableFile> {
    for (const caseId of caseIds) {
      const a = await this.attachments.find(caseId, attachmentId);
      if (a?.public) return this.stream(a, thumbnail);
    }
    throw DomainError.notFound('Attachment');
  }

  private async stream(a: Attachment, thumbnail: boolean): Promise<StreamableFile> {
    const key = thumbnail ? a.thumbnailKey : a.storageKey;
    if (!key) throw DomainError.notFound('Thumbnail');
    const type = thumbnail ? 'image/webp' : a.type;
    // Images show in the page; anything else (a PDF) downloads, never rendered under this origin.
    const disposition = `${type.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.name)}`;
    return new StreamableFile(await this.store.get(key), { type, disposition, length: thumbnail ? undefined : a.size });
  }
}
