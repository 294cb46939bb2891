import type { Command } from './command.ts';
import { analyze } from './commands/analyze.ts';
import { bundleCommand } from './commands/bundle.ts';
import { generateCommand } from './commands/generate.ts';
import { inspect } from './commands/inspect.ts';
import { qualityCommand } from './commands/quality.ts';
import { studyCommand } from './commands/study.ts';

// Each command registers here; keep the list alphabetical.
const commands: Command[] = [analyze, bundleCommand, generateCommand, inspect, qualityCommand, studyCommand];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'Usage: mirage <command> [options]',
    '',
    'Mirage: blinded visual Turing tests of synthetic medical images.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `mirage <command> --help` for a command\'s options.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`mirage: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    console.error(`mirage ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
