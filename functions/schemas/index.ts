/** Request schemas of the API, shared by the forms (React islands) and the functions. */
export * from './registration';
export * from './mentor-request';
export * from './donation';
export * from './field-errors';
