import type { EntityManager } from "typeorm";
import type { TaskRepository } from "../../../application/ports/repositories.js";
import type { Task } from "../../../domain/tasks/task.js";
import { TaskMapper } from "../mappers/task.mapper.js";
import { TaskRecordSchema } from "../records/task.record.js";
import { updateIfVersionMatches } from "./optimistic-update.js";
import { RecordTable } from "./record-table.js";

export class TypeOrmTaskRepository implements TaskRepository {
  constructor(private readonly manager: EntityManager) {}

  async findById(id: string): Promise<Task | null> {
    const record = await RecordTable.of(this.manager, TaskRecordSchema).findOne(this.manager, { id });
    return record === null ? null : TaskMapper.toDomain(record);
  }

  async findUnfinishedOn(resourceId: string): Promise<Task[]> {
    const records = await this.manager
      .createQueryBuilder(TaskRecordSchema, "t")
      .where("t.state IN ('queued', 'pending')")
      .andWhere(
        "(t.resourceId = :id OR t.associated @> jsonb_build_array(jsonb_build_object('id', CAST(:id AS text))))",
        {
          id: resourceId,
        },
      )
      .orderBy("t.startTime", "ASC")
      .getMany();
    return records.map((record) => TaskMapper.toDomain(record));
  }

  async add(task: Task): Promise<void> {
    await RecordTable.of(this.manager, TaskRecordSchema).insert(this.manager, [TaskMapper.toRecord(task)]);
  }

  async raiseProgress(taskId: string, progress: number): Promise<void> {
    await this.manager.query(
      "UPDATE tasks SET progress = $2, version = version + 1 WHERE id = $1 AND state = 'pending' AND progress < $2",
      [taskId, progress],
    );
  }

  async save(task: Task): Promise<void> {
    await updateIfVersionMatches(this.manager, TaskRecordSchema, TaskMapper.toRecord(task), "Task");
  }
}
