/** The small builders every part of the OpenAPI description (server/openapi/*.ts) writes its schemas with. */

/** A JSON object of the description (OpenAPI's own JSON Schema dialect). */
export type OpenApiObject = Record<string, unknown>;

/** A reference to a schema under components.schemas. */
export const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

export const nullableString: OpenApiObject = { type: ['string', 'null'] };

/** `schema` or null. */
export const nullable = (schema: OpenApiObject): OpenApiObject => ({ oneOf: [{ type: 'null' }, schema] });

/** An object schema; every property is required unless `required` says otherwise. */
export const object = (properties: Record<string, OpenApiObject>, required = Object.keys(properties)): OpenApiObject => ({ type: 'object', required, properties });

/** A JSON response. */
export const json = (schema: OpenApiObject, description: string): OpenApiObject => ({ description, content: { 'application/json': { schema } } });

/** An `{"error": "..."}` response (components.schemas.Error). */
export const errorResponse = (description: string): OpenApiObject => json(ref('Error'), description);
