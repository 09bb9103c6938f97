/**
 * TypeScript types of the schema's custom scalars (codegen.ts maps them in the generated code).
 *
 * `JSON` carries several shapes (specs, labels, drift details, audit snapshots, operation
 * details), so it is typed as any JSON value; fields with a known shape get a parser next to
 * their feature (e.g. `resources/drift.ts`) instead of casts.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/** `DateTime`: an RFC 3339 timestamp string. */
export type DateTime = string;

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
