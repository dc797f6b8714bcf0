import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * Tenancy: a tenant's `description` and `user_mappings` (ViPR's TenantCreateParam), active
 * subtenant names unique per parent (case-insensitively), and proxy tokens. A proxy token
 * (`GET /proxytoken`) lives in `auth_tokens` with `proxy` set: it is not a login token, does
 * not expire when idle, and is removed with its user's logout.
 */
const UP = `
ALTER TABLE tenants ADD COLUMN description text;
ALTER TABLE tenants ADD COLUMN user_mappings jsonb NOT NULL DEFAULT '[]';
CREATE UNIQUE INDEX tenants_active_sibling_name_idx ON tenants (parent_tenant_id, lower(name))
  WHERE NOT inactive AND parent_tenant_id IS NOT NULL;
CREATE INDEX tenants_parent_tenant_id_idx ON tenants (parent_tenant_id) WHERE NOT inactive;

ALTER TABLE auth_tokens ADD COLUMN proxy boolean NOT NULL DEFAULT false;

CREATE INDEX volumes_active_project_idx ON volumes (project_id) WHERE NOT inactive;
`;

const DOWN = `
DROP INDEX volumes_active_project_idx;
ALTER TABLE auth_tokens DROP COLUMN proxy;
DROP INDEX tenants_parent_tenant_id_idx;
DROP INDEX tenants_active_sibling_name_idx;
ALTER TABLE tenants DROP COLUMN user_mappings;
ALTER TABLE tenants DROP COLUMN description;
`;

export class Tenancy1796054400000 implements MigrationInterface {
  readonly name = "Tenancy1796054400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}
