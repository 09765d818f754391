import { isInterfaceType } from 'graphql';
import { builder, registerNodeTypenames } from './builder.ts';
import './enums.ts';
import './span.ts';
import './claim.ts';
import './entity.ts';
import './document.ts';
import './stats.ts';
import './database-info.ts';
import './search.ts';
import './exploration.ts';
import './node-lookup.ts';
import './curation.ts';
import './provenance.ts';
import './drafting.ts';

export const schema = builder.toSchema({ sortSchema: false });

const nodeInterface = schema.getType('Node');
if (isInterfaceType(nodeInterface)) {
  registerNodeTypenames(schema.getImplementations(nodeInterface).objects.map((type) => type.name));
}
