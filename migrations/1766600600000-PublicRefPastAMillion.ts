import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A published case's reference (`SR2026-000042`) past the millionth: `lpad(n, 6)` cut the seventh digit
 * off, so the 1,000,000th reference came out as `SR2026-100000`, a duplicate — a city of Beijing's volume
 * publishes that many within a year. Six digits stay the least; more are kept (the column's check
 * already allows them).
 */
export class PublicRefPastAMillion1766600600000 implements MigrationInterface {
  name = 'PublicRefPastAMillion1766600600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(refFunction(`lpad(n, greatest(6, length(n)), '0')`));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(refFunction(`lpad(n, 6, '0')`));
  }
}

function refFunction(digits: string): string {
  return `
    CREATE OR REPLACE FUNCTION cases_public_ref() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      n text;
    BEGIN
      IF NEW.public_ref IS NULL AND (NEW.channel = 'open311' OR NEW.public_consent) THEN
        n := nextval('service_request_ref_seq')::text;
        NEW.public_ref := 'SR' || to_char(NEW.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || ${digits};
      END IF;
      RETURN NEW;
    END $$`;
}
