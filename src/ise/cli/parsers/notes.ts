/**
 * Every parser result carries these. Parsers never throw: a missing piece becomes undefined or empty, and
 * `warnings` says what was expected and not found, so a command can tell the admin rather than guess.
 */
export interface ParseNotes {
  /** False when the text does not look like the command's output at all (empty, an error, another command). */
  readonly recognised: boolean;
  readonly warnings: readonly string[];
}
