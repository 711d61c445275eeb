// User schemas (docs/schemas.md): the mapping, the .ksy reading the generated parser does not
// keep, and the join of decoded user fields to the tree. Running the generated parser needs Node:
// core/src/node/schemas.ts.
export * from './mapping';
export * from './ksySpec';
export * from './userFields';
export * from './ksyLayout';
export * from './ksyWrite';
