import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/**
 * How many items each introspection list holds in this schema, on average per parent: a full
 * introspection query then costs about as many units as the values it returns.
 */
function introspectionListSizes(schema: GraphQLSchema): Map<string, number> {
  const types = Object.values(schema.getTypeMap());
  let fields = 0;
  let args = 0;
  let inputFields = 0;
  let enumValues = 0;
  let interfaces = 0;
  let possibleTypes = 0;
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      const typeFields = Object.values(type.getFields());
      fields += typeFields.length;
      args += typeFields.reduce((sum, field) => sum + field.args.length, 0);
      interfaces += type.getInterfaces().length;
    }
    if (isInterfaceType(type)) possibleTypes += schema.getImplementations(type).objects.length;
    if (isUnionType(type)) possibleTypes += type.getTypes().length;
    if (isInputObjectType(type)) inputFields += Object.keys(type.getFields()).length;
    if (isEnumType(type)) enumValues += type.getValues().length;
  }
  const directives = schema.getDirectives();
  const perType = (total: number) => Math.max(1, Math.ceil(total / types.length));
  return new Map([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', perType(fields)],
    ['__Type.inputFields', perType(inputFields)],
    ['__Type.enumValues', perType(enumValues)],
    ['__Type.interfaces', perType(interfaces)],
    ['__Type.possibleTypes', perType(possibleTypes)],
    ['__Field.args', Math.max(1, Math.ceil(args / Math.max(fields, 1)))],
    [
      '__Directive.args',
      Math.max(
        1,
        Math.ceil(directives.reduce((sum, d) => sum + d.args.length, 0) / directives.length),
      ),
    ],
    ['__Directive.locations', 4],
  ]);
}

const sizesBySchema = new WeakMap<GraphQLSchema, Map<string, number>>();

function listSizes(schema: GraphQLSchema): Map<string, number> {
  let sizes = sizesBySchema.get(schema);
  if (!sizes) {
    sizes = introspectionListSizes(schema);
    sizesBySchema.set(schema, sizes);
  }
  return sizes;
}

/**
 * The cost of the __schema and __type fields of the operation to run: one unit per field,
 * times the sizes of the introspection lists above it. Other fields are priced by Pothos.
 */
export function introspectionCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const sizes = listSizes(schema);

  const costOfSelection = (selectionSet: SelectionSetNode, typeName: string): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += 1;
        const type = schema.getType(typeName);
        if (!selection.selectionSet || !(isObjectType(type) || isInterfaceType(type))) continue;
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const multiplier = sizes.get(`${typeName}.${field.name}`) ?? 1;
        cost += multiplier * costOfSelection(selection.selectionSet, getNamedType(field.type).name);
      } else {
        const fragment =
          selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (fragment) cost += costOfSelection(fragment.selectionSet, typeName);
      }
    }
    return cost;
  };

  const costAtRoot = (selectionSet: SelectionSetNode): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if ((name === '__schema' || name === '__type') && selection.selectionSet) {
          const typeName = name === '__schema' ? '__Schema' : '__Type';
          cost += 1 + costOfSelection(selection.selectionSet, typeName);
        }
      } else {
        const fragment =
          selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (fragment) cost += costAtRoot(fragment.selectionSet);
      }
    }
    return cost;
  };

  return costAtRoot(operation.selectionSet);
}
