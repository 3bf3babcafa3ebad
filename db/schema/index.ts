export * from './core';
export * from './trading';
export * from './funds';
export * from './performance';
export * from './bidders';
