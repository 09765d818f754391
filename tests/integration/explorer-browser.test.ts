import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId, testApp } from '../helpers/app.ts';
import { CHROMIUM, haveChromium, launchChromium, serveOnLoopback } from '../helpers/browser.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { ensureExplorerBuilt } from '../helpers/explorer-build.ts';

if (!haveChromium) {
  console.warn(
    `Skipping the explorer's browser tests: no Chromium at ${CHROMIUM}. ` +
      'Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).',
  );
}
const SCREENSHOTS = 'test-results/screenshots';
const DRAWN_MARK = 'explorer:graph-drawn';

const db = useTestDatabase();
let server: Server | undefined;
let browser: Browser | undefined;
let base = '';

beforeAll(async () => {
  if (!haveChromium) return;
  await ensureExplorerBuilt();
  await mkdir(SCREENSHOTS, { recursive: true });
  ({ server, base } = await serveOnLoopback(testApp(db)));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A fresh page (empty cache) that records every request that would leave this machine. */
async function openPage(): Promise<{ page: Page; context: BrowserContext; outside: string[] }> {
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      outside.push(url);
    }
  });
  return { page, context, outside };
}

async function waitForGraph(page: Page): Promise<void> {
  await page.locator('.graph[data-drawn="true"]').waitFor({ timeout: 60_000 });
}

const panel = (page: Page) => page.locator('#panel');

/** Waits until one of the elements shows the text (the page renders as answers arrive). */
async function shows(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}

/** Answers the page's GraphQL requests that contain `operation` with an error, as the API does. */
async function answerWithError(
  page: Page,
  operation: string,
  status: number,
  error: { message: string; code: string },
): Promise<void> {
  await page.route('**/graphql', (route) => {
    if (!route.request().postData()?.includes(operation)) return route.continue();
    return route.fulfill({
      status,
      contentType: 'application/json',
      body: JSON.stringify({
        errors: [{ message: error.message, extensions: { code: error.code } }],
      }),
    });
  });
}

describe.skipIf(!haveChromium)(
  `The explorer in a browser (needs ${CHROMIUM}: apt-get install -y chromium)`,
  () => {
    it('draws the article’s entities and lists its contested claims', async () => {
      const { page, context, outside } = await openPage();
      await page.goto(`${base}/explore`);
      await waitForGraph(page);
      const drawn = page.locator('.node-list');
      for (const name of ['Kenneth Lieberthal', 'Google', 'Xu Guangyu', 'Barack Obama']) {
        expect(await drawn.getByRole('button', { name, exact: true }).count()).toBe(1);
      }
      expect(Number(await page.locator('.graph').getAttribute('data-node-count'))).toBeGreaterThan(
        150,
      );
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-graph.png` });
      await page.getByRole('link', { name: 'Contested claims' }).click();
      const contested = page.locator('.contested-claim');
      await contested.first().waitFor();
      await shows(contested, 'traced to a technology college in Shandong');
      expect(outside).toEqual([]);
      await context.close();
    });

    it('finds a quote by one of its words, then its speaker and his roles', async () => {
      const { page, context, outside } = await openPage();
      await page.goto(`${base}/explore?view=read`);
      await page.locator('.reader .quote').first().waitFor({ timeout: 60_000 });
      await page.getByRole('searchbox').fill('worrisome');
      const hit = page.locator('.search-hit[data-kind="QUOTE"]').first();
      await shows(hit, 'proprietary information has got to be very worrisome');
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-search.png` });
      await hit.click();
      // The claim's own words are highlighted in the text.
      const selected = page.locator('.quote.is-selected');
      await shows(
        selected.first(),
        'the loss of that scale of proprietary information has got to be very worrisome',
      );
      await shows(panel(page), 'Kenneth Lieberthal');
      await shows(panel(page).locator('.certainty'), 'certain');
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-quote.png` });
      await panel(page).getByRole('button', { name: 'Kenneth Lieberthal' }).first().click();
      const roles = panel(page).locator('.roles');
      await shows(roles, 'director for Asia');
      await shows(roles, 'National Security Council');
      await shows(roles, 'Brookings Institution');
      // His mentions are marked in the text.
      await shows(page.locator('.mention.is-selected').first(), 'Lieberthal');
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-speaker.png` });
      expect(outside).toEqual([]);
      await context.close();
    });

    it('shows what a denial denies, jumps to those words, and reopens from its URL', async () => {
      const { page, context, outside } = await openPage();
      await page.goto(`${base}/explore?view=read`);
      await page.locator('.reader .quote').first().waitFor({ timeout: 60_000 });
      await page.getByRole('searchbox').fill('denied anything attacks');
      const hit = page
        .locator('.search-hit[data-kind="QUOTE"]')
        .filter({ hasText: 'The college denied it had anything to do with the attacks' });
      await hit.first().click();
      await shows(
        panel(page).locator('h2'),
        'The technology college in Shandong province had something to do with the attacks',
      );
      const denies = panel(page).locator('section.stances').filter({ hasText: 'Denies' });
      await shows(
        denies,
        "The hacking of Google's computers over three years ago was traced to a technology college",
      );
      await shows(
        page.locator('.quote.is-selected').first(),
        'The college denied it had anything to do with the attacks.',
      );
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-denial.png` });
      await denies.getByRole('button').first().click();
      await shows(
        panel(page).locator('h2'),
        "The hacking of Google's computers over three years ago",
      );
      await shows(panel(page), 'Denied by');
      await shows(
        page.locator('.quote.is-selected').first(),
        'it traced the hacking of its computers over three years ago',
      );
      const shared = page.url();
      expect(shared).toContain('view=read');
      await context.close();

      const second = await openPage();
      await second.page.goto(shared);
      await shows(
        panel(second.page).locator('h2'),
        "The hacking of Google's computers over three years ago",
      );
      await shows(
        second.page.locator('.quote.is-selected').first(),
        'it traced the hacking of its computers over three years ago',
      );
      await second.page.screenshot({ path: `${SCREENSHOTS}/explorer-shared-url.png` });
      expect([...outside, ...second.outside]).toEqual([]);
      await second.context.close();
    });

    it('says who denies a denied proposition, in the contested list and in a claim’s stances', async () => {
      const { page, context } = await openPage();
      await page.goto(`${base}/explore?view=contested`);
      const contested = page
        .locator('.contested-claim')
        .filter({ hasText: 'traced to a technology college in Shandong' });
      const denial = contested.locator('.stance-denies');
      await shows(
        denial,
        'a technology college in Shandong province denies: The technology college in Shandong ' +
          'province had something to do with the attacks',
      );
      expect(await denial.locator('.denial').textContent()).toBe(
        'a technology college in Shandong province denies: ',
      );
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-contested-denial.png` });

      await contested.locator('.link.strong').click();
      const deniedBy = panel(page).locator('section.stances').filter({ hasText: 'Denied by' });
      await shows(deniedBy, 'The technology college in Shandong province had something to do');
      expect(await deniedBy.locator('.denial').textContent()).toBe(
        'a technology college in Shandong province denies: ',
      );
      await context.close();
    });

    it('titles the words of a denial in the text as a denial', async () => {
      const { page, context } = await openPage();
      await page.goto(`${base}/explore?view=read`);
      const words = page
        .locator('.reader .quote')
        .filter({ hasText: 'The college denied it had anything to do with the attacks' });
      await words.first().waitFor({ timeout: 60_000 });
      expect(await words.first().getAttribute('title')).toContain(
        'Denied: The technology college in Shandong province had something to do with the attacks',
      );
      await context.close();
    });

    it('words the links to an entity from the other side: “Located in it: …”', async () => {
      const { page, context } = await openPage();
      await page.goto(`${base}/explore?view=read&sel=${globalId('Country', 'country:us')}`);
      const links = panel(page).locator('section').filter({ hasText: 'Links' });
      await shows(links.locator('li'), 'accused Chinese hackers');
      const incoming = links.locator('li.incoming');
      await shows(incoming, 'Located in it: Exxon Mobil, Mandiant, Microsoft');
      await shows(incoming, 'Part of it: National Security Council');
      expect(await links.textContent()).not.toContain(' by ');
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-entity-links.png` });
      await context.close();
    });

    it('expands a neighbourhood and draws the shortest path between two entities', async () => {
      const { page, context, outside } = await openPage();
      await page.goto(`${base}/explore`);
      await waitForGraph(page);
      await page.locator('.node-list').getByRole('button', { name: 'Kenneth Lieberthal' }).click();
      await panel(page).getByRole('button', { name: 'Path from here' }).click();
      await page.locator('.node-list').getByRole('button', { name: 'Google', exact: true }).click();
      await shows(panel(page).locator('h2'), 'Google');
      await panel(page).getByRole('button', { name: 'Path to here' }).click();
      const steps = page.locator('.path-steps');
      await shows(steps.locator('.path-node').first(), 'Kenneth Lieberthal');
      await shows(steps.locator('.path-node').last(), 'Google');
      await waitForGraph(page);
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-path.png` });
      expect(page.url()).toContain('from=');
      await panel(page).getByRole('button', { name: 'Expand neighbourhood' }).click();
      expect(page.url()).toContain('expand=');
      await waitForGraph(page);
      expect(outside).toEqual([]);
      await context.close();
    });

    it('draws each step of a path with its arrow the way the link runs', async () => {
      const { page, context } = await openPage();
      const lieberthal = globalId('Person', 'person:kenneth-lieberthal');
      const xu = globalId('Person', 'person:xu-guangyu');
      await page.goto(`${base}/explore?from=${lieberthal}&to=${xu}`);
      const steps = page.locator('.path-steps');
      await shows(steps.locator('.path-node').last(), 'Xu Guangyu');
      const edges = steps.locator('.path-edge');
      // Lieberthal holds his role at the council; Xu holds his in the army, a link into the army.
      expect(await edges.first().textContent()).toBe(' —director for Asia→ ');
      expect(await edges.last().textContent()).toBe(' ←general— ');
      expect(await edges.last().getAttribute('title')).toBe(
        "Xu Guangyu —general→ People's Liberation Army",
      );
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-path-directions.png` });
      await context.close();
    });

    it('shows a path found even when the details of its ends time out', async () => {
      const { page, context } = await openPage();
      await answerWithError(page, 'query Entity(', 200, {
        message: 'A database statement of this request ran longer than its 5000 ms; ask for less.',
        code: 'REQUEST_TIMEOUT',
      });
      const lieberthal = globalId('Person', 'person:kenneth-lieberthal');
      const xu = globalId('Person', 'person:xu-guangyu');
      await page.goto(`${base}/explore?from=${lieberthal}&to=${xu}`);
      const bar = page.locator('#path-bar');
      await shows(bar.locator('.path-node').last(), 'Xu Guangyu');
      await shows(bar, 'Kenneth Lieberthal → Xu Guangyu');
      expect(await bar.locator('.error').count()).toBe(0);
      await context.close();
    });

    it('says in the path bar why a path could not be loaded, and throws nothing', async () => {
      const { page, context } = await openPage();
      const thrown: string[] = [];
      page.on('pageerror', (error) => thrown.push(error.message));
      const lieberthal = globalId('Person', 'person:kenneth-lieberthal');
      await page.goto(`${base}/explore?from=not-an-id&to=${lieberthal}`);
      const bar = page.locator('#path-bar');
      await shows(
        bar.locator('.error'),
        'The path could not be loaded: an end given in the address',
      );
      expect(await bar.isVisible()).toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-path-bad-id.png` });

      await answerWithError(page, 'query Path', 200, {
        message: 'A database statement of this request ran longer than its 30000 ms; ask for less.',
        code: 'REQUEST_TIMEOUT',
      });
      await page.goto(
        `${base}/explore?from=${globalId('Person', 'person:xu-guangyu')}&to=${lieberthal}`,
      );
      await shows(bar.locator('.error'), 'The path could not be loaded: A database statement');
      await bar.getByRole('button', { name: 'Clear the path' }).click();
      expect(await bar.isHidden()).toBe(true);
      await waitForGraph(page);
      expect(thrown).toEqual([]);
      await context.close();
    });

    it('still draws the graph when one asked-for neighbourhood cannot be loaded, and says so', async () => {
      const { page, context } = await openPage();
      const lieberthal = Buffer.from('Person:person:kenneth-lieberthal').toString('base64');
      // An id that is not a global id: the API refuses that one neighbourhood.
      await page.goto(`${base}/explore?expand=${lieberthal},not-an-id`);
      await waitForGraph(page);
      await shows(page.locator('.graph-side .error'), '1 of the 2 neighbourhoods or paths');
      expect(
        await page.locator('.node-list').getByRole('button', { name: 'Xu Guangyu' }).count(),
      ).toBe(1);
      await context.close();
    });

    it('says a search failed, with the API’s reason, instead of finding nothing', async () => {
      const { page, context } = await openPage();
      await answerWithError(page, 'query Search', 503, {
        message:
          'The database is not available right now (connection lost); retry in a few seconds.',
        code: 'DATABASE_UNAVAILABLE',
      });
      await page.goto(`${base}/explore?view=read`);
      await page.locator('.reader .quote').first().waitFor({ timeout: 60_000 });
      await page.getByRole('searchbox').fill('worrisome');
      const results = page.locator('#search-results');
      await shows(
        results.locator('li'),
        'The search failed: The database is not available right now',
      );
      expect(await results.textContent()).not.toContain('Nothing found');
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-search-failed.png` });

      await page.unroute('**/graphql');
      await page.getByRole('searchbox').fill('zzzqxv');
      await shows(results.locator('li'), 'Nothing found.');
      await context.close();
    });

    it('gives the graph the whole width of a phone, with the legend and names under it', async () => {
      if (!browser) throw new Error('no browser');
      const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
      const page = await context.newPage();
      await page.goto(`${base}/explore`);
      await waitForGraph(page);
      const graph = await page.locator('.graph').boundingBox();
      const side = await page.locator('.graph-side').boundingBox();
      expect(graph?.width).toBe(375);
      expect(side?.width).toBe(375);
      expect(side?.y).toBeGreaterThanOrEqual((graph?.y ?? 0) + (graph?.height ?? 0));
      await shows(page.locator('.graph-legend'), 'contested claim');
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-narrow.png` });
      await context.close();
    });

    it('says in words when a selection names nothing or the service cannot be reached', async () => {
      const { page, context } = await openPage();
      await page.goto(
        `${base}/explore?view=read&sel=${globalId('Person', 'person:nobody-at-all')}`,
      );
      await shows(panel(page).locator('p'), 'Nothing has this id.');
      expect(await panel(page).textContent()).not.toContain('any more');

      await page.route('**/graphql', (route) =>
        route.request().postData()?.includes('query Entity(')
          ? route.abort('connectionrefused')
          : route.continue(),
      );
      const mark = page.locator('.reader .mention').filter({ hasText: 'Kenneth Lieberthal' });
      await mark.first().click();
      await shows(panel(page).locator('.error'), 'The service cannot be reached');
      expect(await panel(page).textContent()).not.toContain('TypeError');
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-unreachable.png` });
      await context.close();
    });

    it('offers a choice of documents when the graph holds several, and opens the one chosen', async () => {
      const { page, context } = await openPage();
      // A second document, added to the API's answer: the picker lists what the API lists.
      await page.route('**/graphql', async (route) => {
        if (!route.request().postData()?.includes('query Documents(')) return route.continue();
        const response = await route.fetch();
        const body = (await response.json()) as {
          data: { documents: { edges: { node: { id: string; key: string; title: string } }[] } };
        };
        body.data.documents.edges.push({
          node: {
            id: globalId('Document', 'doc:elsewhere'),
            key: 'doc:elsewhere',
            title: 'Elsewhere',
          },
        });
        return route.fulfill({ response, json: body });
      });
      await page.goto(`${base}/explore`);
      await waitForGraph(page);
      const picker = page.locator('#doc-picker');
      expect(await picker.locator('option').allTextContents()).toEqual([
        'US-China cyber security wrangle lies ahead',
        'Elsewhere',
      ]);
      await shows(page.locator('#doc-title label'), 'Document (2 in the graph)');
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-documents.png` });
      await picker.selectOption('doc:elsewhere');
      await shows(page.locator('#view p'), 'No document doc:elsewhere.');
      expect(new URL(page.url()).searchParams.get('doc')).toBe('doc:elsewhere');
      await page
        .locator('#doc-picker')
        .selectOption({ label: 'US-China cyber security wrangle lies ahead' });
      await waitForGraph(page);
      expect(await page.locator('#doc-picker').inputValue()).not.toBe('doc:elsewhere');
      await context.close();
    });

    it('filters by kind, by source and by how a claim is given', async () => {
      const { page, context, outside } = await openPage();
      await page.goto(`${base}/explore?hide=CLAIM,COUNTRY`);
      await waitForGraph(page);
      const drawn = page.locator('.node-list');
      expect(await drawn.getByRole('button', { name: 'Kenneth Lieberthal' }).count()).toBe(1);
      expect(await drawn.getByRole('button', { name: 'China', exact: true }).count()).toBe(0);
      const entitiesDrawn = await drawn.getByRole('button').count();
      expect(await page.locator('.graph').getAttribute('data-node-count')).toBe(
        String(entitiesDrawn),
      );
      // Ticking a kind back in the filter panel draws it again, and says so in the URL.
      await page.locator('.filters summary').click();
      await page.locator('#filters label').filter({ hasText: 'country' }).locator('input').check();
      await shows(drawn.getByRole('button'), 'China');
      expect(page.url()).toContain('hide=CLAIM');
      expect(page.url()).not.toContain('COUNTRY');

      await page.goto(`${base}/explore?view=read&source=COMMENT&modes=AUTHOR`);
      await page.locator('.comments .comment').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('.reader article').count()).toBe(0);
      expect(await page.locator('.comments .quote').count()).toBeGreaterThan(0);
      await page.screenshot({ path: `${SCREENSHOTS}/explorer-comments.png` });
      expect(outside).toEqual([]);
      await context.close();
    });

    it('works from the keyboard: marks and nodes take focus, Enter selects, Escape clears', async () => {
      const { page, context } = await openPage();
      await page.goto(`${base}/explore?view=read`);
      const mark = page
        .locator('.reader .mention')
        .filter({ hasText: 'Kenneth Lieberthal' })
        .first();
      await mark.waitFor({ timeout: 60_000 });
      await mark.focus();
      await page.keyboard.press('Enter');
      await shows(panel(page).locator('h2'), 'Kenneth Lieberthal');
      await page.keyboard.press('Escape');
      await shows(panel(page), 'Select a name, a quote or a node');
      expect(page.url()).not.toContain('sel=');

      await page.getByRole('link', { name: 'Graph' }).click();
      await waitForGraph(page);
      await page.locator('.graph').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      // The first node is the most mentioned entity, drawn largest.
      await shows(panel(page).locator('.kicker'), 'mentions');
      expect(page.url()).toContain('sel=');
      await context.close();
    });

    it('measures the page weight and the time to the first drawing, cold and warm', async () => {
      if (!browser) throw new Error('no browser');
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const visit = async () => {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        const kinds = new Map<string, 'static' | 'api'>();
        // Bytes as they came over the wire (compressed, headers included), and the page's files
        // that the cache could not answer.
        const load = { static: 0, api: 0, assetsFromServer: 0 };
        const assets = new Set<string>();
        cdp.on('Network.requestWillBeSent', (event) => {
          kinds.set(event.requestId, event.request.url.includes('/graphql') ? 'api' : 'static');
          if (event.request.url.includes('/explore/assets/')) assets.add(event.requestId);
        });
        const fromMemory = new Set<string>();
        cdp.on('Network.requestServedFromCache', (event) => fromMemory.add(event.requestId));
        cdp.on('Network.responseReceived', (event) => {
          const fromCache =
            fromMemory.has(event.requestId) ||
            event.response.fromDiskCache ||
            event.response.status === 304;
          if (assets.has(event.requestId) && !fromCache) load.assetsFromServer += 1;
        });
        cdp.on('Network.loadingFinished', (event) => {
          load[kinds.get(event.requestId) ?? 'static'] += event.encodedDataLength;
        });
        await page.goto(`${base}/explore`);
        await waitForGraph(page);
        const timings = await page.evaluate((mark) => {
          const navigation = performance.getEntriesByType('navigation')[0];
          return {
            drawnMs: performance.getEntriesByName(mark)[0]?.startTime ?? -1,
            pageReadyMs:
              navigation instanceof PerformanceNavigationTiming
                ? navigation.domContentLoadedEventEnd
                : -1,
          };
        }, DRAWN_MARK);
        await page.close();
        return {
          drawnMs: Math.round(timings.drawnMs),
          pageReadyMs: Math.round(timings.pageReadyMs),
          ...load,
        };
      };
      const cold = await visit();
      const warm = await visit();
      await context.close();
      const report = { cold, warm };
      await writeFile('test-results/explorer-load.json', `${JSON.stringify(report, null, 2)}\n`);
      console.log(`[explorer] load: ${JSON.stringify(report)}`);
      expect(cold.drawnMs).toBeGreaterThan(0);
      expect(cold.static).toBeGreaterThan(0);
      // A second visit takes the files from the cache: only the page is asked about again.
      expect(warm.static).toBeLessThan(cold.static / 10);
      expect(cold.assetsFromServer).toBeGreaterThan(0);
      expect(warm.assetsFromServer).toBe(0);
    });
  },
);
