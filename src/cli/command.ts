/** The shape every CLI command module exports: a name, help text and a runner returning the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
