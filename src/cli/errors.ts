// A mistake the user can fix (bad flag, invalid content): printed without a stack, exit status 1.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}
