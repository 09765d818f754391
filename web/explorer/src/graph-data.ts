import type { ElementDefinition } from 'cytoscape';
import type { ClaimOutline, EntitySummary, GraphEdge, StanceLink, Subgraph } from './api.ts';
import { claimLine } from './dom.ts';
import { KIND_LOOKS } from './graph.ts';
import { CLAIM_KIND, COMMENT_KIND } from './state.ts';

/** Stances that argue against a claim: a claim they point at is contested. */
export const CONTESTING = new Set(['DISPUTES', 'DENIES']);

export interface GraphInput {
  entities: EntitySummary[];
  claims: ClaimOutline[];
  stances: StanceLink[];
  showEntity: (entity: EntitySummary) => boolean;
  showClaim: (claim: ClaimOutline) => boolean;
  /** Neighbourhoods and the path, drawn over the document's graph. */
  extra: Subgraph[];
  hiddenKinds: string[];
}

/** One id per link, whichever query brought it: a link found twice is drawn once. */
export function edgeId(type: string, source: string, target: string): string {
  return `${type}|${source}|${target}`;
}

const RELATION_CLASS: Record<string, string> = {
  SAID: 'said',
  ABOUT: 'about',
  HOLDS_ROLE: 'role',
  SUPPORTS: 'stance-supports',
  DISPUTES: 'stance-disputes',
  DENIES: 'stance-denies',
  QUALIFIES: 'stance-qualifies',
};

function nodeElement(
  id: string,
  kind: string,
  label: string,
  size: number,
  classes: string[],
): ElementDefinition {
  const looks = KIND_LOOKS[kind] ?? { colour: '#999', shape: 'ellipse' };
  return {
    group: 'nodes',
    data: { id, kind, label, size, colour: looks.colour, shape: looks.shape },
    classes: classes.join(' '),
  };
}

/** Grows with the log of the mentions and stops at 64 px: a hub of thousands stays drawable. */
function entitySize(mentions: number): number {
  return Math.min(64, Math.round(14 + 7 * Math.log2(Math.max(mentions, 1))));
}

export function contestedClaims(stances: StanceLink[]): Set<string> {
  return new Set(
    stances.filter((stance) => CONTESTING.has(stance.type)).map((stance) => stance.to),
  );
}

/** The document's entities and claims as nodes, with who said what, about whom, and stances. */
export function graphElements(input: GraphInput): ElementDefinition[] {
  const nodes = new Map<string, ElementDefinition>();
  const edges = new Map<string, ElementDefinition>();
  const contested = contestedClaims(input.stances);
  for (const entity of input.entities) {
    if (!input.showEntity(entity)) continue;
    nodes.set(
      entity.id,
      nodeElement(entity.id, entity.kind, entity.name, entitySize(entity.mentionCount), ['entity']),
    );
  }
  const addEdge = (type: string, source: string, target: string, label: string | null) => {
    if (!nodes.has(source) || !nodes.has(target) || source === target) return;
    const id = edgeId(type, source, target);
    const relation = RELATION_CLASS[type] ?? 'relation';
    edges.set(id, { group: 'edges', data: { id, source, target, label }, classes: relation });
  };
  for (const claim of input.claims) {
    if (!input.showClaim(claim)) continue;
    const classes = ['claim', contested.has(claim.id) ? 'contested' : ''];
    nodes.set(
      claim.id,
      nodeElement(
        claim.id,
        CLAIM_KIND,
        claimLine(claim),
        contested.has(claim.id) ? 22 : 12,
        classes,
      ),
    );
  }
  for (const entity of input.entities) {
    for (const relation of entity.relations) {
      if (relation.outgoing) addEdge(relation.type, entity.id, relation.other.id, relation.type);
    }
  }
  const showComments = !input.hiddenKinds.includes(COMMENT_KIND);
  for (const claim of input.claims) {
    for (const attribution of claim.attributions) {
      const speaker = attribution.speaker;
      // A reader comment speaks for itself: it gets a node of its own, beside the entities.
      if ('number' in speaker && showComments && nodes.has(claim.id) && !nodes.has(speaker.id)) {
        nodes.set(
          speaker.id,
          nodeElement(speaker.id, COMMENT_KIND, `Comment ${speaker.number}`, 16, ['comment']),
        );
      }
      addEdge('SAID', speaker.id, claim.id, attribution.mode);
    }
    for (const entity of claim.about) addEdge('ABOUT', claim.id, entity.id, null);
  }
  for (const stance of input.stances) addEdge(stance.type, stance.from, stance.to, stance.type);
  for (const subgraph of input.extra) {
    for (const node of subgraph.nodes) {
      if (nodes.has(node.id) || input.hiddenKinds.includes(node.kind)) continue;
      const isClaim = node.kind === CLAIM_KIND;
      nodes.set(
        node.id,
        nodeElement(node.id, node.kind, node.label, isClaim ? 12 : entitySize(1), [
          isClaim ? 'claim' : 'entity',
          'foreign',
        ]),
      );
    }
    for (const edge of subgraph.edges) addEdge(edge.type, edge.source, edge.target, edge.label);
  }
  return [...nodes.values(), ...edges.values()];
}

export function pathEdgeIds(edges: GraphEdge[]): string[] {
  return edges.map((edge) => edgeId(edge.type, edge.source, edge.target));
}
