import { builder } from './builder.ts';
import './database-info.ts';

export const schema = builder.toSchema({ sortSchema: false });
