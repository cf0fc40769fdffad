// What every script does with its command line before anything else: --help (or -h) prints its help and exits 0;
// an option it does not know prints the error and the help and exits 2, so a typo (--forse) never runs a build.
export function scriptArgs(command: string, help: string, { flags = [], positionals = 0 }: { flags?: string[]; positionals?: number } = {}): string[] {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(help);
    process.exit(0);
  }
  const unknown = args.find((a) => a.startsWith('-') && !flags.includes(a));
  const extra = args.filter((a) => !a.startsWith('-')).length > positionals;
  if (unknown || extra) {
    console.error(`${command}: ${unknown ? `unknown option ${unknown}` : `unexpected argument ${args.filter((a) => !a.startsWith('-'))[positionals]}`}\n\n${help}`);
    process.exit(2);
  }
  return args.filter((a) => !a.startsWith('-'));
}
