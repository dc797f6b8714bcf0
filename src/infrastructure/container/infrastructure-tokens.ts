/** Tokens of infrastructure resources that several container modules share. */
export const CONFIG = Symbol("Config");
export const LOGGER = Symbol("Logger");
export const DATA_SOURCE = Symbol("DataSource");
export const QUEUE_BACKEND = Symbol("QueueBackend");
export const AUTH_STORE = Symbol("AuthStore");
export const OUTBOX_STORE = Symbol("OutboxStore");
export const STEP_REGISTRY = Symbol("StepRegistry");
