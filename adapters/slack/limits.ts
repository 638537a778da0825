/**
 * Slack's message limits (chat-platforms.md §0/§1). Exceeding a hard one gets the message rejected
 * (`invalid_blocks`, `msg_blocks_too_long`), so the renderer splits before it gets there.
 */
export interface SlackLimits {
  /** Blocks per message (hard: 50). */
  blocksPerMessage: number;
  /** Characters of a section's text (hard: 3,000). */
  sectionText: number;
  /** Fields per section (hard: 10) and characters per field (hard: 2,000). */
  fieldsPerSection: number;
  fieldText: number;
  /** Header text (hard: 150, plain text). */
  headerText: number;
  /**
   * Cumulative block text per message. Slack rejects messages at about 12–13k characters even under 50
   * blocks (undocumented; bolt-js#2509, #2867), so stay well below.
   */
  textBudget: number;
  /** The top-level `text` fallback (notifications, screen readers): Slack recommends ≤ 4,000. */
  fallbackText: number;
  /** Elements per actions block (hard: 25). */
  actionsPerBlock: number;
  /**
   * Thread replies beyond which the report goes up as a file instead: each reply is a post at about
   * one per second per channel, and a thread of dozens of parts helps nobody.
   */
  maxThreadParts: number;
  /**
   * Widest table printed as a code block; a wider one (`certs 400`: 205 columns) goes in the attached
   * file, since a phone wraps every row into noise.
   */
  wideTable: number;
}

export const SLACK_LIMITS: SlackLimits = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  textBudget: 10_000,
  fallbackText: 4000,
  actionsPerBlock: 25,
  maxThreadParts: 8,
  wideTable: 80,
};
