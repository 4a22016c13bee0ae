/** The "Examples:" block every command's help ends with (`ledger <command> --help`). */
export function examplesHelp(...commands: readonly string[]): string {
  return `\nExamples:\n${commands.map((command) => `  $ ${command}`).join('\n')}`;
}
