import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema: staff and departments, the city's catalogues, routing rules, the SLA policy,
 * the working calendar, cases with their append-only timeline, and idempotency keys for intake.
 */
export class Foundation1764172800000 implements MigrationInterface {
  name = 'Foundation1764172800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE app_secrets (
        name        text PRIMARY KEY,
        value       text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE departments (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        parent_id   uuid REFERENCES departments(id),
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id IS DISTINCT FROM id)
      )`);
    await q.query(`CREATE INDEX departments_parent_idx ON departments (parent_id)`);

    await q.query(`
      CREATE TABLE users (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,63}$'),
        display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        password_hash        text NOT NULL,
        role                 text NOT NULL CHECK (role IN ('operator', 'handler', 'dept_lead', 'supervisor', 'admin')),
        department_id        uuid REFERENCES departments(id),
        active               boolean NOT NULL DEFAULT true,
        failed_login_count   integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        login_blocked_until  timestamptz,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        -- department staff belong to exactly one department; centre staff to none
        CONSTRAINT users_department_matches_role
          CHECK ((role IN ('handler', 'dept_lead')) = (department_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX users_department_idx ON users (department_id) WHERE department_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE regions (
        code         text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name         text NOT NULL,
        parent_code  text REFERENCES regions(code)
      )`);
    await q.query(`CREATE INDEX regions_parent_idx ON regions (parent_code)`);

    await q.query(`
      CREATE TABLE categories (
        code         text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$'),
        name         text NOT NULL,
        parent_code  text REFERENCES categories(code)
      )`);
    await q.query(`CREATE INDEX categories_parent_idx ON categories (parent_code)`);

    await q.query(`
      CREATE TABLE routing_rules (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        category_code  text NOT NULL REFERENCES categories(code),
        region_code    text REFERENCES regions(code),
        department_id  uuid NOT NULL REFERENCES departments(id),
        auto_dispatch  boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL DEFAULT now(),
        -- one rule per category and region; "anywhere" (NULL) counts as one region
        CONSTRAINT routing_rules_unique_match UNIQUE NULLS NOT DISTINCT (category_code, region_code)
      )`);

    await q.query(`
      CREATE TABLE sla_policies (
        priority         text PRIMARY KEY CHECK (priority IN ('normal', 'urgent', 'emergency')),
        dispatch_amount  integer NOT NULL CHECK (dispatch_amount > 0),
        dispatch_unit    text NOT NULL CHECK (dispatch_unit IN ('minutes', 'hours', 'working_days')),
        sign_amount      integer NOT NULL CHECK (sign_amount > 0),
        sign_unit        text NOT NULL CHECK (sign_unit IN ('minutes', 'hours', 'working_days')),
        reply_amount     integer NOT NULL CHECK (reply_amount > 0),
        reply_unit       text NOT NULL CHECK (reply_unit IN ('minutes', 'hours', 'working_days')),
        callback_amount  integer NOT NULL CHECK (callback_amount > 0),
        callback_unit    text NOT NULL CHECK (callback_unit IN ('minutes', 'hours', 'working_days')),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO sla_policies VALUES
        ('emergency', 10, 'minutes',      30, 'minutes',       5, 'hours',        2, 'working_days', now()),
        ('urgent',     1, 'hours',         2, 'hours',        24, 'hours',        2, 'working_days', now()),
        ('normal',     1, 'working_days',  1, 'working_days',  5, 'working_days', 2, 'working_days', now())`);

    await q.query(`
      CREATE TABLE calendar_days (
        date        date PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('workday', 'holiday')),
        name        text,
        source      text NOT NULL DEFAULT 'admin' CHECK (source IN ('official', 'admin')),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE cases (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tracking_code        text NOT NULL UNIQUE CHECK (tracking_code ~ '^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10,16}$'),
        query_code           text NOT NULL CHECK (query_code ~ '^[0-9]{6}$'),
        channel              text NOT NULL CHECK (channel IN ('hotline', 'mailbox', 'web', 'app', 'open311')),
        kind                 text NOT NULL CHECK (kind IN ('complaint', 'request', 'consultation', 'suggestion', 'report', 'praise')),
        priority             text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent', 'emergency')),
        category_code        text REFERENCES categories(code),
        region_code          text REFERENCES regions(code),
        address              text CHECK (length(address) <= 500),
        title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        content              text NOT NULL CHECK (length(content) BETWEEN 1 AND 10000),
        citizen_name         text CHECK (length(citizen_name) <= 100),
        citizen_phone        text CHECK (citizen_phone ~ '^[0-9]{7,12}$'),
        citizen_email        text CHECK (length(citizen_email) <= 254),
        confidential         boolean NOT NULL DEFAULT false,
        public_consent       boolean NOT NULL DEFAULT false,
        status               text NOT NULL DEFAULT 'received'
                             CHECK (status IN ('received', 'dispatched', 'returned', 'in_progress', 'replied', 'closed')),
        owner_department_id  uuid REFERENCES departments(id),
        assignee_id          uuid REFERENCES users(id),
        dispatch_deadline    timestamptz,
        sign_deadline        timestamptz,
        reply_deadline       timestamptz,
        callback_deadline    timestamptz,
        -- the deadline of the current stage; overdue = current_deadline < now() on an open case
        current_deadline     timestamptz GENERATED ALWAYS AS (
                               CASE status
                                 WHEN 'received'    THEN dispatch_deadline
                                 WHEN 'returned'    THEN dispatch_deadline
                                 WHEN 'dispatched'  THEN sign_deadline
                                 WHEN 'in_progress' THEN reply_deadline
                                 WHEN 'replied'     THEN callback_deadline
                               END) STORED,
        return_count         integer NOT NULL DEFAULT 0 CHECK (return_count >= 0),
        supervised           boolean NOT NULL DEFAULT false,
        version              integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by           uuid REFERENCES users(id),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        closed_at            timestamptz,
        -- a department works a case only once it is classified
        CONSTRAINT cases_classified_before_dispatch
          CHECK (status IN ('received', 'returned', 'closed') OR (category_code IS NOT NULL AND region_code IS NOT NULL)),
        -- exactly one owner: while dispatched or being worked, a department; otherwise nobody but the centre
        CONSTRAINT cases_department_owns_worked_case
          CHECK (status NOT IN ('dispatched', 'in_progress', 'replied') OR owner_department_id IS NOT NULL),
        CONSTRAINT cases_closed_at_matches_status
          CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    // Staff lists: newest first, keyset on (created_at, id); by status; by owning department.
    await q.query(`CREATE INDEX cases_created_idx ON cases (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_status_created_idx ON cases (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_owner_created_idx ON cases (owner_department_id, created_at DESC, id DESC)
                   WHERE owner_department_id IS NOT NULL`);
    // The overdue board: open cases by the deadline of their current stage.
    await q.query(`CREATE INDEX cases_open_deadline_idx ON cases (current_deadline) WHERE status <> 'closed'`);
    // q= substring search on title and address.
    await q.query(`CREATE INDEX cases_title_trgm_idx ON cases USING gin (title gin_trgm_ops)`);
    await q.query(`CREATE INDEX cases_address_trgm_idx ON cases USING gin (address gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE case_events (
        seq                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id                   uuid NOT NULL REFERENCES cases(id),
        type                      text NOT NULL CHECK (type ~ '^case\\.[a-z_]+$'),
        at                        timestamptz NOT NULL DEFAULT now(),
        actor_kind                text NOT NULL CHECK (actor_kind IN ('user', 'citizen', 'system')),
        actor_id                  uuid REFERENCES users(id),
        from_status               text,
        to_status                 text NOT NULL,
        from_owner_department_id  uuid REFERENCES departments(id),
        to_owner_department_id    uuid REFERENCES departments(id),
        note                      text CHECK (length(note) <= 10000),
        public                    boolean NOT NULL,
        data                      jsonb NOT NULL DEFAULT '{}'::jsonb,
        CHECK ((actor_kind = 'user') = (actor_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX case_events_case_idx ON case_events (case_id, seq)`);
    // The timeline is append-only: the database refuses to change or remove what happened.
    await q.query(`
      CREATE FUNCTION case_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_no_update_or_delete BEFORE UPDATE OR DELETE ON case_events
        FOR EACH ROW EXECUTE FUNCTION case_events_are_append_only()`);
    await q.query(`
      CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
        FOR EACH STATEMENT EXECUTE FUNCTION case_events_are_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        scope            text NOT NULL,
        key              text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        request_hash     text NOT NULL,
        case_id          uuid NOT NULL REFERENCES cases(id),
        response_status  integer NOT NULL,
        response_body    jsonb NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE case_events`);
    await q.query(`DROP FUNCTION case_events_are_append_only`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP TABLE calendar_days`);
    await q.query(`DROP TABLE sla_policies`);
    await q.query(`DROP TABLE routing_rules`);
    await q.query(`DROP TABLE categories`);
    await q.query(`DROP TABLE regions`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE departments`);
    await q.query(`DROP TABLE app_secrets`);
  }
}
