/**
 * ISE's repository-name rule as the OpenAPI states it (ise-rest-api.md §7d): `[A-Za-z0-9_.-]`, under
 * 80 characters. Every name that reaches a CLI line is checked against it, wherever it came from
 * (config, chat, or ISE's own API), so nothing can add words or lines to the command.
 */
export const REPOSITORY_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
