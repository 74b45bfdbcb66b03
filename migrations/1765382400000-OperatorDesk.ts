import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bigrams that every kind of caller says whatever the problem is (市民, 反映, 希望, 尽快, 处理 …): left
 * out of every search vector, so that two texts are similar for what they are about, not for how
 * 12345 calls are phrased. Kept in this one list (the function below is its only user).
 */
const STOP_BIGRAMS = `市民 来电 反映 希望 请求 要求 尽快 处理 相关 关部 部门 有关 问题 情况 没有 一直 已经 我们 他们 我家 这个 那个
  那家 一家 一个 什么 怎么 知道 现在 今天 昨天 每天 附近 帮忙 管一 一管 解决 核实 查处 投诉 举报 咨询 了解 严重 非常 很大
  好几 几天 多次 经常 还是 但是 可以 不能 请有 请相 请帮 请尽 快处 理一 一下 下吧 麻烦 谢谢 你们 政府 的时 时候 这样 那样
  因为 所以 如果 而且 还有 其他 以上 目前 至今 期间 之后 之前 以后 造成 导致 影响 出现 存在 发现 进行 表示 认为 觉得 一些
  有些 很多 比较 特别 不是 就是 也是 都是 还在 都没 也没 没人 请管 管理 理一`
  .split(/\s+/)
  .filter(Boolean);

/** CJK Unified Ideographs and Extension A, as a regular-expression class body. */
const HAN = '㐀-䶿一-鿿';

/**
 * The operator's desk (issue 14): Chinese text search, caller history and flags, similar open cases and
 * merging at intake, the knowledge base, direct answers and transfers, reply templates.
 *
 * Chinese search. The embedded PostgreSQL is initialised with `--locale=C`, where pg_trgm sees no word
 * characters in Chinese (`show_trgm('供水管道破裂')` is empty), and under C.UTF-8 its trigrams are too
 * specific for paraphrases. So every searchable text is cut into overlapping character bigrams (供水管道
 * → 供水 水管 管道; runs of Latin letters and digits stay whole), common 12345 phrasing is dropped, and the
 * bigrams are stored beside the text as a `tsvector` (exact lexemes, no parser or dictionary involved,
 * so the locale does not matter) with a GIN index. Two texts are as similar as the Dice coefficient of
 * their bigram sets, computed from vector lengths alone (|A ∩ B| = |A| + |B| − |A ∪ B|, and `a || b` is
 * the union). README "Chinese text search" has the measurements that chose this over a segmenter.
 *
 * Existing databases: `cases.search_vector` is filled here for every case already stored (one UPDATE);
 * from then on a trigger keeps it, whoever writes the case.
 */
export class OperatorDesk1765382400000 implements MigrationInterface {
  name = 'OperatorDesk1765382400000';

  public async up(q: QueryRunner): Promise<void> {
    // ---- Chinese text search ----
    await q.query(`
      CREATE FUNCTION search_terms(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        -- runs of Han characters and runs of Latin letters and digits, separated by single spaces
        r text := regexp_replace(regexp_replace(lower(t), '[^${HAN}0-9a-z]+', ' ', 'g'),
                    '([0-9a-z])(?=[${HAN}])|([${HAN}])(?=[0-9a-z])', '\\1\\2 ', 'g');
      BEGIN
        -- the bigrams of each Han run, in two passes (pairs from its first character, then from its
        -- second); single Han characters left over are dropped; Latin and digit runs stay whole
        RETURN array_remove(regexp_split_to_array(
          regexp_replace(
            regexp_replace(r, '([${HAN}]{2})', '\\1 ', 'g') || ' ' ||
            regexp_replace(regexp_replace(r, '(^| )[${HAN}]', '\\1', 'g'), '([${HAN}]{2})', '\\1 ', 'g'),
            '(^| )[${HAN}](?= |$)', '\\1', 'g'),
          ' +'), '');
      END $$`);
    await q.query(`
      CREATE FUNCTION search_vector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ts_delete(array_to_tsvector(search_terms(t)), '{${STOP_BIGRAMS.join(',')}}'::text[])
      $$`);
    // Dice coefficient of two bigram sets, in [0, 1]. Not STRICT, so that the planner inlines it.
    await q.query(`
      CREATE FUNCTION search_similarity(a tsvector, b tsvector) RETURNS real LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN length(a) + length(b) = 0 THEN 0
                    ELSE (2.0 * (length(a) + length(b) - length(a || b)) / (length(a) + length(b)))::real END
      $$`);
    // Any of the vector's lexemes, as a query for the GIN indexes (an empty vector matches nothing).
    await q.query(`
      CREATE FUNCTION search_any(v tsvector) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN length(v) = 0 THEN '!x & x'::tsquery
                    ELSE array_to_string(array(SELECT quote_literal(l) FROM unnest(tsvector_to_array(v)) l), ' | ')::tsquery END
      $$`);
    // All of the vector's lexemes: a list's `q` (every bigram of the words typed).
    await q.query(`
      CREATE FUNCTION search_all(v tsvector) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN length(v) = 0 THEN '!x & x'::tsquery
                    ELSE array_to_string(array(SELECT quote_literal(l) FROM unnest(tsvector_to_array(v)) l), ' & ')::tsquery END
      $$`);

    await q.query(`ALTER TABLE cases ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector`);
    await q.query(`
      CREATE FUNCTION cases_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector := search_vector(NEW.title || ' ' || left(NEW.content, 500));
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_search_vector BEFORE INSERT OR UPDATE OF title, content ON cases
        FOR EACH ROW EXECUTE FUNCTION cases_search_vector()`);
    // The backfill of a database initialised before this migration.
    await q.query(`UPDATE cases SET search_vector = search_vector(title || ' ' || left(content, 500))`);
    await q.query(`CREATE INDEX cases_search_idx ON cases USING gin (search_vector)`);
    // Similar open cases: the newest open cases of a category family and region family (index only).
    await q.query(`CREATE INDEX cases_similar_idx ON cases (category_code, region_code, created_at) INCLUDE (id) WHERE status <> 'closed'`);
    // A caller's history: that number's cases, newest first.
    await q.query(`CREATE INDEX cases_citizen_phone_idx ON cases (citizen_phone, created_at DESC) WHERE citizen_phone IS NOT NULL`);

    // ---- merges, direct answers and transfers ----
    await q.query(`ALTER TABLE cases ADD COLUMN merged_count integer NOT NULL DEFAULT 0 CHECK (merged_count >= 0)`);
    await q.query(`
      UPDATE cases c SET merged_count = m.n
        FROM (SELECT merged_into_id, count(*)::int AS n FROM cases WHERE merged_into_id IS NOT NULL GROUP BY merged_into_id) m
       WHERE c.id = m.merged_into_id`);
    // Kept by the database, whoever merges (a close, an intake, an incident): the master's count.
    await q.query(`
      CREATE FUNCTION cases_count_merged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.merged_into_id IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id) THEN
          UPDATE cases SET merged_count = merged_count + 1 WHERE id = NEW.merged_into_id;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.merged_into_id IS NOT NULL AND OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id THEN
          UPDATE cases SET merged_count = merged_count - 1 WHERE id = OLD.merged_into_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_count_merged AFTER INSERT OR UPDATE OF merged_into_id ON cases
        FOR EACH ROW EXECUTE FUNCTION cases_count_merged()`);

    await q.query(`
      ALTER TABLE cases
        DROP CONSTRAINT cases_close_reason_check,
        ADD CONSTRAINT cases_close_reason_check CHECK (close_reason IN ('answered', 'not_accepted', 'merged', 'callback', 'rating', 'transferred')),
        ADD COLUMN transfer_to text CHECK (transfer_to IN ('110', '119', '120', '122')),
        ADD COLUMN counterpart_ref text CHECK (char_length(counterpart_ref) <= 100),
        ADD CONSTRAINT cases_transferred_has_target CHECK ((close_reason = 'transferred') = (transfer_to IS NOT NULL))`);
    // The centre's figures: its own closings by intake time.
    await q.query(`CREATE INDEX cases_centre_closings_idx ON cases (created_at) INCLUDE (close_reason, transfer_to) WHERE close_reason IN ('answered', 'not_accepted', 'merged', 'transferred')`);

    // ---- caller flags ----
    await q.query(`
      CREATE TABLE caller_flags (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        phone       text NOT NULL UNIQUE CHECK (phone ~ '^[0-9]{7,12}$'),
        kind        text NOT NULL CHECK (kind IN ('abusive', 'vulnerable')),
        reason      text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
        expires_at  timestamptz,
        set_by      uuid REFERENCES users(id),
        set_at      timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);

    // ---- knowledge base ----
    await q.query(`
      CREATE TABLE knowledge_entries (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title           text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        keywords        text NOT NULL DEFAULT '' CHECK (char_length(keywords) <= 500),
        body            text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
        category_codes  text[] NOT NULL DEFAULT '{}',
        region_code     text REFERENCES regions(code),
        department_id   uuid NOT NULL REFERENCES departments(id),
        source_ref      text CHECK (char_length(source_ref) <= 200),
        effective_from  date NOT NULL,
        expires_at      date CHECK (expires_at >= effective_from),
        review_due_at   date NOT NULL,
        retired_at      timestamptz,
        version         integer NOT NULL DEFAULT 1,
        created_by      uuid REFERENCES users(id),
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        -- the bigrams of the title and keywords, and of the body: ranked apart (README "Chinese text search")
        search_title    tsvector GENERATED ALWAYS AS (search_vector(title || ' ' || keywords)) STORED,
        search_body     tsvector GENERATED ALWAYS AS (search_vector(body)) STORED
      )`);
    await q.query(`CREATE INDEX knowledge_entries_search_idx ON knowledge_entries USING gin ((search_title || search_body)) WHERE retired_at IS NULL`);
    await q.query(`CREATE INDEX knowledge_entries_review_idx ON knowledge_entries (department_id, review_due_at) WHERE retired_at IS NULL`);

    // ---- reply templates (常用语) ----
    await q.query(`
      CREATE TABLE reply_templates (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        department_id   uuid REFERENCES departments(id),
        title           text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
        body            text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
        category_codes  text[] NOT NULL DEFAULT '{}',
        created_by      uuid REFERENCES users(id),
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX reply_templates_department_idx ON reply_templates (department_id, title)`);

    // ---- the audit of administration covers the three administered tables ----
    // The stored search vectors are derived text, never a change anyone made: kept out of the log.
    await q.query(`
      CREATE OR REPLACE FUNCTION admin_audit_record() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        hidden text[] := ARRAY['password_hash', 'updated_at', 'token_version', 'search_vector', 'search_title', 'search_body'];
        old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
        before jsonb := old_row - hidden;
        after jsonb := new_row - hidden;
      BEGIN
        IF TG_OP = 'UPDATE' AND old_row->>'password_hash' IS DISTINCT FROM new_row->>'password_hash' THEN
          after := after || '{"passwordReset": true}';
        END IF;
        IF TG_OP = 'UPDATE' AND before = after THEN
          RETURN NULL;
        END IF;
        INSERT INTO admin_audit (actor_id, actor_name, entity, entity_id, action, before, after)
        VALUES (nullif(current_setting('app.actor_id', true), '')::uuid,
                nullif(current_setting('app.actor_name', true), ''),
                TG_TABLE_NAME, COALESCE(new_row, old_row)->>TG_ARGV[0], lower(TG_OP), before, after);
        RETURN NULL;
      END $$`);
    for (const table of ['knowledge_entries', 'caller_flags', 'reply_templates']) {
      await q.query(`
        CREATE TRIGGER ${table}_admin_audit AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION admin_audit_record('id')`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reply_templates`);
    await q.query(`DROP TABLE knowledge_entries`);
    await q.query(`DROP TABLE caller_flags`);
    await q.query(`DROP INDEX cases_centre_closings_idx`);
    await q.query(`
      ALTER TABLE cases
        DROP CONSTRAINT cases_transferred_has_target,
        DROP COLUMN counterpart_ref,
        DROP COLUMN transfer_to,
        DROP CONSTRAINT cases_close_reason_check,
        ADD CONSTRAINT cases_close_reason_check CHECK (close_reason IN ('answered', 'not_accepted', 'merged', 'callback', 'rating'))`);
    await q.query(`DROP TRIGGER cases_count_merged ON cases`);
    await q.query(`DROP FUNCTION cases_count_merged`);
    await q.query(`ALTER TABLE cases DROP COLUMN merged_count`);
    await q.query(`DROP TRIGGER cases_search_vector ON cases`);
    await q.query(`DROP FUNCTION cases_search_vector`);
    await q.query(`ALTER TABLE cases DROP COLUMN search_vector`);
    await q.query(`DROP FUNCTION search_all, search_any, search_similarity, search_vector, search_terms`);
  }
}
