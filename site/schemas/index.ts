export * from './common';
export * from './event';
export * from './fund';
export * from './page';
export * from './profile';
export * from './story';
export * from './time';
export * from './vocabularies';
