import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import addFormats from 'ajv-formats';

/** Versions whose Adaptive Card schema is vendored in test/fixtures/schemas (see SOURCE.md there). */
export const SCHEMA_VERSIONS = ['1.2', '1.4'] as const;

const validators = new Map<string, ValidateFunction>();

function validator(version: string): ValidateFunction | undefined {
  if (!(SCHEMA_VERSIONS as readonly string[]).includes(version)) return undefined;
  let validate = validators.get(version);
  if (!validate) {
    const file = new URL(`../../fixtures/schemas/adaptive-card-${version}.json`, import.meta.url);
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // Draft-06 with the schema's own annotations (`version`, `features`): not strict about keywords.
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    addFormats.default(ajv);
    const { id: _id, ...rest } = schema;
    validate = ajv.compile(rest);
    validators.set(version, validate);
  }
  return validate;
}

/**
 * The problems of a card against the schema of the version it declares (none: valid). Teams' own
 * `msteams` property is a host extension the schema does not know, so it is left out.
 */
export function cardProblems(card: unknown): string[] {
  const { msteams: _teams, ...rest } = card as { version?: string; msteams?: unknown };
  const version = String(rest.version);
  const validate = validator(version);
  if (!validate) return [`no vendored schema for version ${version}`];
  if (validate(rest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
