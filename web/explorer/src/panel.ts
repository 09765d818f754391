import type { ClaimDetail, ClaimSummary, EntityDetail, Quantity, SourceRef, Voice } from './api.ts';
import { button, h, words } from './dom.ts';

export interface PanelActions {
  /** Shows an entity or claim in the panel, in the current view. */
  select: (id: string) => void;
  /** Opens a claim in the reading view at its words (in its own document). */
  readClaim: (claim: ClaimSummary) => void;
  expand: (id: string) => void;
  pathEnd: (end: 'from' | 'to', id: string) => void;
}

const STANCE_HEADINGS: Record<string, { outgoing: string; incoming: string }> = {
  SUPPORTS: { outgoing: 'Supports', incoming: 'Supported by' },
  DISPUTES: { outgoing: 'Disputes', incoming: 'Disputed by' },
  DENIES: { outgoing: 'Denies', incoming: 'Denied by' },
  QUALIFIES: { outgoing: 'Qualifies', incoming: 'Qualified by' },
};

function sourceName(source: SourceRef): string {
  if (!('number' in source)) return source.name;
  const comment = `reader comment ${source.number}`;
  // Commenters without a name are named after their comment: say it once.
  return source.name.toLowerCase() === comment ? comment : `${comment} (${source.name})`;
}

/**
 * Who affirms and who denies a claim. A denial's proposition is what is denied, so it must
 * never be shown without saying so.
 */
export function voices(attributions: readonly Voice[]): { saying: string[]; denying: string[] } {
  const names = (polarity: Voice['polarity']) => [
    ...new Set(
      attributions
        .filter((attribution) => attribution.polarity === polarity)
        .map((attribution) => sourceName(attribution.speaker)),
    ),
  ];
  return { saying: names('POSITIVE'), denying: names('NEGATIVE') };
}

/** "… denies: " before a denied proposition, or nothing for one only affirmed. */
export function denialLead(attributions: readonly Voice[]): Node | false {
  const { saying, denying } = voices(attributions);
  if (denying.length === 0) return false;
  const deny = `${denying.join(', ')} ${denying.length > 1 ? 'deny' : 'denies'}`;
  const say = `${saying.join(', ')} ${saying.length > 1 ? 'say' : 'says'}`;
  return h('span', { class: 'denial' }, saying.length > 0 ? `${say}, ${deny}: ` : `${deny}: `);
}

function sourceButton(source: SourceRef, actions: PanelActions): Node {
  if ('number' in source) return h('span', {}, sourceName(source));
  return button(source.name, () => actions.select(source.id), {
    class: 'link',
    'data-entity': source.id,
  });
}

function quantityText(quantity: Quantity): string {
  const value =
    quantity.amount ??
    (quantity.lower !== null && quantity.upper !== null
      ? `${quantity.lower}–${quantity.upper}`
      : quantity.lower !== null
        ? `at least ${quantity.lower}`
        : quantity.upper !== null
          ? `at most ${quantity.upper}`
          : '?');
  const period = quantity.period ? ` per ${quantity.period}` : '';
  const measure = quantity.measure ? ` (${quantity.measure})` : '';
  return `“${quantity.text.exact}”: ${quantity.approximate ? 'about ' : ''}${value} ${quantity.unit}${period}${measure}`;
}

function section(title: string, ...items: (Node | false)[]): HTMLElement | false {
  const present = items.filter((item): item is Node => item !== false);
  return present.length > 0 && h('section', {}, h('h3', {}, title), ...present);
}

function reviewLine(provenance: { origin: string; review: string | null }): string {
  return provenance.review
    ? `drafted, ${words(provenance.review)}`
    : `from the ${words(provenance.origin)}`;
}

export function claimPanel(claim: ClaimDetail, actions: PanelActions): HTMLElement {
  const byType = new Map<string, HTMLElement[]>();
  for (const stance of claim.stances) {
    const heading =
      STANCE_HEADINGS[stance.type]?.[stance.direction === 'OUTGOING' ? 'outgoing' : 'incoming'];
    if (!heading) continue;
    const lead = denialLead(stance.other.attributions);
    const { saying } = voices(stance.other.attributions);
    const item = h(
      'li',
      { class: `stance stance-${stance.type.toLowerCase()}` },
      lead,
      button(stance.other.proposition, () => actions.readClaim(stance.other), {
        class: 'link',
        'data-claim': stance.other.id,
      }),
      !lead && saying.length > 0 && h('span', { class: 'muted' }, ` — ${saying.join(', ')}`),
      stance.evidence[0] && h('q', { class: 'stance-words' }, stance.evidence[0].exact),
    );
    byType.set(heading, [...(byType.get(heading) ?? []), item]);
  }
  return h(
    'div',
    { class: 'detail claim-detail', 'data-id': claim.id },
    h(
      'p',
      { class: 'kicker' },
      `${words(claim.type)} claim · ${claim.sourceKind === 'COMMENT' ? 'a reader comment' : 'the article'}`,
    ),
    h('h2', {}, claim.proposition),
    h('p', { class: 'muted' }, reviewLine(claim.provenance)),
    button('Show its words in the text', () => actions.readClaim(claim), { class: 'action' }),
    ...claim.attributions.map((attribution) =>
      h(
        'section',
        { class: 'attribution' },
        h('h3', {}, attribution.polarity === 'NEGATIVE' ? 'Denied by' : 'Said by'),
        h(
          'p',
          {},
          sourceButton(attribution.speaker, actions),
          attribution.reporter && h('span', { class: 'muted' }, ' as reported by '),
          attribution.reporter && sourceButton(attribution.reporter, actions),
        ),
        h(
          'dl',
          {},
          h('dt', {}, 'How'),
          h('dd', {}, words(attribution.mode)),
          h('dt', {}, 'Certainty'),
          h('dd', { class: 'certainty' }, words(attribution.certainty)),
          attribution.cue && h('dt', {}, 'Cue'),
          attribution.cue && h('dd', {}, h('q', { class: 'cue' }, attribution.cue)),
          attribution.hedges.length > 0 && h('dt', {}, 'Hedges'),
          attribution.hedges.length > 0 &&
            h(
              'dd',
              {},
              ...attribution.hedges.map((hedge) => h('q', { class: 'hedge' }, hedge.exact)),
            ),
        ),
        ...attribution.evidence.map((span) => h('blockquote', { class: 'evidence' }, span.exact)),
      ),
    ),
    section(
      'Quantities',
      claim.quantities.length > 0 &&
        h('ul', {}, ...claim.quantities.map((quantity) => h('li', {}, quantityText(quantity)))),
    ),
    ...[...byType].map(([heading, items]) =>
      h('section', { class: 'stances' }, h('h3', {}, heading), h('ul', {}, ...items)),
    ),
    section(
      'About',
      claim.about.length > 0 &&
        h(
          'ul',
          { class: 'inline' },
          ...claim.about.map((entity) =>
            h(
              'li',
              {},
              button(entity.name, () => actions.select(entity.id), { class: 'link' }),
            ),
          ),
        ),
    ),
  );
}

function claimList(claims: ClaimSummary[], total: number, actions: PanelActions): Node | false {
  return (
    claims.length > 0 &&
    h(
      'ul',
      { class: 'claims' },
      ...claims.map((claim) =>
        h(
          'li',
          {},
          button(claim.proposition, () => actions.readClaim(claim), { class: 'link' }),
        ),
      ),
      total > claims.length && h('li', { class: 'muted' }, `and ${total - claims.length} more`),
    )
  );
}

/**
 * Links from the entity read "located in Beijing"; links to it are grouped under the other
 * side's verb ("Located in it: Exxon Mobil, Microsoft"), which reads right for every type.
 */
function relationList(relations: EntityDetail['relations'], actions: PanelActions): HTMLElement {
  const link = (other: { id: string; name: string }) =>
    button(other.name, () => actions.select(other.id), { class: 'link' });
  const incoming = new Map<string, { id: string; name: string }[]>();
  for (const relation of relations) {
    if (!relation.outgoing) {
      incoming.set(relation.type, [...(incoming.get(relation.type) ?? []), relation.other]);
    }
  }
  const verb = (type: string) => words(type).replace(/^./, (first) => first.toUpperCase());
  return h(
    'ul',
    { class: 'relations' },
    ...relations
      .filter((relation) => relation.outgoing)
      .map((relation) => h('li', {}, `${words(relation.type)} `, link(relation.other))),
    ...[...incoming].map(([type, others]) =>
      h(
        'li',
        { class: 'incoming' },
        `${verb(type)} it: `,
        ...others.flatMap((other, i) => (i === 0 ? [link(other)] : [', ', link(other)])),
      ),
    ),
  );
}

export function entityPanel(entity: EntityDetail, actions: PanelActions): HTMLElement {
  const made = entity.claimsMade.edges.map((edge) => edge.node);
  const about = entity.claimsAbout.edges.map((edge) => edge.node);
  return h(
    'div',
    { class: 'detail entity-detail', 'data-id': entity.id },
    h('p', { class: 'kicker' }, `${words(entity.kind)} · ${entity.mentionCount} mentions`),
    h('h2', {}, entity.name),
    entity.description && h('p', {}, entity.description),
    entity.aliases.length > 0 && h('p', { class: 'muted' }, `Also: ${entity.aliases.join(', ')}`),
    h('p', { class: 'muted' }, reviewLine(entity.provenance)),
    h(
      'div',
      { class: 'actions' },
      button('Expand neighbourhood', () => actions.expand(entity.id), { class: 'action' }),
      button('Path from here', () => actions.pathEnd('from', entity.id), { class: 'action' }),
      button('Path to here', () => actions.pathEnd('to', entity.id), { class: 'action' }),
    ),
    section(
      'Roles',
      entity.roles.length > 0 &&
        h(
          'ul',
          { class: 'roles' },
          ...entity.roles.map((role) =>
            h(
              'li',
              {},
              role.holder.id === entity.id
                ? h('span', {}, role.title ?? 'at')
                : button(role.holder.name, () => actions.select(role.holder.id), { class: 'link' }),
              role.holder.id !== entity.id && role.title ? `, ${role.title}` : '',
              role.organization && role.organization.id !== entity.id && ' · ',
              role.organization &&
                role.organization.id !== entity.id &&
                button(
                  role.organization.name,
                  () => {
                    if (role.organization) actions.select(role.organization.id);
                  },
                  { class: 'link' },
                ),
              role.time !== 'UNSPECIFIED' &&
                h('span', { class: 'muted' }, ` (${words(role.time)})`),
              role.evidence[0] && h('q', { class: 'role-words' }, role.evidence[0].exact),
            ),
          ),
        ),
    ),
    section('Links', entity.relations.length > 0 && relationList(entity.relations, actions)),
    section(
      `Claims made (${entity.claimsMade.totalCount})`,
      claimList(made, entity.claimsMade.totalCount, actions),
    ),
    section(
      `Claims about it (${entity.claimsAbout.totalCount})`,
      claimList(about, entity.claimsAbout.totalCount, actions),
    ),
  );
}
