import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revision per load balancer, bumped by the database itself whenever the load balancer or anything of
 * its graph (listeners, pools, members, monitors, L7 policies and rules) is written: agents then fetch only
 * the graphs that changed since they last saw them. Triggers catch every write, whichever code makes it.
 * Every change of a graph already locks the load balancer's row first (lb-graph/graph-lock.ts), so the
 * update these triggers make never waits on another change.
 */
export class LoadBalancerRevision1764800008000 implements MigrationInterface {
  name = 'LoadBalancerRevision1764800008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE load_balancers ADD COLUMN revision bigint NOT NULL DEFAULT 1`);
    await queryRunner.query(`
      CREATE FUNCTION lbaas_next_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.revision := OLD.revision + 1;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER load_balancers_revision BEFORE UPDATE ON load_balancers
      FOR EACH ROW EXECUTE FUNCTION lbaas_next_revision()`);
    // The load balancer of the written row, found from the row as it was (delete) or is (insert, update).
    await queryRunner.query(`
      CREATE FUNCTION lbaas_touch_load_balancer() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        written record;
        lb uuid;
      BEGIN
        IF TG_OP = 'DELETE' THEN written := OLD; ELSE written := NEW; END IF;
        CASE TG_TABLE_NAME
          WHEN 'listeners', 'pools' THEN lb := written.loadbalancer_id;
          WHEN 'members', 'health_monitors' THEN
            SELECT loadbalancer_id INTO lb FROM pools WHERE id = written.pool_id;
          WHEN 'l7_policies' THEN
            SELECT loadbalancer_id INTO lb FROM listeners WHERE id = written.listener_id;
          WHEN 'l7_rules' THEN
            SELECT l.loadbalancer_id INTO lb FROM l7_policies p JOIN listeners l ON l.id = p.listener_id
            WHERE p.id = written.l7policy_id;
        END CASE;
        IF lb IS NOT NULL THEN
          UPDATE load_balancers SET revision = revision + 1 WHERE id = lb;
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of CHILD_TABLES) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_revision AFTER INSERT OR UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION lbaas_touch_load_balancer()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of CHILD_TABLES) await queryRunner.query(`DROP TRIGGER ${table}_revision ON ${table}`);
    await queryRunner.query(`DROP FUNCTION lbaas_touch_load_balancer()`);
    await queryRunner.query(`DROP TRIGGER load_balancers_revision ON load_balancers`);
    await queryRunner.query(`DROP FUNCTION lbaas_next_revision()`);
    await queryRunner.query(`ALTER TABLE load_balancers DROP COLUMN revision`);
  }
}

const CHILD_TABLES = ['listeners', 'pools', 'members', 'health_monitors', 'l7_policies', 'l7_rules'];
