import type { EntityManager } from "typeorm";
import type { SourceLinkUsage, SourceVolumeLocks } from "../../../application/ports/repositories.js";
import { InvariantViolation } from "../../../domain/shared/service-error.js";

/** Row locks on source volumes; see the port. Must run inside a transaction. */
export class TypeOrmSourceVolumeLocks implements SourceVolumeLocks {
  constructor(private readonly manager: EntityManager) {}

  /** Throws InvariantViolation when the volume does not exist (a session never outlives its source row). */
  async lockForLinking(sourceVolumeId: string): Promise<SourceLinkUsage> {
    const locked: { name: string }[] = await this.manager.query("SELECT name FROM volumes WHERE id = $1 FOR UPDATE", [
      sourceVolumeId,
    ]);
    const volume = locked[0];
    if (volume === undefined) throw new InvariantViolation(`source volume ${sourceVolumeId} does not exist`);

    // Read after the lock: under READ COMMITTED each statement sees what committed before it.
    const [counts]: { targets: number; sessions: number; being_linked: number }[] = await this.manager.query(
      `SELECT
         (SELECT count(*)::int FROM linked_targets t JOIN snapshot_sessions s ON s.id = t.session_id
           WHERE t.source_volume_id = $1 AND NOT t.inactive AND NOT s.inactive) AS targets,
         (SELECT count(*)::int FROM snapshot_sessions WHERE NOT inactive AND (source_volume_id = $1
             OR members @> jsonb_build_array(jsonb_build_object('volumeId', $1::text)))) AS sessions,
         (SELECT count(*)::int FROM linked_targets
           WHERE source_volume_id = $1 AND NOT inactive AND replica_state <> 'SYNCHRONIZED') AS being_linked`,
      [sourceVolumeId],
    );
    const labels: { label: string }[] = await this.manager.query(
      `SELECT label FROM snapshot_sessions WHERE NOT inactive AND (source_volume_id = $1
         OR members @> jsonb_build_array(jsonb_build_object('volumeId', $1::text)))
       UNION ALL
       SELECT coalesce(snapset_label, label) FROM linked_targets WHERE source_volume_id = $1 AND NOT inactive`,
      [sourceVolumeId],
    );
    return {
      sourceVolumeName: volume.name,
      linkedOrLinkingTargets: counts?.targets ?? 0,
      activeSessions: counts?.sessions ?? 0,
      targetsBeingLinked: counts?.being_linked ?? 0,
      labelsInUse: labels.map((row) => row.label),
    };
  }
}
