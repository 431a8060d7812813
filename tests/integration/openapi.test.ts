import { Validator } from '@seriousme/openapi-schema-validator';
import { latestSchemaVersion } from '../../data/db.js';
import { getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

describe('OpenAPI description', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  beforeAll(async () => {
    t = tempDb();
    t.db.close();
    server = await serveDb(t.path);
  });
  afterAll(async () => {
    await server.close();
    t.cleanup();
  });

  test('is served at /api/openapi.json and is a valid OpenAPI 3.1 document', async () => {
    const { status, body } = await getJson(server.url, '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(body.paths)).toContain('/api/health');
  });

  test('GET /api/health answers with the schema version and the number of loaded sources', async () => {
    const { status, body } = await getJson(server.url, '/api/health');
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, schemaVersion: latestSchemaVersion(), sourcesLoaded: 0 });
  });

  test('unknown API routes are a JSON 404', async () => {
    const { status, body } = await getJson(server.url, '/api/nope');
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'API route GET /api/nope not found' });
  });
});
