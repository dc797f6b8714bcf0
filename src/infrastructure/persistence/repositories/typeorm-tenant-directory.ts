import type { EntityManager } from "typeorm";
import type { TenantDirectory } from "../../../application/ports/repositories.js";

export class TypeOrmTenantDirectory implements TenantDirectory {
  constructor(private readonly manager: EntityManager) {}

  /** Whether an active tenant has that id. */
  async exists(tenantId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query("SELECT 1 FROM tenants WHERE id = $1 AND NOT inactive", [
      tenantId,
    ]);
    return rows.length > 0;
  }
}
