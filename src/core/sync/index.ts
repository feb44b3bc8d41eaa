export * from './item-meta';
export * from './merge';
export * from './protection';
export * from './rollback';
