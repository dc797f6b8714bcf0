/** Where the queue dashboard is served; it checks its callers itself (SYSTEM_ADMIN only). */
export const QUEUE_DASHBOARD_PATH = "/admin/queues";

export function isQueueDashboardUrl(url: string): boolean {
  return url === QUEUE_DASHBOARD_PATH || url.startsWith(`${QUEUE_DASHBOARD_PATH}/`);
}
