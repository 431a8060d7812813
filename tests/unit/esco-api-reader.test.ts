import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { IngestError } from '../../data/errors.js';
import { fetchEscoApi, politeScheduler, resourceUrl } from '../../ingest/esco-api/fetch.js';
import { escoApiSourceType } from '../../ingest/esco-api/source-type.js';
import { parseEscoApi, toResource, type EscoApiWalk } from '../../ingest/esco-api/parse.js';
import { escoApiRoutes, sampleApiDir } from '../fixtures/esco-sources/sample.js';
import { reply, startReplay } from '../replay/server.js';

const E = 'http://data.europa.eu/esco/';
const O1 = `${E}occupation/18e14e61-495b-44cc-a7c6-df4c625934ba`;
const O2 = `${E}occupation/36494988-69d2-4420-9db4-eb56605ac983`;
const O3 = `${E}occupation/5c4b4c0e-7d1f-4a4b-9a63-2f0e2b8c3d11`;
const S3 = `${E}skill/001115fb-569f-4ee6-8381-c6807ef2527f`;
const S4 = `${E}skill/b729d6bc-326b-46cd-aa63-ea280024b116`;

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(sampleApiDir, `${name}.json`), 'utf8'));

/** The sample's answers sorted into pillars by file name, as the walk would. */
function sampleWalk(languages: string[]): EscoApiWalk {
  const files = readdirSync(sampleApiDir).map((f) => f.replace(/\.json$/, ''));
  const groups = ['skill_8f1c4a52-3e7a-4c5e-9a0e-1b2c3d4e5f60', 'skill_73e602a0-f80f-4f56-8e21-3db4fd08709d', 'skill_c46fcb45-5c14-4ffa-abed-5a43f104bb22'];
  return {
    version: 'v1.1.1',
    languages,
    iscoGroups: files.filter((f) => f.startsWith('isco_')).map(fixture),
    occupations: files.filter((f) => f.startsWith('occupation_')).map(fixture),
    skillGroups: groups.map(fixture),
    skills: files.filter((f) => f.startsWith('skill_') && !groups.includes(f)).map(fixture),
  };
}

describe('ESCO API parse (HAL+JSON -> ParsedEsco)', () => {
  const parsed = parseEscoApi(sampleWalk(['en', 'fr']));

  test('an occupation: code, ISCO group, regulated note, texts in both languages', () => {
    const o1 = parsed.occupations.find((o) => o.uri === O1)!;
    expect(o1).toEqual({
      uri: O1,
      code: '2221.3',
      iscoGroup: '2221',
      status: 'released',
      modifiedDate: '2016-10-25T14:33:49Z',
      regulatedProfessionNote: `${E}regulated-professions/regulated`,
      texts: {
        en: {
          preferredLabel: 'specialist nurse',
          altLabels: ['nurse specialist', 'specialised nurse'],
          hiddenLabels: [],
          description: 'Specialist nurses promote and restore patients\' health, "specialised" in a field of nursing,\nsuch as cardiology or paediatrics.',
          definition: null,
          scopeNote: 'Excludes general care nurses.',
        },
        fr: {
          preferredLabel: 'infirmier spécialisé/infirmière spécialisée',
          altLabels: ['infirmière spécialisée', 'infirmier spécialisé'],
          hiddenLabels: [],
          description: 'Les infirmiers spécialisés promeuvent et rétablissent la santé des patients.',
          definition: null,
          scopeNote: null,
        },
      },
    });
  });

  test('a narrower occupation keeps its ISCO unit group but its broader row is the parent occupation only', () => {
    expect(parsed.occupations.find((o) => o.uri === O3)!.iscoGroup).toBe('2221');
    expect(parsed.broader.filter((b) => b.conceptUri === O3)).toEqual([{ conceptUri: O3, conceptType: 'Occupation', broaderUri: O2, broaderType: 'Occupation' }]);
  });

  test('skills: type and reuse level in the CSV spelling; relations typed; skill-skill relations', () => {
    const s3 = parsed.skills.find((s) => s.uri === S3)!;
    expect([s3.skillType, s3.reuseLevel, s3.texts.en!.hiddenLabels]).toEqual(['skill/competence', 'transversal', ['self starter', 'initiative']]);
    expect(parsed.occupationSkills.filter((r) => r.occupationUri === O2)).toEqual([
      { occupationUri: O2, skillUri: `${E}skill/1023ac61-250f-4eef-b7a9-238cf071685f`, relationType: 'essential', skillType: 'skill/competence' },
      { occupationUri: O2, skillUri: S4, relationType: 'optional', skillType: 'knowledge' },
    ]);
    expect(parsed.skillSkillRelations).toHaveLength(2);
    expect(parsed.broader.filter((b) => b.conceptUri === S4).map((b) => b.broaderType).sort()).toEqual(['KnowledgeSkillCompetence', 'SkillGroup']);
  });

  test('the skill pillar top levels come from the skill groups: S (0) > S3 (1), K (0)', () => {
    expect(parsed.skillsHierarchy!.map((h) => [h.code, h.level, h.parentUri]).sort()).toEqual([
      ['K', 0, null],
      ['S', 0, null],
      ['S3', 1, `${E}skill/8f1c4a52-3e7a-4c5e-9a0e-1b2c3d4e5f60`],
    ]);
  });

  test('only the languages asked for are kept', () => {
    const en = parseEscoApi(sampleWalk(['en']));
    expect(en.languages).toEqual(['en']);
    expect(Object.keys(en.occupations[0]!.texts)).toEqual(['en']);
  });

  test('a body that is not an ESCO resource is an invalid-data error naming where it came from', () => {
    expect(() => toResource({ _embedded: { results: [] } }, 'https://x/resource/skill?uri=a')).toThrow(/resource\/skill\?uri=a: not an ESCO API resource \(uri: /);
    try {
      toResource([], 'here');
    } catch (err) {
      expect((err as IngestError).kind).toBe('invalid');
    }
  });
});

describe('ESCO API walk (fetch)', () => {
  test('resource URLs pin the version and language', () => {
    expect(resourceUrl('https://ec.europa.eu/esco/api/', 'occupation', O1, 'fr', 'v1.2.0')).toBe(
      'https://ec.europa.eu/esco/api/resource/occupation?uri=http%3A%2F%2Fdata.europa.eu%2Fesco%2Foccupation%2F18e14e61-495b-44cc-a7c6-df4c625934ba&language=fr&selectedVersion=v1.2.0',
    );
  });

  test('the scheduler never runs more tasks at once than its limit', async () => {
    const schedule = politeScheduler(2, 0);
    let active = 0;
    let most = 0;
    const task = () =>
      schedule(async () => {
        active++;
        most = Math.max(most, active);
        await new Promise((ok) => setImmediate(ok));
        active--;
      });
    await Promise.all(Array.from({ length: 9 }, task));
    expect(most).toBe(2);
  });

  test('walks the ISCO tree and the skills hierarchy with at most 2 requests in flight', async () => {
    // A server that counts requests open at once (each answer is held back a little so they could pile up).
    const files = new Map(escoApiRoutes().map((r) => [r.query!.uri!, (r.replies as { file: string }).file]));
    let open = 0;
    let most = 0;
    const asked: string[] = [];
    const server = createServer((req, res) => {
      open++;
      most = Math.max(most, open);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      asked.push(`${url.searchParams.get('uri')} ${url.searchParams.get('selectedVersion')}`);
      setTimeout(() => {
        open--;
        const file = files.get(url.searchParams.get('uri') ?? '');
        if (!file) res.writeHead(404).end('{}');
        else res.writeHead(200, { 'Content-Type': 'application/hal+json' }).end(readFileSync(file));
      }, 10);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const { port } = server.address() as AddressInfo;
      const walk = await fetchEscoApi({ baseUrl: `http://127.0.0.1:${port}/esco/api`, version: 'v1.1.1', languages: ['en', 'fr'], concurrency: 2, minIntervalMs: 0 });
      expect([walk.iscoGroups.length, walk.occupations.length, walk.skillGroups.length, walk.skills.length]).toEqual([4, 3, 3, 4]);
      expect(walk.occupations.map((o) => (o as { uri: string }).uri)).toEqual([O1, O2, O3]);
      expect(asked).toHaveLength(16);
      expect(asked.every((a) => a.endsWith(' v1.1.1'))).toBe(true);
      // The two top-concept requests go out together, so the limit is reached, and never passed.
      expect(most).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });

  test('a linked resource answering 404 fails the run with the URL in the message', async () => {
    const routes = escoApiRoutes().filter((r) => r.query!.uri !== S3);
    const replay = await startReplay(routes);
    try {
      const err = await fetchEscoApi({ baseUrl: `${replay.url}/esco/api`, version: 'v1.1.1', minIntervalMs: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).kind).toBe('http_status');
      expect((err as IngestError).message).toContain(encodeURIComponent(S3));
    } finally {
      await replay.close();
    }
  });

  test('an answer cut off mid-JSON fails the run as truncated, with the URL', async () => {
    const replay = await startReplay([{ path: /\/resource\//, replies: reply.text('{"uri": "http://data.europa.eu/esco/', 'application/hal+json') }]);
    try {
      const err = await fetchEscoApi({ baseUrl: `${replay.url}/esco/api`, version: 'v1.1.1', minIntervalMs: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).kind).toBe('truncated');
      // Whichever of the two top-concept requests (ISCO, skills hierarchy) is answered first is reported.
      expect((err as IngestError).message).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/esco\/api\/resource\/taxonomy\?uri=http%3A%2F%2Fdata\.europa\.eu%2Fesco%2Fconcept-scheme%2F(isco|skills-hierarchy)&language=en&selectedVersion=v1\.1\.1: the JSON ends before it is complete \(36 characters; Unterminated string in JSON at position 36\)$/,
      );
    } finally {
      await replay.close();
    }
  });

  test('an HTML page instead of JSON is reported as such', async () => {
    const replay = await startReplay([{ path: /\/resource\//, replies: reply.html() }]);
    try {
      await expect(fetchEscoApi({ baseUrl: `${replay.url}/esco/api`, minIntervalMs: 0 })).rejects.toMatchObject({ kind: 'html' });
    } finally {
      await replay.close();
    }
  });
});

describe('esco-api as a configured source', () => {
  test('validates its options and plans one "esco" unit', () => {
    expect(() => escoApiSourceType.plan('eu', { type: 'esco-api', enabled: true, version: '1.2' })).toThrow(/^config source 'eu' \(esco-api\):.*version: an ESCO version such as "v1\.2\.0"/s);
    expect(() => escoApiSourceType.plan('eu', { type: 'esco-api', enabled: true, concurrency: 100 })).toThrow(/concurrency/);
    expect(escoApiSourceType.plan('eu', { type: 'esco-api', enabled: true, version: 'v1.2.0', languages: ['en', 'fr'] }).map((u) => u.source)).toEqual(['esco']);
  });
});
