/*
 * Reading a family's settings from the storage system's `settings` bag. A bad value is a
 * configuration error that names the key; families export their parsers so that the
 * registration of a storage system can refuse it up front.
 */

export class InvalidArraySetting extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`storage system setting ${key} must be ${expected}, not ${JSON.stringify(value)}`);
    this.name = "InvalidArraySetting";
  }
}

type Settings = Readonly<Record<string, unknown>>;

export function positiveIntegerSetting(settings: Settings, key: string, fallback: number): number {
  const value = settings[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1) return value;
  throw new InvalidArraySetting(key, value, "a whole number ≥ 1");
}

export function booleanSetting(settings: Settings, key: string, fallback: boolean): boolean {
  const value = settings[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === "boolean") return value;
  throw new InvalidArraySetting(key, value, "true or false");
}

export function oneOfSetting<T extends string>(settings: Settings, key: string, allowed: readonly T[], fallback: T): T {
  const value = settings[key];
  if (value === undefined || value === null) return fallback;
  const found = allowed.find((candidate) => candidate === value);
  if (found !== undefined) return found;
  throw new InvalidArraySetting(key, value, `one of ${allowed.join("|")}`);
}
