// What every script does with its command line before anything else, on Node's own parseArgs: --help (or -h)
// prints its help and exits 0; an option it does not know, an option without its value, or too many or too few
// arguments print what is wrong and the help and exit 2, so a typo (--forse) never runs a build.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O & typeof HELP_OPTION; allowPositionals: true }>>;

/** Prints what is wrong with the command line, then the help, and exits 2. */
export function usageError(command: string, problem: string, help: string): never {
  console.error(`${command}: ${problem}\n\n${help}`);
  process.exit(2);
}

export function scriptArgs<const O extends Options = Record<never, never>>(
  command: string,
  help: string,
  { options, positionals: [min, max] = [0, 0], usage = help }: { options?: O; positionals?: [number, number]; usage?: string } = {},
): Parsed<O> {
  const args = process.argv.slice(2);
  // Asked for help, a script gives it, whatever else the command line holds.
  if (args.includes('--help') || args.includes('-h')) {
    console.log(help);
    process.exit(0);
  }
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options: { ...(options ?? ({} as O)), ...HELP_OPTION }, allowPositionals: true, strict: true }) as Parsed<O>;
  } catch (error) {
    const unknown = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /'([^']+)'/.exec((error as Error).message)?.[1];
    return usageError(command, unknown ? `unknown option ${unknown}` : (error as Error).message, usage);
  }
  const given = parsed.positionals.length;
  if (given > max) usageError(command, `unexpected argument ${parsed.positionals[max]}`, usage);
  if (given < min) usageError(command, min === 1 && max === 1 ? 'name one argument (see the usage below)' : `needs at least ${min} argument${min === 1 ? '' : 's'}`, usage);
  return parsed;
}
