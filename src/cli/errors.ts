// Mistakes the user can fix, printed without a stack. Exit statuses, as the README documents them:
// 1 for content or input errors (the files are wrong), 2 for usage errors (the command line or the
// environment is wrong).
export const EXIT = { ok: 0, input: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
  ) {
    super(message);
    this.name = "CliError";
  }

  static usage(message: string): CliError {
    return new CliError(message, EXIT.usage);
  }
}
