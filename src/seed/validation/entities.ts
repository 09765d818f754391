/**
 * Rules on entities (id prefix, mentions, aliases, scope) and on the facts linking them: roles
 * and relations.
 */
import { ENTITY_ID_PREFIXES } from '../../domain/vocabulary.ts';
import type { Entity, Relation, Role } from '../format.ts';
import type { ValidationContext } from './context.ts';
import { type PathSegment, quote } from './problems.ts';
import type { Parsed } from './schema-pass.ts';
import { checkSpansWithin, isSpanInText, regionOf } from './spans.ts';

export function checkEntity(entity: Entity, path: PathSegment[], context: ValidationContext): void {
  const { text, problems } = context;
  const item = entity.id;
  checkSpansWithin(text, entity, problems, path, item);
  const prefix = ENTITY_ID_PREFIXES[entity.type];
  if (!entity.id.startsWith(`${prefix}:`)) {
    problems.report([...path, 'id'], `a ${entity.type} id must start with "${prefix}:"`, item);
  }
  if (entity.mentions.length === 0) {
    problems.report(
      [...path, 'mentions'],
      'entity has no mention: every entity needs at least one span',
      item,
    );
    return;
  }
  if (entity.named && text.findAll(entity.name).length === 0) {
    problems.report(
      [...path, 'name'],
      `the name ${quote(entity.name)} does not occur in the text`,
      item,
    );
  }
  const mentionTexts = new Set(entity.mentions.map((mention) => mention.exact));
  entity.aliases.forEach((alias, aliasIndex) => {
    if (!mentionTexts.has(alias)) {
      problems.report(
        [...path, 'aliases', aliasIndex],
        `alias ${quote(alias)} is not the text of any mention`,
        item,
      );
    }
  });
  const seenOffsets = new Set<string>();
  let outsideComments = 0;
  entity.mentions.forEach((mention, mentionIndex) => {
    const key = `${mention.start}-${mention.end}`;
    if (seenOffsets.has(key)) {
      problems.report([...path, 'mentions', mentionIndex], `duplicate mention at ${key}`, item);
    }
    seenOffsets.add(key);
    if (!isSpanInText(text, mention)) return;
    const region = regionOf(context.regions, mention);
    if (region?.kind !== 'comment') outsideComments += 1;
    if (entity.scope === 'comments' && region?.kind !== 'comment') {
      problems.report(
        [...path, 'mentions', mentionIndex],
        `entity has scope comments but this mention lies in ${region ? region.id : 'no single region'}`,
        item,
      );
    }
  });
  if (entity.scope === 'article' && outsideComments === 0) {
    problems.report(
      [...path, 'scope'],
      'entity is only mentioned in reader comments: its scope should be comments',
      item,
    );
  }
}

export function checkEntities(entities: Parsed<Entity>[], context: ValidationContext): void {
  for (const { item, index } of entities) checkEntity(item, ['entities', index], context);
}

export function checkRole(role: Role, path: PathSegment[], context: ValidationContext): void {
  const { references, problems } = context;
  const item = role.id;
  checkSpansWithin(context.text, role, problems, path, item);
  references.check(role.holder, ['entity'], problems, [...path, 'holder'], item);
  if (role.organization !== undefined) {
    references.check(role.organization, ['entity'], problems, [...path, 'organization'], item);
  }
  if (role.title === undefined && role.organization === undefined) {
    problems.report(path, 'a role needs a title, an organization or both', item);
  }
  if (role.evidence.length === 0)
    problems.report([...path, 'evidence'], 'role has no evidence span', item);
}

export function checkRoles(roles: Parsed<Role>[], context: ValidationContext): void {
  for (const { item, index } of roles) checkRole(item, ['roles', index], context);
}

export function checkRelation(
  relation: Relation,
  path: PathSegment[],
  context: ValidationContext,
): void {
  const { references, problems } = context;
  const item = relation.id;
  checkSpansWithin(context.text, relation, problems, path, item);
  references.check(relation.subject, ['entity'], problems, [...path, 'subject'], item);
  references.check(relation.object, ['entity'], problems, [...path, 'object'], item);
  if (relation.subject === relation.object)
    problems.report([...path, 'object'], 'a relation cannot link an entity to itself', item);
  if (relation.claim !== undefined)
    references.check(relation.claim, ['claim'], problems, [...path, 'claim'], item);
  if (relation.evidence.length === 0)
    problems.report([...path, 'evidence'], 'relation has no evidence span', item);
}

export function checkRelations(relations: Parsed<Relation>[], context: ValidationContext): void {
  for (const { item, index } of relations) checkRelation(item, ['relations', index], context);
}
