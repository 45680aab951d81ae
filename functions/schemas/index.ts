/** The HTTP contract of the API (request and response bodies, the error shape and codes), shared by the forms (React islands) and the functions. */
export * from './registration';
export * from './mentor-request';
export * from './mentorship';
export * from './donation';
export * from './errors';
export * from './field-errors';
