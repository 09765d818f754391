/**
 * npm run bench:soak: the load of bench:load held for minutes, watching the service's memory.
 *
 *   npm run bench:soak -- [--seconds 180] [--connections 20] [--interval 5] [--threshold 25]
 *                         [--url http://127.0.0.1:4000/graphql --pid 12345]
 *
 * Samples the service's resident memory (and, when this script started the service, its heap
 * after a full GC) every --interval seconds. After the warm-up (a fifth of the run, 10 to 60 s)
 * memory should stay on its plateau: the run fails when the end of the run is more than
 * --threshold percent (and 10 MB) above it, or when any request fails. Writes
 * bench/results/soak.json. Stops the service it started on exit, failure or Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { clean, fire, positiveInt, printSummary, summarise, writeResult } from './lib/cannon.ts';
import { AnswerTally, exampleMix, warmUp } from './lib/mix.ts';
import { type MemorySample, onExit, openService, runMain } from './lib/service.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    connections: { type: 'string' },
    interval: { type: 'string' },
    threshold: { type: 'string' },
    url: { type: 'string' },
    pid: { type: 'string' },
    'allow-remote': { type: 'boolean', default: false },
  },
});

/** Growth below this many MB is noise, whatever the percentage. */
const MIN_GROWTH_MB = 10;

interface Sample extends MemorySample {
  t: number;
  answered: number;
  bad: number;
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

interface Growth {
  plateauMb: number;
  endMb: number;
  percent: number;
  tooMuch: boolean;
}

/** The plateau: the highest sample of the warm-up's second half; the end: the last three's median. */
function growth(
  samples: Sample[],
  warmUpS: number,
  pick: (sample: Sample) => number | null,
  thresholdPercent: number,
): Growth | null {
  const plateauSamples = samples.filter((s) => s.t >= warmUpS / 2 && s.t <= warmUpS);
  const plateauValues = plateauSamples.map(pick).filter((v): v is number => v !== null);
  const endValues = samples
    .filter((s) => s.t > warmUpS)
    .slice(-3)
    .map(pick)
    .filter((v): v is number => v !== null);
  if (plateauValues.length === 0 || endValues.length === 0) return null;
  const plateauMb = Math.max(...plateauValues);
  const endMb = median(endValues);
  const percent = ((endMb - plateauMb) / plateauMb) * 100;
  return {
    plateauMb: Number(plateauMb.toFixed(1)),
    endMb: Number(endMb.toFixed(1)),
    percent: Number(percent.toFixed(1)),
    tooMuch: percent > thresholdPercent && endMb - plateauMb > MIN_GROWTH_MB,
  };
}

const mb = (value: number | null) => (value === null ? '-' : value.toFixed(1));

runMain(async () => {
  const seconds = positiveInt(values.seconds, '--seconds', 180);
  const connections = positiveInt(values.connections, '--connections', 20);
  const intervalS = positiveInt(values.interval, '--interval', 5);
  const threshold = positiveInt(values.threshold, '--threshold', 25);
  const pid = values.pid === undefined ? undefined : positiveInt(values.pid, '--pid', 0);
  const warmUpS = Math.min(60, Math.max(10, Math.round(seconds / 5)));
  if (seconds <= warmUpS + 2 * intervalS) {
    throw new Error(`--seconds must leave time after the ${warmUpS} s warm-up for a few samples`);
  }
  const service = await openService({
    url: values.url,
    pid,
    allowRemote: values['allow-remote'],
  });
  const mix = exampleMix();
  await warmUp(service.url, mix);
  if (!(await service.memory())) {
    console.log('(memory cannot be sampled: pass --pid with --url; only errors are checked)');
  }

  console.log(
    `\n${seconds} s over ${connections} connections to ${service.url}, the ${mix.length} ` +
      `example queries in turn; memory every ${intervalS} s, warm-up ${warmUpS} s\n`,
  );
  console.log(
    `${'t s'.padStart(5)} ${'RSS MB'.padStart(8)} ${'heap MB'.padStart(8)} ` +
      `${'Neo4j MB'.padStart(9)} ${'answered'.padStart(9)} ${'bad'.padStart(5)}`,
  );
  const tally = new AnswerTally();
  const samples: Sample[] = [];
  const started = Date.now();
  let sampling = Promise.resolve();
  const sample = () => {
    sampling = sampling.then(async () => {
      const memory = await service.memory();
      if (!memory) return;
      const row: Sample = {
        ...memory,
        t: Math.round((Date.now() - started) / 1000),
        answered: tally.answered,
        bad: tally.bad,
      };
      samples.push(row);
      console.log(
        `${String(row.t).padStart(5)} ${mb(row.rssMb).padStart(8)} ${mb(row.heapUsedMb).padStart(8)} ` +
          `${mb(row.neo4jRssMb).padStart(9)} ${String(row.answered).padStart(9)} ${String(row.bad).padStart(5)}`,
      );
    });
  };
  const timer = setInterval(sample, intervalS * 1000);
  onExit(async () => clearInterval(timer));
  const result = await fire({ url: service.url, mix, tally, connections, seconds });
  clearInterval(timer);
  await sampling;

  const summary = summarise(result, tally);
  console.log('');
  printSummary(summary, tally);
  const collected = samples.some((s) => s.collected);
  const rss = growth(samples, warmUpS, (s) => s.rssMb, threshold);
  const heap = collected ? growth(samples, warmUpS, (s) => s.heapUsedMb, threshold) : null;
  const describe = (name: string, g: Growth | null) =>
    g
      ? `${name} plateau ${g.plateauMb} MB, end ${g.endMb} MB (${g.percent >= 0 ? '+' : ''}${g.percent}%, limit +${threshold}%)${g.tooMuch ? '  TOO MUCH' : ''}`
      : `${name} not sampled`;
  console.log(describe('RSS ', rss));
  if (collected) console.log(describe('heap', heap));

  await writeResult('soak.json', {
    when: new Date().toISOString(),
    node: process.version,
    url: service.url.href,
    startedService: service.started,
    seconds,
    connections,
    warmUpS,
    thresholdPercent: threshold,
    ...summary,
    rss,
    heapAfterGc: heap,
    samples: samples.map(({ t, rssMb, heapUsedMb, neo4jRssMb, answered, bad }) => ({
      t,
      rssMb: Number(rssMb.toFixed(1)),
      heapUsedMb: heapUsedMb === null ? null : Number(heapUsedMb.toFixed(1)),
      neo4jRssMb: neo4jRssMb === null ? null : Number(neo4jRssMb.toFixed(1)),
      answered,
      bad,
    })),
  });
  const grew = rss?.tooMuch === true || heap?.tooMuch === true;
  if (!clean(summary)) console.error('\nFAILED: some requests did not get a good answer.');
  if (grew) console.error('\nFAILED: memory kept growing after the warm-up.');
  return clean(summary) && !grew ? 0 : 1;
});
