import { z } from 'zod';
import { type EventVersion, eventDataSchema, eventEnvelopeSchema, eventVersions } from './schemas';

export type JsonSchema = z.core.JSONSchema.JSONSchema;

const UTC_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

/** The name of an event version's envelope schema (`OrderCreatedV1`); its data's adds `Data`. */
export const eventSchemaName = ({ type, version }: EventVersion): string => `${type}V${version}`;

/**
 * Every event version as JSON Schema (draft-07, the dialect AsyncAPI 3.0 payloads default to),
 * from the zod schemas of the registry: `OrderCreatedV1` is the whole envelope a partner
 * receives, whose `data` refers to `OrderCreatedV1Data`. `refOf` says where a name is found in
 * the document that embeds them (`#/components/schemas/<name>` in AsyncAPI).
 *
 * Schemas are of the input, so objects leave `additionalProperties` open: within a version the
 * shop may add fields, and a consumer's validator must not refuse them.
 */
export function eventJsonSchemas(refOf: (name: string) => string): Record<string, JsonSchema> {
  const named = z.registry<{ id: string }>();
  for (const event of eventVersions()) {
    const data = eventDataSchema(event.type, event.version);
    if (data) named.add(data, { id: `${eventSchemaName(event)}Data` });
    named.add(eventEnvelopeSchema(event.type, event.version), { id: eventSchemaName(event) });
  }
  const { schemas } = z.toJSONSchema(named, {
    target: 'draft-07',
    io: 'input',
    uri: refOf,
    // zod spells "ISO 8601 in UTC" as a 400-character regex that checks the calendar too; the
    // format says the rest, so readers get the short form that still insists on the `Z`.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time') jsonSchema.pattern = UTC_DATE_TIME;
    },
  });
  // Each comes out as a document of its own ($schema, and an $id that is really a location);
  // embedded in another document they are plain schemas.
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _dialect, $id: _location, ...schema }]) => [name, schema]),
  );
}
