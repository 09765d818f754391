/**
 * npm run bench:load: many concurrent requests on the example queries of schema/examples/, in
 * turn, every answer checked (HTTP 200, JSON, data and no errors).
 *
 *   npm run bench:load -- [--requests 10000] [--connections 50] [--url http://127.0.0.1:4000/graphql]
 *
 * Without --url it starts the service (and its embedded Neo4j, in a temporary folder, or the
 * Neo4j of NEO4J_URI) and stops it on exit, failure or Ctrl-C. Writes bench/results/load.json;
 * exits 1 when any request failed.
 */
import { parseArgs } from 'node:util';
import { clean, fire, positiveInt, printSummary, summarise, writeResult } from './lib/cannon.ts';
import { AnswerTally, exampleMix, warmUp } from './lib/mix.ts';
import { openService, runMain } from './lib/service.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string' },
    connections: { type: 'string' },
    url: { type: 'string' },
    'allow-remote': { type: 'boolean', default: false },
  },
});

runMain(async () => {
  const requests = positiveInt(values.requests, '--requests', 10_000);
  const connections = positiveInt(values.connections, '--connections', 50);
  if (connections > requests) throw new Error('--connections must not exceed --requests');
  const service = await openService({ url: values.url, allowRemote: values['allow-remote'] });
  const mix = exampleMix();
  await warmUp(service.url, mix);

  console.log(
    `\n${requests} requests over ${connections} connections to ${service.url}, ` +
      `the ${mix.length} example queries in turn...`,
  );
  const tally = new AnswerTally();
  const result = await fire({ url: service.url, mix, tally, connections, amount: requests });
  const summary = summarise(result, tally);
  const memory = await service.memory();
  printSummary(summary, tally);
  if (memory) {
    console.log(
      `service RSS   ${memory.rssMb.toFixed(0)} MB${
        memory.heapUsedMb !== null ? `, heap ${memory.heapUsedMb.toFixed(0)} MB` : ''
      }${memory.neo4jRssMb !== null ? `; Neo4j RSS ${memory.neo4jRssMb.toFixed(0)} MB` : ''}`,
    );
  }
  await writeResult('load.json', {
    when: new Date().toISOString(),
    node: process.version,
    url: service.url.href,
    startedService: service.started,
    requests,
    connections,
    examples: mix.map((entry) => entry.name),
    ...summary,
    serviceRssMb: memory ? Math.round(memory.rssMb) : null,
    serviceHeapMb: memory?.heapUsedMb != null ? Math.round(memory.heapUsedMb) : null,
    neo4jRssMb: memory?.neo4jRssMb != null ? Math.round(memory.neo4jRssMb) : null,
  });
  const ok = clean(summary) && summary.answered === requests;
  if (!ok) console.error('\nFAILED: some requests did not get a good answer (see above).');
  return ok ? 0 : 1;
});
