/** One `mirage` sub-command. Each lives in its own file under commands/. */
export interface Command {
  name: string;
  /** One line for `mirage --help`. */
  summary: string;
  /** Full usage text for `mirage <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throwing prints the message and exits 1. */
  run(args: string[]): Promise<number>;
}
