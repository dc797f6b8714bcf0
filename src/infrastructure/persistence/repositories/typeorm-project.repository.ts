import type { EntityManager } from "typeorm";
import type { ProjectRepository } from "../../../application/ports/repositories.js";
import type { Project } from "../../../domain/tenancy/project.js";
import { ProjectMapper } from "../mappers/project.mapper.js";
import { ProjectRecordSchema } from "../records/project.record.js";
import { updateIfVersionMatches } from "./optimistic-update.js";
import { RecordTable } from "./record-table.js";

export class TypeOrmProjectRepository implements ProjectRepository {
  constructor(private readonly manager: EntityManager) {}

  async findById(id: string): Promise<Project | null> {
    const record = await RecordTable.of(this.manager, ProjectRecordSchema).findOne(this.manager, { id });
    return record === null ? null : ProjectMapper.toDomain(record);
  }

  async findActiveByName(tenantId: string, name: string): Promise<Project | null> {
    const record = await this.manager
      .createQueryBuilder(ProjectRecordSchema, "p")
      .where("p.tenantId = :tenantId AND lower(p.name) = lower(:name) AND NOT p.inactive", { tenantId, name })
      .getOne();
    return record === null ? null : ProjectMapper.toDomain(record);
  }

  /** Active project names are unique per tenant (case-insensitively): a duplicate fails the insert. */
  async add(project: Project): Promise<void> {
    await RecordTable.of(this.manager, ProjectRecordSchema).insert(this.manager, [ProjectMapper.toRecord(project)]);
  }

  async save(project: Project): Promise<void> {
    await updateIfVersionMatches(this.manager, ProjectRecordSchema, ProjectMapper.toRecord(project), "Project");
  }

  async findLocked(id: string, mode: "share" | "update"): Promise<Project | null> {
    const rows: { id: string }[] = await this.manager.query(
      `SELECT id FROM projects WHERE id = $1 ${mode === "share" ? "FOR SHARE" : "FOR UPDATE"}`,
      [id],
    );
    return rows.length === 0 ? null : this.findById(id);
  }

  async activeReferenceType(projectId: string): Promise<"Volume" | "BlockConsistencyGroup" | null> {
    const rows: { type: "Volume" | "BlockConsistencyGroup" }[] = await this.manager.query(
      `SELECT 'Volume' AS type WHERE EXISTS (SELECT 1 FROM volumes WHERE project_id = $1 AND NOT inactive)
       UNION ALL
       SELECT 'BlockConsistencyGroup' WHERE EXISTS
         (SELECT 1 FROM consistency_groups WHERE project_id = $1 AND NOT inactive)
       LIMIT 1`,
      [projectId],
    );
    return rows[0]?.type ?? null;
  }
}
