import type { EntityManager } from "typeorm";
import type { SessionOperation, SessionOperationQueue } from "../../../application/ports/session-operations.js";
import type { WorkflowStart } from "../../../application/ports/workflow-outbox.js";

/**
 * The session queue in `session_operations`; its lock is the session's row lock
 * (`SELECT … FOR UPDATE` on `snapshot_sessions`), held until the transaction ends.
 */
export class TypeOrmSessionOperationQueue implements SessionOperationQueue {
  constructor(private readonly manager: EntityManager) {}

  async lock(sessionId: string): Promise<SessionOperation[]> {
    await this.manager.query("SELECT 1 FROM snapshot_sessions WHERE id = $1 FOR UPDATE", [sessionId]);
    const rows: { task_id: string; state: string; start: WorkflowStart | null }[] = await this.manager.query(
      `SELECT task_id, state, start FROM session_operations WHERE session_id = $1
       ORDER BY state = 'running' DESC, seq`,
      [sessionId],
    );
    return rows.map((row) => ({ taskId: row.task_id, running: row.state === "running", start: row.start }));
  }

  async append(sessionId: string, operation: SessionOperation): Promise<void> {
    await this.manager.query(
      "INSERT INTO session_operations (task_id, session_id, state, start) VALUES ($1, $2, $3, $4::jsonb)",
      [
        operation.taskId,
        sessionId,
        operation.running ? "running" : "queued",
        operation.start === null ? null : JSON.stringify(operation.start),
      ],
    );
  }

  async markRunning(taskId: string): Promise<void> {
    await this.manager.query("UPDATE session_operations SET state = 'running', start = NULL WHERE task_id = $1", [
      taskId,
    ]);
  }

  async remove(taskId: string): Promise<void> {
    await this.manager.query("DELETE FROM session_operations WHERE task_id = $1", [taskId]);
  }
}
