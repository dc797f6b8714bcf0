import { Task, type TaskRecordState, type TaskState } from "../../../domain/tasks/task.js";
import { TaskRecord } from "../records/task.record.js";

export const TaskMapper = {
  toRecord(task: Task): TaskRecord {
    const state = task.toState();
    return Object.assign(new TaskRecord(), {
      id: state.id,
      opId: state.opId,
      name: state.name,
      description: state.description,
      resourceType: state.resource.type,
      resourceId: state.resource.id,
      resourceName: state.resource.name,
      tenantId: state.tenantId,
      associated: state.associatedResources.map(({ type, id, name }) => ({ type, id, name })),
      state: state.state,
      message: state.message,
      progress: state.progress,
      serviceError: state.serviceError === null ? null : { ...state.serviceError },
      startTime: state.startTime,
      endTime: state.endTime,
      queuedStartTime: state.queuedStartTime,
      version: state.version,
      inactive: false,
      creationTime: state.startTime,
    });
  },

  toDomain(record: TaskRecord): Task {
    const state: TaskRecordState = {
      id: record.id,
      opId: record.opId,
      name: record.name,
      description: record.description,
      resource: { type: record.resourceType, id: record.resourceId, name: record.resourceName },
      tenantId: record.tenantId,
      associatedResources: record.associated,
      state: record.state as TaskState,
      message: record.message,
      progress: record.progress,
      serviceError: record.serviceError,
      startTime: record.startTime,
      endTime: record.endTime,
      queuedStartTime: record.queuedStartTime,
      version: record.version,
    };
    return Task.rehydrate(state);
  },
};
