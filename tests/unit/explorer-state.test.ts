import { describe, expect, it } from 'vitest';
import { stateFromUrl, urlOfState } from '../../web/explorer/src/state.ts';
import { TextIndex } from '../../web/explorer/src/text-index.ts';

describe('the explorer’s URL', () => {
  it('holds the whole view, so that a shared link reopens it', () => {
    const state = stateFromUrl(
      new URL(
        'http://dossier/explore?view=read&sel=Q2xhaW06eA%3D%3D&hide=CITY,CLAIM&source=COMMENT&modes=DIRECT_QUOTE&from=a&to=b&expand=c,d',
      ),
    );
    expect(state).toMatchObject({
      view: 'read',
      selected: 'Q2xhaW06eA==',
      hiddenKinds: ['CITY', 'CLAIM'],
      source: 'COMMENT',
      modes: ['DIRECT_QUOTE'],
      pathFrom: 'a',
      pathTo: 'b',
      expanded: ['c', 'd'],
    });
    expect(stateFromUrl(new URL(`http://dossier/explore${urlOfState(state)}`))).toEqual(state);
  });

  it('leaves the defaults out, and falls back to them on values it does not know', () => {
    const state = stateFromUrl(new URL('http://dossier/explore?view=nonsense&source=x'));
    expect(state.view).toBe('graph');
    expect(state.source).toBeNull();
    expect(urlOfState(state)).toBe('');
  });
});

describe('TextIndex', () => {
  it('turns the API’s code-point offsets into string offsets past astral characters', () => {
    const index = new TextIndex('𝐀 said “no” 😀 twice');
    expect(index.slice(2, 6)).toBe('said');
    expect(index.slice(14, 19)).toBe('twice');
    expect(index.slice(12, 13)).toBe('😀');
  });
});
