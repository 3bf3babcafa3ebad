export * from './core';
export * from './trading';
