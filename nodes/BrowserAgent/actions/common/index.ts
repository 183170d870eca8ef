export * from './fields';
export * from './run';
export * from './schemaField';
