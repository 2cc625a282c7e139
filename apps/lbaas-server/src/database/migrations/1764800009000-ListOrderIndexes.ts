import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the lists' default order (platform/listing/sql-list.ts): the creation second as the API shows
 * it, then the id. A page of load balancers (all, or one project's) or of one pool's members then reads
 * only its rows. They replace the single-column indexes they start with.
 */
const CREATED_SECOND = `(date_trunc('second', created_at AT TIME ZONE 'UTC')) NULLS FIRST, id NULLS FIRST`;

export class ListOrderIndexes1764800009000 implements MigrationInterface {
  name = 'ListOrderIndexes1764800009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_load_balancers_list_order ON load_balancers (${CREATED_SECOND})`,
    );
    await queryRunner.query('DROP INDEX ix_load_balancers_project_id');
    await queryRunner.query(
      `CREATE INDEX ix_load_balancers_project_id_list_order ON load_balancers (project_id, ${CREATED_SECOND})`,
    );
    await queryRunner.query('DROP INDEX ix_members_pool_id');
    await queryRunner.query(
      `CREATE INDEX ix_members_pool_id_list_order ON members (pool_id, ${CREATED_SECOND})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_members_pool_id_list_order');
    await queryRunner.query('CREATE INDEX ix_members_pool_id ON members (pool_id)');
    await queryRunner.query('DROP INDEX ix_load_balancers_project_id_list_order');
    await queryRunner.query('CREATE INDEX ix_load_balancers_project_id ON load_balancers (project_id)');
    await queryRunner.query('DROP INDEX ix_load_balancers_list_order');
  }
}
