/** What the `coprsim` command's exit status means; printed by `--help` and described in the README. */
export const ExitCode = {
  SUCCESS: 0,
  API_REFUSED: 1,
  USAGE: 2,
  TASK_FAILED: 3,
  SERVICE_UNREACHABLE: 4,
  NOT_LOGGED_IN: 5,
  UNEXPECTED: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_MEANINGS: readonly (readonly [ExitCode, string])[] = [
  [ExitCode.SUCCESS, "success"],
  [ExitCode.API_REFUSED, "the API refused the request (its ViPR error code, description and details are printed)"],
  [ExitCode.USAGE, "usage error: a missing or invalid option, or a name that matches no resource or several"],
  [ExitCode.TASK_FAILED, "the task ended in error (its service_error is printed)"],
  [ExitCode.SERVICE_UNREACHABLE, "cannot reach the service, or it answered 503 (unavailable)"],
  [ExitCode.NOT_LOGGED_IN, "not logged in, the token expired, or the credentials were refused (401)"],
  [ExitCode.UNEXPECTED, "an unexpected failure of the command itself"],
];

export function exitCodesHelp(): string {
  return [
    "Exit codes:",
    ...EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${String(code).padStart(2)}  ${meaning}`),
  ].join("\n");
}
