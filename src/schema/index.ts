import { builder } from './builder.ts';
import './enums.ts';
import './span.ts';
import './claim.ts';
import './entity.ts';
import './document.ts';
import './stats.ts';
import './database-info.ts';
import './search.ts';
import './exploration.ts';

export const schema = builder.toSchema({ sortSchema: false });
