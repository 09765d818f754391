import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../domain/vocabulary.ts';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';

const lexiconQuery = defineQuery(
  'entityLexicon',
  `MATCH (e:Entity)
   RETURN e.id AS id, e.type AS type, e.name AS name, coalesce(e.aliases, []) AS aliases
   ORDER BY coalesce(e.mentionCount, 0) DESC, e.id`,
  z.object({
    id: z.string(),
    type: z.enum(ENTITY_TYPES),
    name: z.string(),
    aliases: z.array(z.string()),
  }),
);

/**
 * Every entity the graph holds with its names, most mentioned first: what a draft recognises in
 * a new article. Its size grows with the entities, not with their mentions.
 */
export async function entityLexicon(
  db: GraphDatabase,
): Promise<{ id: string; type: EntityType; names: string[] }[]> {
  const rows = await db.read(lexiconQuery);
  return rows.map((row) => ({ id: row.id, type: row.type, names: [row.name, ...row.aliases] }));
}
