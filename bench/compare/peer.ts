/**
 * The peer: @neo4j/graphql on graphql-yoga over the same graph, its schema generated from
 * bench/peer/type-defs.ts. Every statement it sends is counted (the driver it is given wraps
 * each transaction's run) and reported, as the service does, in extensions.neo4jStatements.
 */
import { Neo4jGraphQL, type Neo4jGraphQLContext } from '@neo4j/graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { PEER_TYPE_DEFS } from '../peer/type-defs.ts';

export function createPeerDriver(uri: string, user: string, password: string): Driver {
  return neo4j.driver(uri, neo4j.auth.basic(user, password), {
    userAgent: 'dossier-bench-peer',
  });
}

interface StatementCounter {
  count: number;
}

function countingTransaction(tx: ManagedTransaction, counter: StatementCounter) {
  const run: ManagedTransaction['run'] = (query, parameters) => {
    counter.count += 1;
    return tx.run(query, parameters);
  };
  return new Proxy(tx, {
    get: (target, property) => (property === 'run' ? run : Reflect.get(target, property, target)),
  });
}

function countingSession(session: Session, counter: StatementCounter): Session {
  const executeRead: Session['executeRead'] = (work, config) =>
    session.executeRead((tx) => work(countingTransaction(tx, counter)), config);
  const executeWrite: Session['executeWrite'] = (work, config) =>
    session.executeWrite((tx) => work(countingTransaction(tx, counter)), config);
  return new Proxy(session, {
    get: (target, property) => {
      if (property === 'executeRead') return executeRead;
      if (property === 'executeWrite') return executeWrite;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The driver as the peer sees it for one request: the same pool, its statements counted. */
function countingDriver(driver: Driver, counter: StatementCounter): Driver {
  const session: Driver['session'] = (config) => countingSession(driver.session(config), counter);
  return new Proxy(driver, {
    get: (target, property) => {
      if (property === 'session') return session;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

interface PeerContext extends Neo4jGraphQLContext {
  statements: StatementCounter;
}

const reportStatementCount: Plugin<PeerContext> = {
  onExecute: ({ args }) => ({
    onExecuteDone: ({ result, setResult }) => {
      if (Symbol.asyncIterator in result) return;
      setResult({
        ...result,
        extensions: { ...result.extensions, neo4jStatements: args.contextValue.statements.count },
      });
    },
  }),
};

export type PeerApp = YogaServerInstance<Record<string, never>, PeerContext>;

export async function createPeerApp(driver: Driver, database: string): Promise<PeerApp> {
  const library = new Neo4jGraphQL({
    typeDefs: PEER_TYPE_DEFS,
    driver,
    // Keyset pages compare strings (documentId, id) with gt.
    features: { filters: { String: { GT: true } } },
  });
  const schema = await library.getSchema();
  return createYoga<Record<string, never>, PeerContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    logging: 'warn',
    context: () => {
      const statements: StatementCounter = { count: 0 };
      return {
        statements,
        executionContext: countingDriver(driver, statements),
        sessionConfig: { database },
      };
    },
    plugins: [reportStatementCount],
  });
}
