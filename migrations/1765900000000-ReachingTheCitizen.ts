import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reaching the citizen (issue 17): the notification outbox, attachments, and the Open311 side.
 *
 * - `notifications`: the outbox. A row is written in the transaction of the event that causes it (the
 *   case workflow does it when it records the event), so a message exists exactly when its event
 *   committed. `dedupe_key` (event, recipient case, channel) is unique: never two messages for one event
 *   and channel. The sender claims due rows with FOR UPDATE SKIP LOCKED and a lease (`locked_until`).
 * - `attachments`: files of a case, the bytes in the file store (`storage_key`), never in the database.
 * - `open311_clients`: the apps an administrator let submit through Open311 GeoReport v2; only a hash of
 *   each api_key is kept. Administered, so audited like the other administered tables.
 * - cases: `notify` (the citizen's opt-out), `public_ref` (the Open311 `service_request_id`, given by the
 *   database to every case submitted through Open311 or whose citizen consented to publication — never
 *   the tracking code), `media_url` (an Open311 link, never fetched) and the submitting client.
 */
export class ReachingTheCitizen1765900000000 implements MigrationInterface {
  name = 'ReachingTheCitizen1765900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open311_clients (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        key_hash    text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TRIGGER open311_clients_admin_audit AFTER INSERT OR UPDATE OR DELETE ON open311_clients
        FOR EACH ROW EXECUTE FUNCTION admin_audit_record('id')`);

    await q.query(`
      ALTER TABLE cases
        ADD COLUMN notify boolean NOT NULL DEFAULT true,
        ADD COLUMN public_ref text UNIQUE CHECK (public_ref ~ '^SR[0-9]{4}-[0-9]{6,}$'),
        ADD COLUMN media_url text CHECK (length(media_url) <= 2000),
        ADD COLUMN open311_client_id uuid REFERENCES open311_clients(id)`);
    await q.query(`CREATE SEQUENCE service_request_ref_seq`);
    await q.query(`
      CREATE FUNCTION cases_public_ref() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.public_ref IS NULL AND (NEW.channel = 'open311' OR NEW.public_consent) THEN
          NEW.public_ref := 'SR' || to_char(NEW.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-'
                            || lpad(nextval('service_request_ref_seq')::text, 6, '0');
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER cases_public_ref BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION cases_public_ref()`);
    await q.query(`
      UPDATE cases SET public_ref = 'SR' || to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-'
                                    || lpad(nextval('service_request_ref_seq')::text, 6, '0')
       WHERE public_consent AND public_ref IS NULL`);
    // GET /open311/v2/requests: the published cases, newest first.
    await q.query(`CREATE INDEX cases_public_ref_created_idx ON cases (created_at DESC, id) WHERE public_ref IS NOT NULL`);

    await q.query(`
      CREATE TABLE notifications (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id          uuid NOT NULL REFERENCES cases(id),
        event_seq        bigint,
        channel          text NOT NULL CHECK (channel IN ('sms', 'email')),
        recipient        text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
        template         text NOT NULL CHECK (template ~ '^[a-z_]+$'),
        params           jsonb NOT NULL DEFAULT '{}',
        dedupe_key       text NOT NULL UNIQUE,
        status           text NOT NULL CHECK (status IN ('held', 'pending', 'sent', 'failed')),
        attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at  timestamptz,
        locked_until     timestamptz,
        last_error       text,
        provider_ref     text,
        sent_at          timestamptz,
        created_at       timestamptz NOT NULL,
        CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    // The sender's queue; the admin list by case, and newest first; the per-phone daily cap.
    await q.query(`CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX notifications_case_idx ON notifications (case_id, created_at)`);
    await q.query(`CREATE INDEX notifications_created_idx ON notifications (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_sms_sent_idx ON notifications (recipient, sent_at) WHERE channel = 'sms' AND status = 'sent'`);

    await q.query(`
      CREATE TABLE attachments (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id            uuid NOT NULL REFERENCES cases(id),
        name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        type               text NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
        size               integer NOT NULL CHECK (size BETWEEN 1 AND 10485760),
        public             boolean NOT NULL DEFAULT false,
        uploaded_by        uuid REFERENCES users(id),
        uploaded_by_name   text,
        storage_key        text NOT NULL UNIQUE,
        thumbnail_key      text,
        created_at         timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX attachments_case_idx ON attachments (case_id, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachments`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TRIGGER cases_public_ref ON cases`);
    await q.query(`DROP FUNCTION cases_public_ref()`);
    await q.query(`ALTER TABLE cases DROP COLUMN open311_client_id, DROP COLUMN media_url, DROP COLUMN public_ref, DROP COLUMN notify`);
    await q.query(`DROP SEQUENCE service_request_ref_seq`);
    await q.query(`DROP TRIGGER open311_clients_admin_audit ON open311_clients`);
    await q.query(`DROP TABLE open311_clients`);
  }
}
