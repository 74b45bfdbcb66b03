import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** A file of a case: a citizen's photo, a department's written answer. The bytes live in the file store. */
@Entity('attachments')
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  /** The file's name as uploaded (cleaned of paths and control characters). */
  @Column('text')
  name: string;

  /** What its content is, as read from the bytes (never the name or the client's word). */
  @Column('text')
  type: AttachmentType;

  @Column('integer')
  size: number;

  /** The citizen may download it (their own files; what a department publishes, e.g. with its reply). */
  @Column('boolean', { default: false })
  public: boolean;

  /** The staff member who uploaded it; null: the citizen. */
  @Column('uuid', { name: 'uploaded_by', nullable: true })
  uploadedBy: string | null;

  /** Their display name then. */
  @Column('text', { name: 'uploaded_by_name', nullable: true })
  uploadedByName: string | null;

  @Column('text', { name: 'storage_key' })
  storageKey: string;

  /** A small WebP of an image, for lists and the citizen's page. */
  @Column('text', { name: 'thumbnail_key', nullable: true })
  thumbnailKey: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
