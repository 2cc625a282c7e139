import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Octavia 2.8, 2.15, 2.17, 2.18, 2.24: listeners' TLS versions and ciphers and client authentication;
 * pools' re-encryption to members with their own certificate, CA, CRL, versions, ciphers and ALPN. L7 rule
 * types grow to SSL_CONN_HAS_CERT and SSL_VERIFY_RESULT (17 characters).
 */
export class AddTlsPoliciesAndReencryption1764800002000 implements MigrationInterface {
  name = 'AddTlsPoliciesAndReencryption1764800002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE listeners
        ADD COLUMN tls_versions jsonb,
        ADD COLUMN tls_ciphers varchar(2048),
        ADD COLUMN client_authentication varchar(16) NOT NULL DEFAULT 'NONE',
        ADD COLUMN client_ca_tls_container_ref varchar(255),
        ADD COLUMN client_crl_container_ref varchar(255)`);
    await queryRunner.query(`
      ALTER TABLE pools
        ADD COLUMN tls_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN tls_container_ref varchar(255),
        ADD COLUMN ca_tls_container_ref varchar(255),
        ADD COLUMN crl_container_ref varchar(255),
        ADD COLUMN tls_versions jsonb,
        ADD COLUMN tls_ciphers varchar(2048),
        ADD COLUMN alpn_protocols jsonb`);
    await queryRunner.query(`ALTER TABLE l7_rules ALTER COLUMN type TYPE varchar(32)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM l7_rules WHERE type LIKE 'SSL\\_%'`);
    await queryRunner.query(`ALTER TABLE l7_rules ALTER COLUMN type TYPE varchar(16)`);
    await queryRunner.query(`
      ALTER TABLE pools
        DROP COLUMN alpn_protocols,
        DROP COLUMN tls_ciphers,
        DROP COLUMN tls_versions,
        DROP COLUMN crl_container_ref,
        DROP COLUMN ca_tls_container_ref,
        DROP COLUMN tls_container_ref,
        DROP COLUMN tls_enabled`);
    await queryRunner.query(`
      ALTER TABLE listeners
        DROP COLUMN client_crl_container_ref,
        DROP COLUMN client_ca_tls_container_ref,
        DROP COLUMN client_authentication,
        DROP COLUMN tls_ciphers,
        DROP COLUMN tls_versions`);
  }
}
