import { pageHeader, section } from "../dom.js";
import { taskTable } from "./task-table.js";

/** How many of the tenant's tasks the page shows. */
const RECENT_TASKS = 50;

/** The latest tasks of the user's tenant, newest first. */
export async function tasksPage(api) {
  const { task: tasks = [] } = await api.get(`/vdc/tasks?max_count=${RECENT_TASKS}`);
  return {
    title: "Tasks",
    sections: [
      pageHeader([["Tasks"]], "Tasks"),
      section("tasks-heading", "Your tenant's latest tasks", taskTable(tasks, { withResource: true })),
    ],
  };
}
