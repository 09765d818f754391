import { type AuditResult, serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const app = testApp(useTestDatabase());

/** Sends the audit's requests to the app itself, without opening a port. */
const fetchFn = (url: string, init: RequestInit = {}): Promise<Response> =>
  Promise.resolve(app.fetch(url, init));

const audits = serverAudits({ url: 'http://dossier/graphql', fetchFn });

async function describeFailure(result: AuditResult): Promise<string> {
  if (result.status === 'ok') return '';
  const body = await result.response.text().catch(() => '(unreadable body)');
  return `${result.reason}\nstatus ${result.response.status}, content-type ${result.response.headers.get('content-type')}\nbody: ${body.slice(0, 500)}`;
}

// The GraphQL-over-HTTP spec's MUST and SHOULD are requirements here; a MAY is only reported.
describe('GraphQL over HTTP conformance (graphql-http server audits)', () => {
  for (const audit of audits) {
    const optional = audit.name.startsWith('MAY');
    it(`${audit.id}: ${audit.name}`, async () => {
      const result = await audit.fn();
      const failure = await describeFailure(result);
      if (optional) {
        if (failure) console.info(`[audit ${audit.id}] optional, not met: ${failure}`);
        return;
      }
      expect(failure, audit.name).toBe('');
    });
  }
});

// The audits' coercion documents leave $id unused, which validation refuses before any variable
// is coerced: these two ask the same with the variable in use, so coercion really fails.
describe('variable coercion failures, with the variable in use', () => {
  const coercionFailure = (accept: string) =>
    app.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({
        query: 'query CoerceFailure($id: ID!) { node(id: $id) { id } }',
        variables: { id: null },
      }),
    });

  it('7B9B, variable in use: SHOULD use a status code of 200 on variable coercion failure when accepting application/json', async () => {
    const response = await coercionFailure('application/json');
    const body = await response.text();
    expect(body).toContain('$id');
    expect(response.status, body).toBe(200);
  });

  it('86EE, variable in use: SHOULD use a status code of 400 on variable coercion failure when accepting application/graphql-response+json', async () => {
    const response = await coercionFailure('application/graphql-response+json');
    const body = await response.text();
    expect(body).toContain('$id');
    expect(response.status, body).toBe(400);
  });
});
