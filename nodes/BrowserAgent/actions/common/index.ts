export * from './fields';
export * from './run';
